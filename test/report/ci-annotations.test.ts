import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { CheckRegistry } from '../../src/checks/registry.js';
import type { Finding } from '../../src/core/finding.js';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { REPORT_FORMATS } from '../../src/report/index.js';
import { workspacePath } from '../../src/report/relative-path.js';
import type { ScanReport } from '../../src/report/model.js';
import { runScan } from '../../src/scan/run-scan.js';
import { CapturedReport } from '../helpers/render.js';
import { emptyScanReport, sampleFinding } from '../helpers/sample-findings.js';

const here = import.meta.dirname;
const app = path.relative(process.cwd(), path.join(here, 'fixtures', 'app.yaml'));
const registry = new CheckRegistry(CHECKS.all().filter((c) => ['privileged-container', 'image-tag-latest', 'default-namespace'].includes(c.id)));

async function scan(id: string, paths = [app]): Promise<string> {
  const format = REPORT_FORMATS.get(id);
  if (!format) throw new Error(id);
  const captured = new CapturedReport();
  await runScan({ paths, useConfigFile: false, overrides: { today: '2026-01-01' }, tool: { name: 'rampart', version: '0.0.0-test' } }, captured.start(format, { color: false, showSuppressed: false }), registry);
  return captured.text;
}

function render(id: string, findings: Finding[], report = emptyScanReport()): string {
  const format = REPORT_FORMATS.get(id);
  if (!format) throw new Error(id);
  let text = '';
  const writer = format.start({ tool: { name: 'rampart', version: '0' }, rules: [] }, { color: false, showSuppressed: false }, { write: (c) => (text += c) });
  writer.findings(findings);
  writer.end(report);
  return text;
}

describe('github annotations', () => {
  it('writes one workflow command per finding, at the level of its severity, with the exact position', async () => {
    const lines = (await scan('github')).trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    expect(commands.length).toBeGreaterThan(1);
    expect(commands.some((l) => l.startsWith(`::error file=${app},line=33,col=9,title=privileged-container (critical)%3A `))).toBe(true);
    expect(commands.some((l) => l.startsWith('::warning ') && l.includes('title=image-tag-latest (medium)'))).toBe(true);
    expect(commands.some((l) => l.startsWith('::notice ') && l.includes('title=default-namespace (low)'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^FAIL at --fail-on high: \d+ findings/);
  });

  it('escapes what would end a property or a command, so input cannot inject workflow commands', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const hostile = sampleFinding({ message: 'x\n::set-env name=PATH::/tmp\n::add-mask::y', location: { file: 'dir,with:odd%/pod.yaml', line: 3, column: 1 } });
    const text = render('github', [hostile]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      // A line break from the input is shown as an escape, as in the table; only the report's own break is one.
      '::error file=dir%2Cwith%3Aodd%25/pod.yaml,line=3,col=1,title=privileged-container (critical)%3A Container runs privileged::Pod shop/web: x\\n::set-env name=PATH::/tmp\\n::add-mask::y%0AFix: Remove privileged: true.',
    );
    // Terminal escape sequences never reach the log viewer, which would run them.
    const colored = render('github', [sampleFinding({ message: 'red \u001b[31mtext\u0007' })]);
    expect([...colored].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f'))).toEqual([]);
    expect(colored).toContain('red \\x1b[31mtext\\x07');
    expect(lines[1]).toMatch(/^PASS/);
  });

  it('leaves out the file for standard input, and annotates input errors and warnings', () => {
    const report = emptyScanReport();
    const withProblems: ScanReport = {
      ...report,
      errors: [{ code: 'yaml-syntax', message: 'invalid YAML: bad indentation', location: { file: 'k8s/broken.yaml', line: 7, column: 3 } }],
      warnings: [{ code: 'exemption-expired', message: 'exemption expired on 2026-01-01', location: { file: '.rampart.yaml' } }],
    };
    const text = render('github', [sampleFinding({ location: { file: '<stdin>', line: 4, column: 5 } })], withProblems);
    expect(text).toContain('::error title=privileged-container (critical)%3A Container runs privileged::Pod shop/web');
    expect(text).toContain('::error file=k8s/broken.yaml,line=7,col=3,title=rampart%3A yaml-syntax::invalid YAML: bad indentation\n');
    expect(text).toContain('::warning file=.rampart.yaml,title=rampart%3A exemption-expired::exemption expired on 2026-01-01\n');
  });

  it("writes the cluster's name in the summary line as printable text: a kubeconfig context cannot start a command", () => {
    const report = emptyScanReport();
    const text = render('github', [], { ...report, summary: { ...report.summary, files: 0, cluster: 'prod\n::error::injected' } });
    expect(text.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    expect(text).toContain('cluster prod\\n::error::injected');
  });
});

describe('gitlab code quality', () => {
  it('is a JSON array of issues with the fields GitLab reads', async () => {
    const issues = JSON.parse(await scan('gitlab'));
    expect(issues.length).toBeGreaterThan(1);
    for (const issue of issues) {
      expect(Object.keys(issue)).toEqual(expect.arrayContaining(['description', 'check_name', 'fingerprint', 'severity', 'location']));
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.path).toBe(app);
      expect(issue.location.lines.begin).toBeGreaterThan(0);
    }
    expect(issues.find((i: { check_name: string }) => i.check_name === 'privileged-container')).toMatchObject({ severity: 'blocker', location: { lines: { begin: 33 } } });
    expect(JSON.parse(render('gitlab', []))).toEqual([]);
  });

  it('keeps fingerprints unique within a report (GitLab shows one issue per fingerprint) and stable across runs', () => {
    const twice = [sampleFinding(), sampleFinding({ message: 'container "web" runs privileged (again)' }), sampleFinding({ message: 'third' })];
    const issues = JSON.parse(render('gitlab', twice));
    const ids = issues.map((i: { fingerprint: string }) => i.fingerprint);
    expect(new Set(ids).size).toBe(3);
    expect(JSON.parse(render('gitlab', twice)).map((i: { fingerprint: string }) => i.fingerprint)).toEqual(ids);
    expect(JSON.parse(render('gitlab', [sampleFinding({ location: { file: './k8s/pod.yaml', line: 2, column: 1 } })]))[0].location.path).toBe('k8s/pod.yaml');
  });
});

describe('paths in CI reports', () => {
  it('are relative to the working directory (the repository root in a CI job) when they can be', () => {
    expect(workspacePath('/repo/k8s/pod.yaml', '/repo')).toBe('k8s/pod.yaml');
    expect(workspacePath('/elsewhere/pod.yaml', '/repo')).toBe('/elsewhere/pod.yaml');
    expect(workspacePath('/repo', '/repo')).toBe('/repo');
    expect(workspacePath('./k8s/pod.yaml', '/repo')).toBe('k8s/pod.yaml');
    expect(workspacePath('<stdin>', '/repo')).toBe('<stdin>');
    expect(workspacePath('../other/pod.yaml', '/repo')).toBe('../other/pod.yaml');
  });

  it('name a file inside the working directory one way, however it was given, as SARIF does', () => {
    expect(workspacePath('k8s/../k8s/pod.yaml', '/repo')).toBe('k8s/pod.yaml');
    expect(workspacePath('k8s//./pod.yaml', '/repo')).toBe('k8s/pod.yaml');
    expect(workspacePath('/repo/k8s/../k8s/pod.yaml', '/repo')).toBe('k8s/pod.yaml');
    // A directory whose name starts with two dots is inside the working directory, not above it.
    expect(workspacePath('/repo/..hidden/pod.yaml', '/repo')).toBe('..hidden/pod.yaml');
    expect(JSON.parse(render('gitlab', [sampleFinding({ location: { file: 'k8s/../k8s/pod.yaml', line: 1, column: 1 } })]))[0].location.path).toBe('k8s/pod.yaml');
    const absolute = path.join(process.cwd(), 'k8s', 'pod.yaml');
    expect(render('github', [sampleFinding({ location: { file: absolute, line: 1, column: 1 } })])).toMatch(/^::error file=k8s\/pod.yaml,line=1,col=1,/);
    expect(JSON.parse(render('gitlab', [sampleFinding({ location: { file: absolute, line: 1, column: 1 } })]))[0].location.path).toBe('k8s/pod.yaml');
  });
});

describe('markdown summary', () => {
  const counted = (findings: Finding[]): ScanReport => {
    const report = emptyScanReport();
    const bySeverity = { ...report.summary.bySeverity };
    for (const f of findings) bySeverity[f.severity]++;
    return { ...report, summary: { ...report.summary, findings: findings.length, bySeverity, passed: false } };
  };

  it('counts findings per rule and severity, and lists the most severe, escaped', () => {
    const hostile = sampleFinding({ severity: 'high', message: 'a | b <script>alert(1)</script>\nnext line', location: { file: 'k8s/a`b|c.yaml', line: 3, column: 1 } });
    const text = render('markdown', [sampleFinding(), hostile, sampleFinding({ severity: 'high' })], counted([sampleFinding(), hostile, sampleFinding({ severity: 'high' })]));
    expect(text).toContain('| critical | `privileged-container` Container runs privileged | 1 |');
    expect(text).toContain('| high | `privileged-container` Container runs privileged | 2 |');
    const row = text.split('\n').find((l) => l.includes('&lt;script&gt;'));
    expect(row).toBe("| high | `k8s/a'b\\|c.yaml:3` | Pod shop/web | `privileged-container` | a \\| b &lt;script&gt;alert(1)&lt;/script&gt; next line |");
    expect(text).not.toContain('<script>');
    expect(text).toContain('<details><summary>Findings</summary>');
  });

  it('escapes what would add a link, an image, emphasis, code or math from a value of the input', () => {
    const hostile = sampleFinding({ message: 'image "[click](https://evil.example) ![x](https://evil.example/p.png) **b** _i_ ~~s~~ `c` $x$ a\\b"' });
    const text = render('markdown', [hostile], counted([hostile]));
    const row = text.split('\n').find((l) => l.includes('evil.example'));
    expect(row).toBe(
      '| critical | `k8s/pod.yaml:12` | Pod shop/web | `privileged-container` | image "\\[click\\](https://evil.example) !\\[x\\](https://evil.example/p.png) \\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\$x\\$ a\\\\b" |',
    );
  });

  it('lists at most 100 findings, the most severe first and in input order within a severity', () => {
    const severities = ['low', 'critical', 'medium', 'high', 'info'] as const;
    const findings = Array.from({ length: 250 }, (_, i) => sampleFinding({ severity: severities[i % 5], message: `m${i}` }));
    const text = render('markdown', findings, counted(findings));
    const rows = text.split('\n').filter((l) => /^\| \w+ \| `k8s\//.test(l));
    expect(rows).toHaveLength(100);
    expect(rows.slice(0, 50).every((r) => r.startsWith('| critical |'))).toBe(true);
    expect(rows.slice(50).every((r) => r.startsWith('| high |'))).toBe(true);
    expect(rows[0]).toContain('| m1 |');
    expect(rows[50]).toContain('| m3 |');
    expect(text).toContain('<details><summary>The 100 most severe of 250 findings</summary>');
  });
});

describe('prometheus exposition', () => {
  const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\\n])*",?)*\})? -?\d+$/;

  it('counts findings by rule, severity and namespace, with the totals, every line in the exposition grammar', () => {
    const findings = [sampleFinding(), sampleFinding(), sampleFinding({ severity: 'low', object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'x' } })];
    const report = emptyScanReport();
    const text = render('prometheus', findings, { ...report, summary: { ...report.summary, objects: 2, findings: 3, bySeverity: { ...report.summary.bySeverity, critical: 2, low: 1 } } });
    expect(text).toContain('rampart_scan_findings{rule="privileged-container",severity="critical",namespace="shop"} 2\n');
    expect(text).toContain('rampart_scan_findings{rule="privileged-container",severity="low",namespace=""} 1\n');
    expect(text).toContain('rampart_scan_findings_by_severity{severity="critical"} 2\n');
    expect(text).toContain('rampart_scan_objects 2\n');
    expect(text).toContain('rampart_scan_passed 1\n');
    for (const line of text.trimEnd().split('\n')) if (!line.startsWith('# ')) expect(line).toMatch(SAMPLE);
  });

  it('escapes label values', () => {
    const text = render('prometheus', [sampleFinding({ object: { apiVersion: 'v1', kind: 'Pod', namespace: 'a"b\\c\nd', name: 'x' } })]);
    expect(text).toContain('namespace="a\\"b\\\\c\\nd"} 1\n');
    for (const line of text.trimEnd().split('\n')) if (!line.startsWith('# ')) expect(line).toMatch(SAMPLE);
  });
});
