import { existsSync, linkSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const FIX = 'test/cli/fixtures';
const ONLY_PRIV = ['--rule', 'privileged-container', '--no-config-file'];
const json = (stdout: string) => JSON.parse(stdout);
const ANSI = '\u001b[';

describe('rampart scan', () => {
  it('scans files and exits 1 when a finding is at or above --fail-on', () => {
    const r = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Pod ops/tools');
    expect(r.stdout).toContain(`${FIX}/pod.yaml:11:9`);
    expect(r.stdout).toContain('container "shell" runs privileged');
    expect(r.stdout).not.toContain(ANSI);
  });

  it('exits 0 below the threshold and when --fail-on never', () => {
    expect(rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--fail-on', 'never']).code).toBe(0);
    expect(rampart(['scan', `${FIX}/helm-output.yaml`, '--rule', 'privileged-container', '--fail-on', 'critical', '--no-config-file']).code).toBe(1);
  });

  it('reports broken YAML with file:line:column, scans the other files, and exits 2', () => {
    const r = rampart(['scan', FIX, ...ONLY_PRIV, '--format', 'json']);
    expect(r.code).toBe(2);
    const report = json(r.stdout);
    expect(report.errors).toEqual([
      expect.objectContaining({ code: 'yaml-syntax', file: `${FIX}/broken.yaml`, line: 6, column: expect.any(Number) }),
    ]);
    expect(r.stderr).toMatch(new RegExp(`^error: ${FIX}/broken.yaml:6:\\d+: invalid YAML`, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(report.findings.map((f: { object: { name: string } }) => f.object.name).sort()).toEqual(['a', 'orphan', 'shop', 'tools', 'web']);
  });

  it('refuses a document whose aliases expand too far in one line, as Kubernetes does, and scans the rest', () => {
    const bomb = 'test/inputs/fixtures/aliases-excessive.yaml';
    const r = rampart(['scan', bomb, `${FIX}/pod.yaml`, '--rule', 'host-network', '--no-config-file', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${bomb}:11:1: document contains excessive aliasing\n`);
    const report = json(r.stdout);
    expect(report.errors).toEqual([{ code: 'yaml-aliases', message: 'document contains excessive aliasing', file: bomb, line: 11 }]);
    expect(report.summary).toMatchObject({ files: 2, objects: 2, findings: 1 });
    expect(report.findings[0]).toMatchObject({ object: { name: 'plain' }, location: { file: bomb, line: 8 } });
  });

  it('counts documents that are not Kubernetes objects as skipped, with the reason', () => {
    const report = json(rampart(['scan', `${FIX}/not-k8s.yaml`, ...ONLY_PRIV, '--format', 'json']).stdout);
    expect(report.skipped).toEqual([
      { file: `${FIX}/not-k8s.yaml`, line: 2, documentIndex: 0, reason: 'not a Kubernetes object (no apiVersion and kind)' },
      { file: `${FIX}/not-k8s.yaml`, line: 6, documentIndex: 1, reason: 'not a Kubernetes object (a list, not a mapping)' },
    ]);
    expect(report.summary).toMatchObject({ objects: 0, skipped: 2, findings: 0 });
  });

  it('expands kubectl List dumps; each item keeps its own location', () => {
    const report = json(rampart(['scan', `${FIX}/kubectl-list.json`, ...ONLY_PRIV, '--format', 'json']).stdout);
    expect(report.summary.objects).toBe(2);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ object: { kind: 'Pod', namespace: 'prod', name: 'a' }, path: 'spec.containers[0].securityContext.privileged', location: { line: 9 } });
  });

  it('checks objects of a cluster dump through the controller that created them', () => {
    const report = json(rampart(['scan', `${FIX}/cluster-dump.yaml`, ...ONLY_PRIV, '--format', 'json']).stdout);
    expect(report.summary).toMatchObject({ objects: 4, derived: 2, findings: 2 });
    expect(report.findings.map((f: { object: { name: string } }) => f.object.name)).toEqual(['web', 'orphan']);
  });

  it('reads stdin and names the Helm template of each finding', () => {
    const input = readFileSync(`${FIX}/helm-output.yaml`, 'utf8');
    const r = rampart(['scan', '-', ...ONLY_PRIV, '--format', 'json'], { input });
    const finding = json(r.stdout).findings[0];
    expect(finding).toMatchObject({ helmTemplate: 'shop/templates/deployment.yaml', location: { file: '<stdin>', line: 24 } });
    const table = rampart(['scan', '-', ...ONLY_PRIV], { input }).stdout;
    expect(table).toContain('(template shop/templates/deployment.yaml)');
  });

  it('reads a document that starts with a byte order mark, from a file or stdin, and locates its fields exactly', () => {
    const file = 'test/cli/fixtures-bom/later-document.yaml';
    // The mark is really there, at the start of the second document.
    expect(readFileSync(file).indexOf(Buffer.from('\n\xef\xbb\xbfapiVersion', 'latin1'))).toBeGreaterThan(0);
    for (const [input, name] of [[file, file], ['-', '<stdin>']] as const) {
      const r = rampart(['scan', input, '--rule', 'host-network', '--no-config-file', '--format', 'json'], { input: readFileSync(file, 'utf8') });
      expect(r.code, name).toBe(1);
      const report = json(r.stdout);
      expect(report.skipped, name).toEqual([]);
      expect(report.findings.map((f: { object: { name: string }; location: unknown }) => [f.object.name, f.location]), name).toEqual([['b', { file: name, line: 11, column: 3 }]]);
    }
  });

  it('fails with exit 2 and one line for a missing path or a bad option', () => {
    const missing = rampart(['scan', 'nope/', ...ONLY_PRIV]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('nope/: no such file or directory');
    const bad = rampart(['scan', '--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--frobnicate'");
    const none = rampart(['scan']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no input');
    const badFormat = rampart(['scan', FIX, '--format', 'xml']);
    expect(badFormat.code).toBe(2);
  });

  it('reports only findings at or above --min-severity; the others neither show nor fail the run', () => {
    const all = json(rampart(['scan', `${FIX}/pod.yaml`, '--no-config-file', '--format', 'json']).stdout);
    const severities = all.findings.map((f: { severity: string }) => f.severity);
    expect(severities).toContain('critical');
    expect(severities).toContain('medium');
    expect(all.summary).toMatchObject({ minSeverity: 'info', belowMinSeverity: 0 });

    const high = rampart(['scan', `${FIX}/pod.yaml`, '--no-config-file', '--format', 'json', '--min-severity', 'high', '--fail-on', 'medium']);
    expect(high.code).toBe(1);
    const report = json(high.stdout);
    expect(report.findings.map((f: { severity: string }) => f.severity).every((s: string) => s === 'high' || s === 'critical')).toBe(true);
    expect(report.findings).toHaveLength(severities.filter((s: string) => s === 'high' || s === 'critical').length);
    expect(report.summary).toMatchObject({ minSeverity: 'high', belowMinSeverity: all.findings.length - report.findings.length, findings: report.findings.length });
    expect(report.summary.bySeverity).toMatchObject({ medium: 0, low: 0, info: 0 });

    // The medium findings are left out, so they cannot fail the run at --fail-on medium.
    const onlyMedium = rampart(['scan', `${FIX}/pod.yaml`, '--no-config-file', '--disable', 'privileged-container', '--min-severity', 'critical', '--fail-on', 'medium']);
    expect(onlyMedium.code).toBe(0);
    expect(onlyMedium.stdout).toMatch(/PASS at --fail-on medium: 0 findings in 1 object from 1 file; \d+ below --min-severity critical\n$/);
    expect(rampart(['scan', `${FIX}/pod.yaml`, '--min-severity', 'severe']).code).toBe(2);
  });

  it('writes more reports from the same run with --report FORMAT=FILE, each as its own run would', () => {
    const dir = tempDir('rampart-reports-');
    const sarif = path.join(dir, 'out.sarif');
    const junit = path.join(dir, 'out.xml');
    const args = ['scan', FIX, '--no-config-file'];
    const r = rampart([...args, '--report', `sarif=${sarif}`, '--report', `junit=${junit}`]);
    expect(r.code).toBe(2); // FIX holds a broken file
    expect(r.stdout).toContain('container "shell" runs privileged');
    expect(readFileSync(sarif, 'utf8')).toBe(rampart([...args, '--format', 'sarif']).stdout);
    // JUnit lists every scanned object, so the shared run must collect them for it.
    expect(readFileSync(junit, 'utf8')).toBe(rampart([...args, '--format', 'junit']).stdout);
    expect(readFileSync(junit, 'utf8')).toContain('<testcase classname="test/cli/fixtures/cluster-dump.yaml" name="ReplicaSet prod/web-5d9f">\n    </testcase>');
    expect(readdirSync(dir).sort()).toEqual(['out.sarif', 'out.xml']);
  });

  it('refuses a malformed --report, an unknown format and a file named twice, in one line', () => {
    const dir = tempDir('rampart-reports-');
    const file = path.join(dir, 'a.json');
    const cases: Array<[string[], string]> = [
      [['--report', 'sarif'], '--report expects FORMAT=FILE'],
      [['--report', `=${path.join(dir, 'x.sarif')}`], '--report expects FORMAT=FILE'],
      [['--report', 'sarif='], '--report expects FORMAT=FILE'],
      [['--report', `docx=${path.join(dir, 'x.docx')}`], '--report: unknown format "docx"'],
      [['--report', `json=${file}`, '--report', `sarif=${file}`], `--report json=${file} and --report sarif=${file} are the same file`],
      [['--output', file, '--report', `sarif=${file}`], `--output ${file} and --report sarif=${file} are the same file`],
    ];
    for (const [extra, message] of cases) {
      const r = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses two outputs that are one file however they are named, --baseline-write too, before anything is written', () => {
    const dir = tempDir('rampart-reports-');
    const report = path.join(dir, 'report.json');
    const refused = (extra: string[], first: string, second: string) => {
      const r = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, ...extra]);
      expect(r.stderr).toBe(`rampart scan: ${first} and ${second} are the same file; name another file for one of them\n`);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(2);
    };
    refused(['--baseline-write', report, '-o', report, '-f', 'json'], `--output ${report}`, `--baseline-write ${report}`);
    refused(['-o', report, '--report', `sarif=${path.join(dir, 'sub', '..', 'report.json')}`], `--output ${report}`, `--report sarif=${path.join(dir, 'sub', '..', 'report.json')}`);
    // Through a link to the directory, for a file not there yet.
    symlinkSync(dir, path.join(dir, 'same-dir'));
    const viaDir = path.join(dir, 'same-dir', 'report.json');
    refused(['-o', report, '--baseline-write', viaDir], `--output ${report}`, `--baseline-write ${viaDir}`);
    expect(readdirSync(dir)).toEqual(['same-dir']);
    // An existing file, through a symbolic link and a hard link.
    writeFileSync(report, 'keep');
    symlinkSync('report.json', path.join(dir, 'link.json'));
    linkSync(report, path.join(dir, 'hard.json'));
    refused(['-o', report, '--report', `sarif=${path.join(dir, 'link.json')}`], `--output ${report}`, `--report sarif=${path.join(dir, 'link.json')}`);
    refused(['--report', `junit=${path.join(dir, 'hard.json')}`, '--baseline-write', path.join(dir, 'link.json')], `--report junit=${path.join(dir, 'hard.json')}`, `--baseline-write ${path.join(dir, 'link.json')}`);
    expect(readFileSync(report, 'utf8')).toBe('keep');
    expect(readdirSync(dir).sort()).toEqual(['hard.json', 'link.json', 'report.json', 'same-dir']);
  });

  it('leaves no report behind when one of the reports cannot be written', () => {
    const dir = tempDir('rampart-reports-');
    const r = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--output', path.join(dir, 'main.json'), '--format', 'json', '--report', `sarif=${path.join(dir, 'missing', 'x.sarif')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*x\.sarif: no such directory/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes --output atomically and leaves nothing behind when it cannot', () => {
    const dir = tempDir('rampart-out-');
    const out = path.join(dir, 'report.sarif');
    const r = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--format', 'sarif', '--output', out]);
    expect(r.code).toBe(1);
    expect(json(readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(dir)).toEqual(['report.sarif']);
    const nowhere = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--output', path.join(dir, 'missing/dir/report.txt')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr.trim()).toBe(`rampart scan: cannot write ${path.join(dir, 'missing/dir/report.txt')}: no such directory`);
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('colors only when asked or on a terminal, and never with NO_COLOR', () => {
    expect(rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV], { env: { FORCE_COLOR: '1' } }).stdout).toContain(ANSI);
    expect(rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--color'], { env: { NO_COLOR: '1' } }).stdout).toContain(ANSI);
    expect(rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain(ANSI);
  });
});

describe('file encodings', () => {
  it('reads UTF-16 after its byte order mark, as kubectl does, and still refuses other files with NUL bytes', () => {
    const dir = tempDir();
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: registry.example.com/c:1.0\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pod, 'utf16le')]);
    writeFileSync(path.join(dir, 'le.yaml'), le);
    writeFileSync(path.join(dir, 'be.yaml'), Buffer.from(le.map((_, i) => le[i ^ 1]!)));
    writeFileSync(path.join(dir, 'nul.yaml'), Buffer.from('kind: Pod\n\u0000\n'));
    const r = rampart(['scan', dir, '--no-config-file', '--rule', 'host-pid', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { location: { file: string; line: number } }) => [path.basename(f.location.file), f.location.line])).toEqual([
      ['be.yaml', 6],
      ['le.yaml', 6],
    ]);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'input-binary', file: path.join(dir, 'nul.yaml') })]);
  });

  it('refuses a YAML document that is not UTF-8, as kubectl does, at its first such byte, and reads the others and JSON', () => {
    const DIR = 'test/cli/fixtures-not-utf8';
    const notUtf8 = (byte: string, reason: string) => `invalid YAML: not UTF-8 (the byte ${byte} here starts no UTF-8 character), which kubectl refuses ("${reason}"): save the file as UTF-8`;
    const r = rampart(['scan', DIR, '--no-config-file', '--rule', 'host-pid', '--format', 'json']);
    expect(r.code).toBe(2);
    const report = json(r.stdout);
    expect(report.errors).toEqual([
      { code: 'yaml-syntax', message: notUtf8('0xE9', 'invalid trailing UTF-8 octet'), file: `${DIR}/latin-1.yaml`, line: 6, column: 15 },
      { code: 'yaml-syntax', message: notUtf8('0x92', 'invalid leading UTF-8 octet'), file: `${DIR}/windows-1252.yaml`, line: 1, column: 6 },
    ]);
    // kubectl reads JSON with U+FFFD in place of such bytes, and the other document of the YAML file.
    expect(report.findings.map((f: { object: { name: string } }) => f.object.name)).toEqual(['json', 'utf8']);
    expect(r.stderr.split('\n')).toContain(`error: ${DIR}/windows-1252.yaml:1:6: ${notUtf8('0x92', 'invalid leading UTF-8 octet')}`);
    const stdin = rampart(['scan', '-', '--no-config-file', '--rule', 'host-pid'], { input: readFileSync(`${DIR}/latin-1.yaml`) });
    expect(stdin.code).toBe(2);
    expect(stdin.stdout).toContain(`error <stdin>:6:15: ${notUtf8('0xE9', 'invalid trailing UTF-8 octet')}\n`);
  });
});

describe('inputs that hold no manifest', () => {
  const EMPTY = 'test/cli/fixtures-empty';
  const STDIN_EMPTY = 'standard input (-) holds no manifest: it is empty, or holds only white space, comments or empty documents (did the command writing to it fail?)';

  it('refuses standard input without a document, as kubectl apply -f - does: one line, exit 2', () => {
    for (const input of ['', '  \n\t\n', '# nothing\n', '---\n# only comments\n---\n', readFileSync(`${EMPTY}/comments-only.yaml`, 'utf8')]) {
      const r = rampart(['scan', '-', '--no-config-file'], { input });
      expect(r.code, JSON.stringify(input)).toBe(2);
      expect(r.stdout.split('\n').filter((line) => line.startsWith('error')), JSON.stringify(input)).toEqual([`error <stdin>: ${STDIN_EMPTY}`]);
      const asJson = rampart(['scan', '-', '--no-config-file', '--format', 'json'], { input });
      expect(asJson.code).toBe(2);
      expect(asJson.stderr).toBe(`error: <stdin>: ${STDIN_EMPTY}\n`);
      const report = json(asJson.stdout);
      expect(report.errors).toEqual([{ code: 'input-empty', message: STDIN_EMPTY, file: '<stdin>' }]);
      expect(report.summary.passed).toBe(false);
    }
    // A document that is not an object is still a document: skipped and listed, as before.
    expect(rampart(['scan', '-', '--no-config-file'], { input: 'foo: bar\n' }).code).toBe(0);
  });

  it('refuses it in the other commands that read manifests too', () => {
    const map = rampart(['netpol', 'map', '-'], { input: '' });
    expect(map.code).toBe(2);
    expect(map.stderr).toBe(`error: <stdin>: ${STDIN_EMPTY}\n`);
  });

  it('warns of an empty file and of a directory without manifests, and passes', () => {
    const r = rampart(['scan', `${EMPTY}/empty.yaml`, `${EMPTY}/comments-only.yaml`, `${EMPTY}/no-manifests`, '--no-config-file', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      { code: 'input-no-manifests', message: 'no manifests found: no .yaml, .yml or .json file (nor a Helm chart or kustomization) to read in this directory or below it', file: `${EMPTY}/no-manifests` },
      { code: 'input-empty', message: 'holds no manifest: the file is empty, or holds only white space, comments or empty documents', file: `${EMPTY}/empty.yaml` },
      { code: 'input-empty', message: 'holds no manifest: the file is empty, or holds only white space, comments or empty documents', file: `${EMPTY}/comments-only.yaml` },
    ]);
    expect(report.summary).toMatchObject({ files: 2, documents: 0, passed: true });
    const table = rampart(['scan', `${EMPTY}/no-manifests`, '--no-config-file']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`warning ${EMPTY}/no-manifests: no manifests found`);
  });

  it('walks a directory of empty files without a warning for each: they count among the files read', () => {
    const report = json(rampart(['scan', EMPTY, '--no-config-file', '--format', 'json']).stdout);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toMatchObject({ files: 2, documents: 0, passed: true });
  });
});

describe('symbolic links that lead nowhere', () => {
  it('are input errors in a directory walk as when named, and the rest is scanned', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'pod.yaml'), readFileSync(`${FIX}/pod.yaml`, 'utf8'));
    symlinkSync('l2.yaml', path.join(dir, 'l1.yaml'));
    symlinkSync('l1.yaml', path.join(dir, 'l2.yaml'));
    symlinkSync('/nonexistent', path.join(dir, 'dangling.yaml'));
    const walked = rampart(['scan', dir, ...ONLY_PRIV, '--format', 'json']);
    expect(walked.code).toBe(2);
    const report = json(walked.stdout);
    const loop = 'a symbolic link that cannot be followed: it is part of a loop of links (ELOOP)';
    expect(report.errors).toEqual([
      { code: 'input-missing', message: 'a symbolic link whose target does not exist (it points to /nonexistent)', file: path.join(dir, 'dangling.yaml') },
      { code: 'input-missing', message: loop, file: path.join(dir, 'l1.yaml') },
      { code: 'input-missing', message: loop, file: path.join(dir, 'l2.yaml') },
    ]);
    expect(report.summary).toMatchObject({ files: 1, findings: 1 });
    const named = rampart(['scan', path.join(dir, 'l1.yaml'), ...ONLY_PRIV]);
    expect(named.code).toBe(2);
    expect(named.stdout).toContain(`error ${path.join(dir, 'l1.yaml')}: ${loop}\n`);
  });
});

describe('tabs in indentation, as kubectl reads them', () => {
  it('refuses the document with a blank line holding a tab, names its line, and scans the rest', () => {
    const r = rampart(['scan', 'test/cli/fixtures-indentation', '--rule', 'privileged-container', '--no-config-file', '--format', 'json']);
    expect(r.code).toBe(2);
    const report = json(r.stdout);
    expect(report.errors).toEqual([
      expect.objectContaining({ code: 'yaml-syntax', file: 'test/cli/fixtures-indentation/stray-tab.yaml', line: 9, column: 1, message: expect.stringContaining('found a tab character that violates indentation') }),
    ]);
    // The document after it, whose blank line holds spaces only, and the block scalar with tabs as content, are read.
    expect(report.findings.map((f: { object: { name: string } }) => f.object.name)).toEqual(['spaces-only']);
    expect(report.summary.objects).toBe(2);
  });
});

describe('empty sequence entries, as kubectl reads them', () => {
  it('checks the container after an empty last argument, which stays an argument of the first', () => {
    const r = rampart(['scan', 'test/cli/fixtures-yaml-entries/empty-arg.yaml', '--rule', 'privileged-container', '--no-config-file', '--format', 'json']);
    const report = json(r.stdout);
    expect(report.findings.map((f: { message: string; location: { line: number } }) => `${f.location.line} ${f.message}`)).toEqual(['17 container "sidecar" runs privileged (securityContext.privileged: true)']);
    expect(r.code).toBe(1);
  });
});

describe('templates met as files', () => {
  it('says which kind of template a broken file looks like', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'helm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  labels: {{- include "labels" . | nindent 4 }}\n');
    writeFileSync(path.join(dir, 'jinja.yaml'), '{% raw %}\napiVersion: v1\nkind: ConfigMap\n{% endraw %}\n');
    writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: [ConfigMap\n');
    const r = rampart(['scan', dir, '--no-config-file', '--format', 'json']);
    expect(r.code).toBe(2);
    const errors = (JSON.parse(r.stdout).errors as { file: string; line: number; message: string }[]).map((e) => `${path.basename(e.file)}:${e.line}: ${e.message}`);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^broken\.yaml:2: invalid YAML: [^(]*$/);
    expect(errors[1]).toMatch(/^helm\.yaml:5: invalid YAML: .* \(the file looks like an unrendered Helm template; scan the output of `helm template`\)$/);
    expect(errors[2]).toMatch(/^jinja\.yaml:1: invalid YAML: .* \(the file looks like an unrendered Jinja template; scan what it renders\)$/);
  });
});

describe('configuration', () => {
  const project = () => {
    const dir = tempDir('rampart-cfg-');
    writeFileSync(path.join(dir, 'pod.yaml'), readFileSync(`${FIX}/pod.yaml`, 'utf8'));
    return dir;
  };

  it('finds .rampart.yaml upward and applies severity overrides', () => {
    const dir = project();
    writeFileSync(path.join(dir, '.rampart.yaml'), 'rules:\n  privileged-container: low\n');
    const r = rampart(['scan', path.join(dir, 'pod.yaml'), '--rule', 'privileged-container', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings[0].severity).toBe('low');
  });

  it('honours exemptions with a reason, and retires expired ones with a warning', () => {
    const dir = project();
    const config = (expires: string) =>
      `exemptions:\n  - rules: [privileged-container]\n    namespaces: ["o*"]\n    names: [tools]\n    reason: "debug pod, approved"\n    expires: ${expires}\n`;
    writeFileSync(path.join(dir, '.rampart.yaml'), config('2027-01-01'));
    const active = json(rampart(['scan', dir, '--rule', 'privileged-container', '--format', 'json']).stdout);
    expect(active.findings).toEqual([]);
    expect(active.suppressed[0].suppression).toEqual({ kind: 'config', reason: 'debug pod, approved', expires: '2027-01-01' });
    writeFileSync(path.join(dir, '.rampart.yaml'), config('2026-01-01'));
    const expired = rampart(['scan', dir, '--rule', 'privileged-container', '--format', 'json']);
    expect(expired.code).toBe(1);
    expect(json(expired.stdout).warnings[0].message).toContain('expired on 2026-01-01');
  });

  it('exempts findings in the containers an exemption names, and only those', () => {
    const dir = tempDir('rampart-cfg-');
    writeFileSync(
      path.join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  hostPID: true\n  initContainers:\n    - {name: istio-init, image: i, securityContext: {privileged: true}}\n' +
        '  containers:\n    - {name: app, image: a, securityContext: {privileged: true}}\n    - {name: istio-proxy, image: p, securityContext: {privileged: true}}\n',
    );
    writeFileSync(path.join(dir, '.rampart.yaml'), 'exemptions:\n  - rules: [privileged-container, host-pid]\n    containers: ["istio-*"]\n    reason: "mesh sidecars, reviewed"\n');
    const report = json(rampart(['scan', dir, '--rule', 'privileged-container', '--rule', 'host-pid', '--format', 'json']).stdout);
    // host-pid is a pod setting, in no container: not exempt.
    expect(report.findings.map((f: { ruleId: string; path: string }) => `${f.ruleId} ${f.path}`).sort()).toEqual(['host-pid spec.hostPID', 'privileged-container spec.containers[0].securityContext.privileged']);
    expect(report.suppressed.map((s: { path: string }) => s.path).sort()).toEqual([
      'spec.containers[1].securityContext.privileged',
      'spec.initContainers[0].securityContext.privileged',
    ]);
  });

  it('matches namespaces against the namespace an object lands in, or with namespaceAsWritten the one its manifest writes', () => {
    const dir = tempDir('rampart-cfg-');
    const pod = (name: string, metadata: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}${metadata}}\nspec:\n  containers: [{name: c, image: i, securityContext: {privileged: true}}]\n`;
    writeFileSync(path.join(dir, 'pods.yaml'), [pod('unset', ''), pod('written', ', namespace: default'), pod('other', ', namespace: shop')].join('---\n'));
    const reported = (written: boolean) => {
      writeFileSync(path.join(dir, '.rampart.yaml'), `exemptions:\n  - rules: [privileged-container]\n    namespaces: [default]\n${written ? '    namespaceAsWritten: true\n' : ''}    reason: "test pods"\n`);
      return json(rampart(['scan', dir, '--rule', 'privileged-container', '--format', 'json']).stdout).findings.map((f: { object: { name: string } }) => f.object.name);
    };
    // An object that names no namespace lands in default.
    expect(reported(false)).toEqual(['other']);
    expect(reported(true)).toEqual(['unset', 'other']);
  });

  it('warns about an exemption for kinds none of its rules reports on', () => {
    const dir = project();
    const config = (kinds: string, rules: string) => `exemptions:\n  - rules: [${rules}]\n    kinds: [${kinds}]\n    reason: "platform team"\n`;
    const warnings = (kinds: string, rules: string) => {
      writeFileSync(path.join(dir, '.rampart.yaml'), config(kinds, rules));
      return json(rampart(['scan', dir, '--rule', 'privileged-container', '--format', 'json']).stdout).warnings as Array<{ code: string; message: string }>;
    };
    // privileged-container reports workloads, never a ClusterRoleBinding or a subject.
    expect(warnings('ClusterRoleBinding', 'privileged-container')).toEqual([
      expect.objectContaining({
        code: 'exemption-matches-nothing',
        message: 'exemption for kinds ClusterRoleBinding silences nothing: none of its rules reports on objects of those kinds (platform team)',
      }),
    ]);
    expect(warnings('User', 'cluster-admin-binding')).toEqual([expect.objectContaining({ code: 'exemption-matches-nothing' })]);
    expect(warnings('"Pod*"', 'privileged-container')).toEqual([]);
    expect(warnings('ClusterRoleBinding', '"*"')).toEqual([]);
    expect(warnings('"Cluster*"', '"rbac-*"')).toEqual([]);
  });

  it('rejects an invalid config with a one-line error naming the file', () => {
    const dir = project();
    writeFileSync(path.join(dir, '.rampart.yaml'), 'exemptions:\n  - rules: [privileged-container]\n');
    const r = rampart(['scan', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('.rampart.yaml:2:5: invalid config at exemptions.0.reason');
    writeFileSync(path.join(dir, '.rampart.yaml'), 'rules:\n  no-such-rule: off\n');
    expect(rampart(['scan', dir]).stderr).toContain('.rampart.yaml:2:3: unknown rule "no-such-rule"');
  });

  it('places errors found once the config is loaded (a rule parameter, an unknown rule in an exemption) at their line and column', () => {
    const dir = project();
    const config = ['rules:', '  untrusted-registry:', '    params:', '      allowed: [registry.example.com, 7]', 'exemptions:', '  - rules: [privileged-container, no-such-rule]', '    reason: test', ''];
    writeFileSync(path.join(dir, '.rampart.yaml'), config.join('\n'));
    const r = rampart(['scan', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.rampart.yaml:6:35: unknown rule "no-such-rule" in exemptions');
    expect(r.stderr).toContain('.rampart.yaml:4:39: invalid params for rule "untrusted-registry": allowed.1: ');
  });

  it('honours rampart.dev/ignore only with a reason, and can refuse it', () => {
    const dir = project();
    const annotated = (reason: string) =>
      readFileSync(`${FIX}/pod.yaml`, 'utf8').replace('  namespace: ops\n', `  namespace: ops\n  annotations:\n    rampart.dev/ignore: privileged-container\n${reason}`);
    writeFileSync(path.join(dir, 'pod.yaml'), annotated('    rampart.dev/ignore-reason: break-glass pod\n'));
    const args = ['scan', dir, ...ONLY_PRIV, '--format', 'json'];
    expect(json(rampart(args).stdout).summary).toMatchObject({ findings: 0, suppressed: 1 });
    expect(json(rampart([...args, '--no-annotation-ignore']).stdout).summary).toMatchObject({ findings: 1, suppressed: 0 });
    writeFileSync(path.join(dir, 'pod.yaml'), annotated(''));
    const unexplained = json(rampart(args).stdout);
    expect(unexplained.summary.findings).toBe(1);
    expect(unexplained.warnings[0].message).toContain('not honoured without rampart.dev/ignore-reason');
    // The annotation's own line and column.
    const lines = annotated('').split('\n');
    const at = lines.findIndex((l) => l.includes('rampart.dev/ignore:'));
    expect(unexplained.warnings[0]).toMatchObject({ line: at + 1, column: (lines[at] ?? '').indexOf('rampart') + 1 });
  });

  it('warns of an id in rampart.dev/ignore that names no rule, built in or custom, and still reports the finding', () => {
    const dir = project();
    writeFileSync(path.join(dir, '.rampart.yaml'), 'customRules:\n  - id: no-quay-images\n    title: Image pulled from quay.io\n    severity: high\n    target: container\n    schema: {type: object, properties: {image: {type: string, not: {pattern: "^quay\\\\.io/"}}}}\n');
    const annotated = (ids: string) =>
      readFileSync(`${FIX}/pod.yaml`, 'utf8').replace('  namespace: ops\n', `  namespace: ops\n  annotations:\n    rampart.dev/ignore: "${ids}"\n    rampart.dev/ignore-reason: r\n`);
    writeFileSync(path.join(dir, 'pod.yaml'), annotated('privileged-contianer, no-quay-images, *, host-*'));
    const report = json(rampart(['scan', dir, '--rule', 'privileged-container', '--format', 'json']).stdout);
    const lines = annotated('').split('\n');
    const at = lines.findIndex((l) => l.includes('rampart.dev/ignore:'));
    expect(report.warnings).toEqual([
      {
        code: 'ignore-unknown-rule',
        message: 'Pod tools: rampart.dev/ignore names unknown rules "privileged-contianer", "host-*", which exempts nothing (see `rampart rules`; ids are matched exactly, * for every rule)',
        file: path.join(dir, 'pod.yaml'),
        line: at + 1,
        column: (lines[at] ?? '').indexOf('rampart') + 1,
      },
    ]);
    // `*` still exempts everything; the warning changes nothing else.
    expect(report.summary).toMatchObject({ findings: 0, suppressed: 1 });
    writeFileSync(path.join(dir, 'pod.yaml'), annotated('privileged-contianer'));
    const typo = rampart(['scan', dir, '--rule', 'privileged-container']);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain('rampart.dev/ignore names an unknown rule "privileged-contianer", which exempts nothing');
    // A known id, custom or built in, and enabled or not, is no warning.
    writeFileSync(path.join(dir, 'pod.yaml'), annotated('no-quay-images, host-network'));
    expect(json(rampart(['scan', dir, '--rule', 'privileged-container', '--format', 'json']).stdout).warnings).toEqual([]);
  });

  it('takes minSeverity from .rampart.yaml; --min-severity wins over it', () => {
    const dir = project();
    writeFileSync(path.join(dir, '.rampart.yaml'), 'minSeverity: critical\n');
    const fromConfig = json(rampart(['scan', dir, '--format', 'json']).stdout);
    expect(fromConfig.summary.minSeverity).toBe('critical');
    expect(fromConfig.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['privileged-container']);
    const fromFlag = json(rampart(['scan', dir, '--format', 'json', '--min-severity', 'info']).stdout);
    expect(fromFlag.summary).toMatchObject({ minSeverity: 'info', belowMinSeverity: 0 });
    expect(fromFlag.findings.length).toBeGreaterThan(1);
  });

  it('leaves exempted findings below --min-severity out of the suppressed list too, and counts them', () => {
    const dir = project();
    writeFileSync(path.join(dir, '.rampart.yaml'), 'rules:\n  privileged-container: low\nexemptions:\n  - rules: [privileged-container]\n    reason: "debug pod, approved"\n');
    const args = ['scan', dir, '--rule', 'privileged-container', '--format', 'json'];
    expect(json(rampart(args).stdout).summary).toMatchObject({ suppressed: 1, belowMinSeverity: 0 });
    const above = json(rampart([...args, '--min-severity', 'medium']).stdout);
    expect(above.suppressed).toEqual([]);
    expect(above.summary).toMatchObject({ findings: 0, suppressed: 0, belowMinSeverity: 1 });
  });

  it('reports only new findings against a baseline', () => {
    const dir = project();
    const baseline = path.join(dir, 'baseline.json');
    const write = rampart(['scan', dir, ...ONLY_PRIV, '--baseline-write', baseline]);
    expect(write.code).toBe(0);
    // The summary agrees with the exit code: writing a baseline accepts the findings.
    expect(write.stdout).toMatch(/^PASS: 1 finding /m);
    expect(json(readFileSync(baseline, 'utf8')).findings).toHaveLength(1);
    const again = rampart(['scan', dir, ...ONLY_PRIV, '--baseline', baseline, '--format', 'json']);
    expect(again.code).toBe(0);
    expect(json(again.stdout).summary).toMatchObject({ findings: 0, baselined: 1 });
    writeFileSync(path.join(dir, 'more.yaml'), readFileSync(`${FIX}/pod.yaml`, 'utf8').replace('name: tools', 'name: new-tools'));
    const fresh = rampart(['scan', dir, ...ONLY_PRIV, '--baseline', baseline, '--format', 'json']);
    expect(fresh.code).toBe(1);
    expect(json(fresh.stdout).findings.map((f: { object: { name: string } }) => f.object.name)).toEqual(['new-tools']);
    const corrupt = path.join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"findings": 3}');
    expect(rampart(['scan', dir, '--baseline', corrupt]).code).toBe(2);
  });

  describe('baseline entries follow containers by name', () => {
    const BASE = 'test/cli/fixtures-baseline';
    const withBaseline = (file: string, baseline: string) => {
      const r = rampart(['scan', `${BASE}/${file}`, ...ONLY_PRIV, '--baseline', baseline, '--format', 'json']);
      return { code: r.code, report: json(r.stdout) };
    };
    const written = () => {
      const baseline = path.join(tempDir(), 'baseline.json');
      expect(rampart(['scan', `${BASE}/legacy.yaml`, ...ONLY_PRIV, '--baseline-write', baseline]).code).toBe(0);
      return baseline;
    };

    it('reports a new privileged container inserted before the baselined one, once that one is fixed', () => {
      const { code, report } = withBaseline('inserted.yaml', written());
      expect(code).toBe(1);
      expect(report.summary).toMatchObject({ findings: 1, baselined: 0 });
      expect(report.findings[0].message).toContain('"new-sidecar"');
    });

    it('keeps a baselined finding baselined when the containers are reordered', () => {
      const { code, report } = withBaseline('reordered.yaml', written());
      expect(code).toBe(0);
      expect(report.summary).toMatchObject({ findings: 0, baselined: 1 });
    });

    it('matches a baseline file without identities (earlier versions) by fingerprint, as before', () => {
      const old = `${BASE}/old-baseline.json`;
      expect(withBaseline('legacy.yaml', old).report.summary).toMatchObject({ findings: 0, baselined: 1 });
      expect(withBaseline('inserted.yaml', old).report.summary).toMatchObject({ findings: 0, baselined: 1 });
      expect(withBaseline('reordered.yaml', old).report.summary).toMatchObject({ findings: 1, baselined: 0 });
    });

    it('writes the fingerprint of each entry unchanged, next to its identity', () => {
      const entries = json(readFileSync(written(), 'utf8')).findings;
      const old = json(readFileSync(`${BASE}/old-baseline.json`, 'utf8')).findings;
      expect(entries).toEqual([{ ...old[0], identity: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
      expect(entries[0].identity).not.toBe(entries[0].fingerprint);
    });
  });

  it('says in words why a baseline file cannot be read', () => {
    const missing = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--baseline', 'test/cli/no-such-baseline.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('rampart scan: test/cli/no-such-baseline.json: cannot read baseline: no such file or directory\n');
    expect(rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--baseline', FIX]).stderr).toContain('cannot read baseline: is a directory');
    // Invalid JSON: one line, with the line and column, and nothing from the file reaching the terminal raw.
    const hostile = path.join(tempDir(), 'baseline.json');
    writeFileSync(hostile, '{\n  "schemaVersion": "1",\n  "findings": [\u001b]0;owned\u0007\n\n\n]}');
    const invalid = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--baseline', hostile]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe(`rampart scan: ${hostile}:3:16: cannot read baseline: not valid JSON: unexpected "\\x1b" where a value should be\n`);
  });

  it('reads a baseline file that begins with a byte order mark', () => {
    const dir = tempDir();
    const baseline = path.join(dir, 'baseline.json');
    expect(rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--baseline-write', baseline]).code).toBe(0);
    writeFileSync(baseline, `\uFEFF${readFileSync(baseline, 'utf8')}`);
    const r = rampart(['scan', `${FIX}/pod.yaml`, ...ONLY_PRIV, '--baseline', baseline, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary).toMatchObject({ findings: 0, baselined: 1 });
  });
});

describe('a configuration file that cannot be read', () => {
  it.each([
    ['test/cli/no-such-config.yaml', 'no such file or directory'],
    ['test/cli', 'is a directory'],
  ])('says why in words (%s)', (config, why) => {
    const r = rampart(['scan', 'examples', '--config', config]);
    expect(r.stderr.trim()).toBe(`rampart scan: ${config}: cannot read config: ${why}`);
    expect(r.code).toBe(2);
  });
});

describe('help, version and rules', () => {
  it.each([[['--help']], [['scan', '--help']], [['rules', '--help']], [['rules', 'explain', '--help']]])('%j exits 0 with usage', (args) => {
    const r = rampart(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: rampart');
  });

  it('prints the version', () => {
    const r = rampart(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('lists rules and explains one', () => {
    const list = rampart(['rules', '--format', 'json']);
    expect(json(list.stdout).find((r: { id: string }) => r.id === 'privileged-container')).toMatchObject({ severity: 'critical' });
    const explain = rampart(['rules', 'explain', 'privileged-container']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('How to fix it');
    const unknown = rampart(['rules', 'explain', 'privileged']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean: privileged-container');
  });

  it('names the same check in other tools, and explains another tool\'s check id by the Rampart rules for it', () => {
    const explain = rampart(['rules', 'explain', 'privileged-container']);
    expect(explain.stdout).toContain('The same check in other tools\n  kube-linter: privileged-container\n');
    expect(explain.stdout).toContain('  Checkov: CKV_K8S_16\n');
    expect(json(rampart(['rules', '--format', 'json']).stdout).find((r: { id: string }) => r.id === 'host-pid').equivalents).toMatchObject({ Checkov: ['CKV_K8S_17'], Polaris: ['hostPIDSet'] });
    for (const id of ['KSV01011', 'AVD-KSV-01011', 'ksv-01011']) {
      expect(rampart(['rules', 'explain', id]).stdout.split('\n')[0]).toMatch(/^Trivy KSV-01011 has no exact equivalent in Rampart .*binding-to-system-group/);
    }
    for (const id of ['KSV017', 'ksv-0017', 'AVD-KSV-0017', 'ckv_k8s_16', 'runAsPrivileged', 'Privileged']) {
      const other = rampart(['rules', 'explain', id]);
      expect(other.code).toBe(0);
      expect(other.stdout).toMatch(/^\S+ \S+ is checked by Rampart rule privileged-container\n\nprivileged-container {2}critical/);
    }
    const two = rampart(['rules', 'explain', 'run-as-non-root']);
    expect(two.stdout.split('\n')[0]).toMatch(/^kube-linter run-as-non-root is checked by Rampart rules root-group, run-as-non-root-not-set, which check less: kube-linter also requires runAsGroup/);
    const answer = json(rampart(['rules', 'explain', 'C-0057', '--format', 'json']).stdout);
    expect(answer).toEqual([{ tool: 'Kubescape', id: 'C-0057', rules: [expect.objectContaining({ id: 'privileged-container' })] }]);
    // A check whose concept's rules report more than it says so, and what its exemptions silence.
    expect(rampart(['rules', 'explain', 'tlsSettingsMissing']).stdout.split('\n')[0]).toBe(
      "Polaris tlsSettingsMissing has no exact equivalent in Rampart (its exemptions silence no rule); ingress-without-tls also reports hosts that the Ingress's tls entries do not cover.",
    );
    // A check of some kinds of object only names the rules its exemptions silence on them.
    const onKinds = rampart(['rules', 'explain', 'deploymentMissingReplicas']);
    expect(onKinds.stdout.split('\n')[0]).toBe(
      'Polaris deploymentMissingReplicas is checked on Deployment objects by Rampart rule too-few-replicas (its exemptions silence it there only); too-few-replicas also reports StatefulSets and other replicated controllers; Polaris checks Deployments only.',
    );
    expect(onKinds.stdout).toContain('\ntoo-few-replicas  low');
    // An id the coverage table names only within a range of the tool's checks.
    for (const id of ['CKV_K8S_138', 'ckv_k8s_68', 'AVD-KCV-0001']) {
      const ranged = rampart(['rules', 'explain', id]);
      expect(ranged.code).toBe(0);
      expect(ranged.stdout).toMatch(/^(Checkov CKV_K8S_(138|68) is one of its checks CKV_K8S_68\.\.CKV_K8S_151|Trivy KCV-0001 is one of its checks KCV-0001\.\.KCV-0092) \("Control-plane \/ kubelet flags in static-pod manifests \(CIS\)"\), which Rampart checks as a whole with kube-apiserver-insecure-flags, .*kubelet-insecure-flags.* its exemptions silence no rule/);
    }
    expect(json(rampart(['rules', 'explain', 'CKV_K8S_140', '--format', 'json']).stdout)).toEqual([
      expect.objectContaining({ tool: 'Checkov', id: 'CKV_K8S_140', range: 'CKV_K8S_68..CKV_K8S_151', rules: expect.arrayContaining(['kubelet-insecure-flags', 'kubeadm-insecure-flags']) }),
    ]);
    // Kubescape's CIS controls, whose ids are written with four digits, and a single id of the concept.
    expect(json(rampart(['rules', 'explain', 'c-0113', '--format', 'json']).stdout)).toEqual([
      expect.objectContaining({ tool: 'Kubescape', id: 'C-0113', range: 'C-0092..C-0184', rules: expect.arrayContaining(['kube-apiserver-insecure-flags']) }),
    ]);
    expect(rampart(['rules', 'explain', 'C-0291']).stdout).toMatch(/^Kubescape C-0291 is one of its checks C-0290\.\.C-0291 .*kube-proxy-insecure-flags/);
    expect(rampart(['rules', 'explain', 'C-0277']).stdout).toMatch(/^Kubescape C-0277 is one of its checks of "Control-plane/);
    // A check inside a range that no rule checks gives the reason and silences nothing.
    expect(rampart(['rules', 'explain', 'CKV_K8S_147']).stdout).toMatch(/^Checkov CKV_K8S_147 is one of its checks CKV_K8S_68\.\.CKV_K8S_151 \(".*"\), but no Rampart rule checks what it checks: --event-qps has no threshold .*\. Its exemptions silence no rule\.\n$/);
    expect(json(rampart(['rules', 'explain', 'C-0092', '--format', 'json']).stdout)).toEqual([
      expect.objectContaining({ tool: 'Kubescape', id: 'C-0092', rules: [], notChecked: expect.stringContaining('permissions and ownership of files') }),
    ]);
    // A check of no concept that no rule checks says why.
    expect(rampart(['rules', 'explain', 'c-0205']).stdout).toMatch(/^Kubescape C-0205 is not checked by any Rampart rule: CIS 5\.3\.1: .*CNI.*\. Its exemptions silence no rule\.\n$/);
    expect(json(rampart(['rules', 'explain', 'C-0205', '--format', 'json']).stdout)).toEqual([expect.objectContaining({ tool: 'Kubescape', id: 'C-0205', rules: [], notChecked: expect.any(String) })]);
    expect(rampart(['rules', 'explain', 'CKV_K8S_152']).stdout.split('\n')[0]).toMatch(/^Checkov CKV_K8S_152 has no exact equivalent in Rampart \(its exemptions silence no rule\); ingress-nginx-snippet-annotation reports/);
    expect(rampart(['rules', 'explain', 'CKV_K8S_999']).code).toBe(2);
    expect(json(rampart(['rules', 'explain', 'missingPodDisruptionBudget', '--format', 'json']).stdout)).toEqual([
      expect.objectContaining({ rules: [], onKinds: { kinds: ['Deployment'], rules: ['missing-pod-disruption-budget'] } }),
    ]);
    // A check the rules cover only in part says what they leave out.
    const narrower = json(rampart(['rules', 'explain', 'exposed-services', '--format', 'json']).stdout);
    expect(narrower).toEqual([expect.objectContaining({ tool: 'kube-linter', id: 'exposed-services', narrower: expect.stringContaining('LoadBalancer') })]);
  });
});

describe('text kubectl ignores or refuses around documents', () => {
  it("scans what kubectl applies: a flow mapping with a brace too many, nothing after a '...' line; refuses a --- line with a document on it", () => {
    const r = rampart(['scan', 'test/cli/fixtures-yaml-ignored', '--rule', 'privileged-container', '--no-config-file', '--format', 'json']);
    const report = json(r.stdout);
    const where = (p: { file: string; line: number; column: number }) => `${path.basename(p.file)}:${p.line}:${p.column}`;
    expect(report.findings.map((f: { object: { name: string }; location: { file: string; line: number; column: number } }) => `${f.object.name} ${where(f.location)}`)).toEqual([
      'applied document-end.yaml:32:9',
      'flow extra-brace.yaml:2:141',
    ]);
    expect(report.warnings.map((w: { code: string; file: string; line: number; column: number }) => `${w.code} ${where(w)}`)).toEqual([
      'yaml-ignored-text document-end.yaml:10:1',
      'yaml-ignored-text extra-brace.yaml:2:162',
    ]);
    expect(report.errors.map((e: { code: string; file: string; line: number; column: number }) => `${e.code} ${where(e)}`)).toEqual(['yaml-syntax separator-with-content.yaml:4:5']);
    expect(r.code).toBe(2);
  });
});

describe('flow collections, as kubectl reads them', () => {
  it('reads a bare "-" argument, and refuses a "?" that kubectl reads as a key indicator, naming where', () => {
    const r = rampart(['scan', 'test/cli/fixtures-yaml-flow', '--rule', 'privileged-container', '--no-config-file', '--format', 'json']);
    const report = json(r.stdout);
    expect(report.findings.map((f: { message: string; location: { file: string; line: number } }) => `${path.basename(f.location.file)}:${f.location.line} ${f.message}`)).toEqual([
      'stdin-dash.yaml:15 container "apply" runs privileged (securityContext.privileged: true)',
    ]);
    expect(report.errors).toEqual([
      {
        code: 'yaml-syntax',
        message: 'invalid YAML: did not find expected \',\' or \']\' (in a flow collection, kubectl reads this "?" as a key indicator: quote the value)',
        file: 'test/cli/fixtures-yaml-flow/query-in-flow.yaml',
        line: 11,
        column: 47,
      },
    ]);
    expect(report.summary.objects).toBe(2);
    expect(r.code).toBe(2);
  });
});
