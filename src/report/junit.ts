import { type Finding, objectLabel } from '../core/finding.js';
import { defineFormat, type ReportSink } from './format.js';
import type { ScannedObject } from './model.js';

/**
 * JUnit XML for CI dashboards: one test suite per input file, one test case per object, failing
 * with one failure per finding. Objects without findings pass.
 */
export const junitFormat = defineFormat({
  id: 'junit',
  description: 'JUnit XML for CI test dashboards',
  listsObjects: true,
  // Test suites open with their counts, so findings are kept until the end.
  start(_header, _options, sink) {
    const findings: Finding[] = [];
    return {
      findings(batch) {
        for (const f of batch) findings.push(f);
      },
      end(report) {
        const files = groupByFile(report.objects, findings);
        const tests = [...files.values()].reduce((n, f) => n + f.objects.size, 0) + report.errors.length;
        sink.write('<?xml version="1.0" encoding="UTF-8"?>\n');
        sink.write(`<testsuites name="rampart" tests="${tests}" failures="${findings.length}" errors="${report.errors.length}">\n`);
        for (const [file, group] of files) writeSuite(sink, file, group.objects);
        if (report.errors.length > 0) {
          sink.write(`  <testsuite name="input errors" tests="${report.errors.length}" failures="0" errors="${report.errors.length}">\n`);
          for (const e of report.errors) {
            const where = e.location ? `${e.location.file}${e.location.line ? `:${e.location.line}` : ''}` : 'input';
            sink.write(`    <testcase classname="errors" name="${xml(where)}"><error type="${xml(e.code)}" message="${xml(e.message)}"/></testcase>\n`);
          }
          sink.write('  </testsuite>\n');
        }
        sink.write('</testsuites>\n');
      },
    };
  },
});

function writeSuite(sink: ReportSink, file: string, objects: ReadonlyMap<string, ObjectGroup>): void {
  const failures = [...objects.values()].reduce((n, o) => n + o.findings.length, 0);
  sink.write(`  <testsuite name="${xml(file)}" tests="${objects.size}" failures="${failures}" errors="0">\n`);
  for (const object of objects.values()) {
    sink.write(`    <testcase classname="${xml(file)}" name="${xml(objectLabel(object.scanned.ref))}">\n`);
    for (const f of object.findings) {
      const text = `${f.location.file}:${f.location.line}:${f.location.column} ${f.path}\n${f.message}\nRemediation: ${f.remediation}`;
      sink.write(`      <failure type="${f.severity}" message="${xml(`[${f.severity}] ${f.ruleId}: ${f.message}`)}">${xml(text)}</failure>\n`);
    }
    sink.write('    </testcase>\n');
  }
  sink.write('  </testsuite>\n');
}

interface ObjectGroup {
  readonly scanned: ScannedObject;
  readonly findings: Finding[];
}

function objectKey(file: string, ref: ScannedObject['ref']): string {
  return `${file}\u0000${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

function groupByFile(scanned: readonly ScannedObject[], findings: readonly Finding[]): Map<string, { objects: Map<string, ObjectGroup> }> {
  const files = new Map<string, { objects: Map<string, ObjectGroup> }>();
  const groupOf = (file: string) => {
    let group = files.get(file);
    if (!group) files.set(file, (group = { objects: new Map() }));
    return group;
  };
  for (const object of scanned) {
    const objects = groupOf(object.file).objects;
    const key = objectKey(object.file, object.ref);
    if (!objects.has(key)) objects.set(key, { scanned: object, findings: [] });
  }
  for (const f of findings) {
    const objects = groupOf(f.location.file).objects;
    const key = objectKey(f.location.file, f.object);
    let object = objects.get(key);
    if (!object) objects.set(key, (object = { scanned: { ref: f.object, file: f.location.file, line: f.location.line ?? 1 }, findings: [] }));
    object.findings.push(f);
  }
  return files;
}

// XML 1.0 forbids most control characters even when escaped: drop them.
function xmlChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) continue;
    out += ch;
  }
  return out;
}

function xml(text: string): string {
  return xmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
