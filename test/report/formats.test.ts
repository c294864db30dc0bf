import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { CheckRegistry } from '../../src/checks/registry.js';
import { REPORT_FORMATS } from '../../src/report/index.js';
import { PolicyError, runScan } from '../../src/scan/run-scan.js';
import { CapturedReport } from '../helpers/render.js';

const here = import.meta.dirname;
const fixtures = ['app.yaml', 'broken.yaml'].map((f) => path.relative(process.cwd(), path.join(here, 'fixtures', f)));

/** A fixed rule set, so these goldens change only when a format changes. */
const registry = new CheckRegistry(CHECKS.all().filter((c) => c.id === 'privileged-container'));

async function render(id: string): Promise<string> {
  const format = REPORT_FORMATS.get(id);
  if (!format) throw new Error(id);
  const captured = new CapturedReport();
  const outcome = await runScan(
    { paths: fixtures, useConfigFile: false, overrides: { today: '2026-01-01' }, tool: { name: 'rampart', version: '0.0.0-test' }, listObjects: true },
    captured.start(format, { color: false, showSuppressed: true }),
    registry,
  );
  if (outcome instanceof PolicyError) throw new Error('policy error');
  // The SARIF base URI is the working directory, which differs per machine.
  return captured.text.replace(/"uri":"file:\/\/[^"]*\/"/, '"uri":"file:///WORKDIR/"');
}

describe.each([...REPORT_FORMATS.keys()])('%s report', (id) => {
  it('matches its golden file', async () => {
    const golden = path.join(here, 'golden', `${id}.txt`);
    const text = await render(id);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});

describe('JSON report', () => {
  it('is valid JSON with the documented top-level fields', async () => {
    const report = JSON.parse(await render('json'));
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'findings', 'summary', 'suppressed', 'skipped', 'errors', 'warnings']);
    expect(report.summary).toMatchObject({ findings: 1, suppressed: 1, skipped: 1, errors: 1, passed: false });
    expect(report.findings[0]).toMatchObject({ ruleId: 'privileged-container', location: { line: 33, column: 9 }, path: 'spec.containers[0].securityContext.privileged' });
    expect(report.suppressed[0]).toMatchObject({ helmTemplate: 'shop/templates/web.yaml', suppression: { kind: 'annotation', reason: 'legacy agent, tracked in SEC-42' } });
  });
});

describe('JUnit report', () => {
  it('shows control characters as escapes, as the table does, so none that XML 1.0 forbids is left, and keeps characters beyond the BMP', async () => {
    const captured = new CapturedReport();
    const format = REPORT_FORMATS.get('junit');
    if (!format) throw new Error('junit');
    const fixture = path.relative(process.cwd(), path.join(here, 'fixtures', 'control-chars.yaml'));
    await runScan({ paths: [fixture], useConfigFile: false, overrides: { today: '2026-01-01' }, tool: { name: 'rampart', version: '0.0.0-test' }, listObjects: true }, captured.start(format, { color: false, showSuppressed: false }), registry);
    expect(captured.text).toContain('container &quot;web\\x01\\x1f\\t\u{1F600}&quot;');
    for (const forbidden of ['\u0001', '\u001F', '\uFFFE']) expect(captured.text).not.toContain(forbidden);
  });
});

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema', async () => {
    const schema = JSON.parse(readFileSync(path.join(here, '../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const log = JSON.parse(await render('sarif'));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('gives GitHub code scanning what it needs: rules with help, fingerprints, exact regions', async () => {
    const run = JSON.parse(await render('sarif')).runs[0];
    const rule = run.tool.driver.rules[0];
    expect(rule.help.markdown).toContain('Remediation');
    expect(rule.properties['security-severity']).toBe('9.5');
    for (const result of run.results) {
      expect(result.partialFingerprints['rampartFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/\\/);
    }
    expect(run.results.filter((r: { suppressions?: unknown }) => r.suppressions)).toHaveLength(1);
  });

  it('says its columns count UTF-16 code units, as they do after a character beyond the BMP', async () => {
    const format = REPORT_FORMATS.get('sarif');
    if (!format) throw new Error('sarif');
    const captured = new CapturedReport();
    const fixture = path.relative(process.cwd(), path.join(here, 'fixtures', 'wide-chars.yaml'));
    await runScan({ paths: [fixture], useConfigFile: false, overrides: { today: '2026-01-01' }, tool: { name: 'rampart', version: '0.0.0-test' } }, captured.start(format, { color: false, showSuppressed: false }), registry);
    const run = JSON.parse(captured.text).runs[0];
    const line = readFileSync(fixture, 'utf8').split('\n')[3] ?? '';
    const utf16Column = line.indexOf('privileged: true') + 1;
    expect([...line.slice(0, utf16Column - 1)].length + 1).not.toBe(utf16Column);
    expect(run.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: utf16Column });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });
});

describe('table summary line', () => {
  it('counts one object in one file in the singular', async () => {
    const format = REPORT_FORMATS.get('table');
    if (!format) throw new Error('table');
    const captured = new CapturedReport();
    const fixture = path.relative(process.cwd(), path.join(here, 'fixtures', 'control-chars.yaml'));
    await runScan({ paths: [fixture], useConfigFile: false, overrides: { today: '2026-01-01' }, tool: { name: 'rampart', version: '0.0.0-test' } }, captured.start(format, { color: false, showSuppressed: false }), registry);
    expect(captured.text).toMatch(/: 1 finding \(1 critical\) in 1 object from 1 file\n$/);
  });
});
