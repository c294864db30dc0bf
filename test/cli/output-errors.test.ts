import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const SHOP = 'examples/shop';

describe('a report file that cannot be written', () => {
  const dir = tempDir('rampart-output-errors-');
  const missing = path.join(dir, 'missing', 'report.out');
  const commands: ReadonlyArray<readonly string[]> = [
    ['rbac', 'risks', SHOP],
    ['netpol', 'map', SHOP],
    ['netpol', 'diff', SHOP, SHOP],
    ['netpol', 'generate', SHOP],
    ['rules'],
    ['pss', 'check', SHOP],
    ['rbac', 'paths', SHOP],
    ['rbac', 'can', 'system:serviceaccount:shop:api', SHOP],
    ['netpol', 'explain', 'shop/api', 'shop/db', 'test/netpol/fixtures/shop'],
  ];

  it.each(commands)('gets one line naming the command, the file and why, and exit 2 (%s %s)', (...args) => {
    const r = rampart([...args, '--output', missing]);
    const name = args.slice(0, args[0] === 'rules' ? 1 : 2).join(' ');
    expect(r.stderr.trim()).toBe(`rampart ${name}: cannot write ${missing}: no such directory`);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says so when the path is a directory', () => {
    const r = rampart(['netpol', 'map', SHOP, '--output', dir]);
    expect(r.stderr.trim()).toBe(`rampart netpol map: cannot write ${dir}: it is a directory`);
    expect(r.code).toBe(2);
  });
});

describe('--output on every command that writes a report', () => {
  const dir = tempDir('rampart-output-');
  const commands: ReadonlyArray<readonly string[]> = [
    ['pss', 'check', SHOP, '--format', 'json'],
    ['rbac', 'paths', SHOP, '--to', 'system:serviceaccount:shop:api'],
    ['rbac', 'can', 'system:serviceaccount:shop:api', SHOP],
    ['rbac', 'minimize', '--audit-log', 'test/conformance/rbac/audit2rbac/demo.log', '--subject', 'alice'],
    ['netpol', 'explain', 'shop/api', 'shop/db', 'test/netpol/fixtures/shop', '--port', '5432/TCP'],
    ['admission', 'test', 'test/admission/fixtures/manifests', '--config', 'test/admission/fixtures/rampart.yaml'],
  ];

  it.each(commands)('writes to the file what it writes to stdout, with the same exit code (%s %s)', (...args) => {
    const printed = rampart(args);
    const file = path.join(dir, `${args.slice(0, 2).join('-')}.out`);
    const written = rampart([...args, '--output', file]);
    expect(printed.stdout.length).toBeGreaterThan(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
    expect(written.code).toBe(printed.code);
  });
});

describe('reports to a pipe or device named as --output, and standard output that cannot be written', () => {
  it('writes --output /dev/fd/1 (a pipe here, which has no real path) to the pipe', () => {
    const printed = rampart(['scan', SHOP, '--format', 'json']);
    const r = rampart(['scan', SHOP, '--format', 'json', '--output', '/dev/fd/1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(printed.stdout);
    expect(r.code).toBe(printed.code);
  });

  it('ends with one line and exit 2 when standard output is a full device, even with --fail-on never', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [...CLI, 'scan', SHOP, '--format', 'sarif', '--fail-on', 'never'], {
        cwd: REPO_ROOT,
        stdio: ['ignore', fd, 'pipe'],
        encoding: 'utf8',
      });
      expect(r.stderr.trim()).toBe('rampart scan: cannot write standard output: no space left on device');
      expect(r.status).toBe(2);
    } finally {
      closeSync(fd);
    }
  });
});

describe('--output /dev/stdout when standard output is a file', () => {
  it('writes into that file as opened (appending to `>> log` here), not replacing it', () => {
    const dir = tempDir('rampart-stdout-file-');
    const file = path.join(dir, 'out.txt');
    writeFileSync(file, 'earlier output\n');
    const fd = openSync(file, 'a');
    try {
      spawnSync(process.execPath, [...CLI, 'scan', SHOP, '--output', '/dev/stdout'], {
        cwd: REPO_ROOT,
        stdio: ['ignore', fd, 'pipe'],
      });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(`earlier output\n${rampart(['scan', SHOP]).stdout}`);
  });
});

describe('a report file that is one of the files scanned', () => {
  it.each([['--output'], ['--report', 'sarif=']])('is refused before anything is written (%s)', (...flag) => {
    const dir = tempDir('rampart-same-file-');
    const manifest = path.join(dir, 'pod.yaml');
    writeFileSync(manifest, readFileSync('examples/shop/storefront.yaml', 'utf8'));
    const args = flag.length === 1 ? [flag[0] as string, manifest] : [flag[0] as string, `${flag[1]}${manifest}`];
    const r = rampart(['scan', dir, ...args]);
    expect(r.stderr.trim()).toBe(`rampart scan: cannot write ${manifest}: it is a file being scanned (${manifest}); name another file for the report`);
    expect(r.code).toBe(2);
    expect(readFileSync(manifest, 'utf8')).toBe(readFileSync('examples/shop/storefront.yaml', 'utf8'));
  });

  it('is refused for --baseline-write too, before anything is written', () => {
    const dir = tempDir('rampart-same-file-');
    const manifest = path.join(dir, 'pod.yaml');
    const original = readFileSync('examples/shop/storefront.yaml', 'utf8');
    writeFileSync(manifest, original);
    const report = path.join(dir, 'report.json');
    const r = rampart(['scan', manifest, '--baseline-write', manifest, '-o', report]);
    expect(r.stderr).toBe(`rampart scan: cannot write ${manifest}: it is a file being scanned (${manifest}); name another file for the baseline\n`);
    expect(r.code).toBe(2);
    expect(readFileSync(manifest, 'utf8')).toBe(original);
    expect(readdirSync(dir)).toEqual(['pod.yaml']);
  });

  it('lets --baseline-write refresh a baseline in place: the one read with --baseline, or one in a directory scanned', () => {
    const dir = tempDir('rampart-same-file-');
    writeFileSync(path.join(dir, 'pod.yaml'), readFileSync('examples/shop/storefront.yaml', 'utf8'));
    const baseline = path.join(dir, '.rampart-baseline.json');
    expect(rampart(['scan', dir, '--baseline-write', baseline]).code).toBe(0);
    const written = readFileSync(baseline, 'utf8');
    // Run again: the baseline is now one of the files scanned (a JSON file in the directory).
    const again = rampart(['scan', dir, '--baseline-write', baseline, '--format', 'json']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(readFileSync(baseline, 'utf8')).toBe(written);
    const refreshed = rampart(['scan', path.join(dir, 'pod.yaml'), '--baseline', baseline, '--baseline-write', baseline]);
    expect(refreshed.stderr).toBe('');
    expect(refreshed.code).toBe(0);
    expect(readFileSync(baseline, 'utf8')).toBe(written);
  });

  it("is not a report Rampart wrote there before: a JSON, SARIF or GitLab report is skipped in the walk, and replaced", () => {
    const dir = tempDir('rampart-same-file-');
    writeFileSync(path.join(dir, 'pod.yaml'), readFileSync('examples/shop/storefront.yaml', 'utf8'));
    writeFileSync(path.join(dir, 'clean.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n');
    const reports = ['--report', 'gitlab=gl-code-quality.json', '--report', 'sarif=rampart.sarif.json', '--report', 'json=report.json'];
    const first = rampart(['scan', '.', ...reports], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    // Run again where they lie: each is Rampart's own, not an input.
    const again = rampart(['scan', '.', ...reports, '--format', 'json'], { cwd: dir });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).skipped.map((s: { file: string; reason: string }) => [s.file, s.reason])).toEqual([
      ['gl-code-quality.json', 'a GitLab Code Quality report written by Rampart'],
      ['rampart.sarif.json', 'a SARIF report written by Rampart'],
      ['report.json', 'a JSON report or baseline file written by Rampart'],
    ]);
    expect(JSON.parse(again.stdout).summary.files).toBe(2);
    // An empty GitLab report (a scan without findings), and SARIF written with -o.
    const clean = ['clean.yaml', '--rule', 'privileged-container'];
    expect(rampart(['scan', ...clean, '--report', 'gitlab=empty.json'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'empty.json'), 'utf8')).toBe('[]\n');
    expect(rampart(['scan', '.', '--rule', 'privileged-container', '-f', 'sarif', '-o', 'rampart.sarif.json', '--report', 'gitlab=empty.json'], { cwd: dir })).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(readFileSync(path.join(dir, 'rampart.sarif.json'), 'utf8')).runs[0].tool.driver.name).toBe('Rampart');
  });

  it("still refuses to replace another tool's report that is read as a file being scanned", () => {
    const dir = tempDir('rampart-same-file-');
    writeFileSync(path.join(dir, 'pod.yaml'), readFileSync('examples/shop/storefront.yaml', 'utf8'));
    const trivy = '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n    {\n      "tool": {"driver": {"name": "Trivy"}},\n      "results": []\n    }\n  ]\n}\n';
    writeFileSync(path.join(dir, 'trivy.sarif.json'), trivy);
    writeFileSync(path.join(dir, 'gl.json'), '[{"type": "issue", "check_name": "x", "description": "y"}]\n');
    for (const report of ['sarif=trivy.sarif.json', 'gitlab=gl.json']) {
      const r = rampart(['scan', '.', '--report', report], { cwd: dir });
      const file = report.slice(report.indexOf('=') + 1);
      expect(r.stderr).toBe(`rampart scan: cannot write ${file}: it is a file being scanned (${file}); name another file for the report\n`);
      expect(r.code).toBe(2);
    }
    expect(readFileSync(path.join(dir, 'trivy.sarif.json'), 'utf8')).toBe(trivy);
  });

  it('includes the baseline file read: a report must not replace it', () => {
    const dir = tempDir('rampart-same-file-');
    const baseline = path.join(dir, 'baseline.json');
    expect(rampart(['scan', SHOP, '--baseline-write', baseline]).code).toBe(0);
    const written = readFileSync(baseline, 'utf8');
    const r = rampart(['scan', SHOP, '--baseline', baseline, '--report', `sarif=${baseline}`]);
    expect(r.stderr).toBe(`rampart scan: cannot write ${baseline}: it is the baseline file read (--baseline ${baseline}); name another file for the report\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(readFileSync(baseline, 'utf8')).toBe(written);
  });
});

describe('- as an output file: standard output', () => {
  const shop = path.join(REPO_ROOT, SHOP);

  it.each([
    ['scan', shop, '--format', 'json'],
    ['rules'],
    ['netpol', 'map', shop],
    ['rbac', 'risks', shop],
    ['admission', 'manifests', '--cert-manager'],
  ])('-o - writes to standard output what no --output does, and no file named - (%s %s)', (...args) => {
    const cwd = tempDir('rampart-dash-');
    const printed = rampart(args, { cwd });
    const dash = rampart([...args, '-o', '-'], { cwd });
    expect(dash.stderr).toBe(printed.stderr);
    expect(dash.stdout).toBe(printed.stdout);
    expect(dash.code).toBe(printed.code);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('sends --report FORMAT=- and --baseline-write - to standard output when the main report goes to a file', () => {
    const cwd = tempDir('rampart-dash-');
    const sarif = rampart(['scan', shop, '--report', 'sarif=-', '--output', 'report.txt'], { cwd });
    expect(sarif.stdout).toBe(rampart(['scan', shop, '--format', 'sarif'], { cwd }).stdout);
    expect(readFileSync(path.join(cwd, 'report.txt'), 'utf8')).toBe(rampart(['scan', shop], { cwd }).stdout);
    const baseline = rampart(['scan', shop, '--baseline-write', '-', '-o', 'report.txt'], { cwd });
    expect(baseline.code).toBe(0);
    expect(JSON.parse(baseline.stdout)).toMatchObject({ schemaVersion: '1' });
    expect(readdirSync(cwd)).toEqual(['report.txt']);
  });

  it.each([
    [['--report', 'sarif=-'], 'the table report and --report sarif=- both write to standard output; name a file for one of them'],
    [['-o', '-', '--report', 'sarif=-'], 'the table report and --report sarif=- both write to standard output; name a file for one of them'],
    [['-o', 'x.json', '--report', 'sarif=-', '--report', 'junit=-'], '--report sarif=- and --report junit=- both write to standard output; name a file for one of them'],
    [['--baseline-write', '-'], 'the table report and --baseline-write - both write to standard output; name a file for one of them'],
  ])('refuses two outputs to standard output in one line, before anything is written (%s)', (extra, message) => {
    const cwd = tempDir('rampart-dash-');
    const r = rampart(['scan', shop, ...extra], { cwd });
    expect(r.stderr).toBe(`rampart scan: ${message}\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('an empty output file name', () => {
  it.each([
    ['scan', SHOP, '-o'],
    ['scan', SHOP, '--baseline-write'],
    ['netpol', 'exposure', SHOP, '--output'],
    ['rules', '-o'],
    ['netpol', 'generate', SHOP, '-o'],
    ['admission', 'manifests', '--cert-manager', '--output'],
  ])('is a usage error in one line naming the option (%s %s %s)', (...args) => {
    const r = rampart([...args, '']);
    const option = (args[args.length - 1] as string) === '-o' ? '--output' : (args[args.length - 1] as string);
    const name = args.filter((a) => /^[a-z]+$/.test(a)).join(' ');
    expect(r.stderr).toBe(`rampart ${name}: ${option} needs a file name (- for standard output)\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });
});
