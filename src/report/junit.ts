import { type Finding, objectLabel } from '../core/finding.js';
import { defineFormat, type ReportSink } from './format.js';
import type { ScannedObject } from './model.js';
import { Spool, type SpoolSegment } from './spool.js';
import { printable } from './printable.js';

/**
 * JUnit XML for CI dashboards: one test suite per input file, one test case per object, failing
 * with one failure per finding. Objects without findings pass.
 */
export const junitFormat = defineFormat({
  id: 'junit',
  description: 'JUnit XML for CI test dashboards',
  listsObjects: true,
  // Test suites open with their counts, known only at the end: the failures are rendered as the
  // findings come and set aside in a spool, not held in memory (130,000 findings are 80 MB of XML).
  start(_header, _options, sink) {
    const spool = new Spool();
    const spooled = new Map<string, SpooledObject>();
    const failures = new FailureWriter();
    return {
      findings(batch) {
        let current: SpooledObject | undefined;
        let text = '';
        const flush = () => {
          if (current && text !== '') current.segments.push(spool.append(text));
          text = '';
        };
        for (const f of batch) {
          const key = objectKey(f.location.file, f.object);
          let object = spooled.get(key);
          if (!object) spooled.set(key, (object = { scanned: { ref: f.object, file: f.location.file, line: f.location.line ?? 1 }, segments: [], failures: 0 }));
          if (object !== current) {
            flush();
            current = object;
          }
          object.failures++;
          text += failures.failure(f);
        }
        flush();
      },
      end(report) {
        try {
          const files = groupByFile(report.objects, spooled);
          let tests = report.errors.length;
          let failures = 0;
          for (const objects of files.values()) {
            tests += objects.size;
            for (const o of objects.values()) failures += o.spooled?.failures ?? 0;
          }
          sink.write('<?xml version="1.0" encoding="UTF-8"?>\n');
          sink.write(`<testsuites name="rampart" tests="${tests}" failures="${failures}" errors="${report.errors.length}">\n`);
          for (const [file, objects] of files) writeSuite(sink, spool, file, objects);
          if (report.errors.length > 0) {
            sink.write(`  <testsuite name="input errors" tests="${report.errors.length}" failures="0" errors="${report.errors.length}">\n`);
            for (const e of report.errors) {
              const where = e.location ? `${e.location.file}${e.location.line ? `:${e.location.line}` : ''}` : 'input';
              sink.write(`    <testcase classname="errors" name="${xml(where)}"><error type="${xml(e.code)}" message="${xml(printable(e.message))}"/></testcase>\n`);
            }
            sink.write('  </testsuite>\n');
          }
          sink.write('</testsuites>\n');
        } finally {
          spool.dispose();
        }
      },
    };
  },
});

/** A finding's <failure> element. Escaping goes character by character, so the parts are escaped apart and the shared ones once. */
class FailureWriter {
  private readonly escaped = new Map<string, string>();

  failure(f: Finding): string {
    const message = xml(printable(f.message));
    return (
      `      <failure type="${f.severity}" message="[${f.severity}] ${this.once(f.ruleId)}: ${message}">` +
      `${this.once(f.location.file)}:${f.location.line}:${f.location.column} ${xml(f.path)}\n${message}\nRemediation: ${this.once(f.remediation)}</failure>\n`
    );
  }

  private once(text: string): string {
    let escaped = this.escaped.get(text);
    if (escaped === undefined) this.escaped.set(text, (escaped = xml(text)));
    return escaped;
  }
}

function writeSuite(sink: ReportSink, spool: Spool, file: string, objects: ReadonlyMap<string, ObjectGroup>): void {
  let failures = 0;
  for (const o of objects.values()) failures += o.spooled?.failures ?? 0;
  sink.write(`  <testsuite name="${xml(file)}" tests="${objects.size}" failures="${failures}" errors="0">\n`);
  for (const object of objects.values()) {
    sink.write(`    <testcase classname="${xml(file)}" name="${xml(printable(objectLabel(object.scanned.ref)))}">\n`);
    for (const segment of object.spooled?.segments ?? []) sink.write(spool.read(segment));
    sink.write('    </testcase>\n');
  }
  sink.write('  </testsuite>\n');
}

/** An object's failures, rendered and set aside in the spool. */
interface SpooledObject {
  readonly scanned: ScannedObject;
  readonly segments: SpoolSegment[];
  failures: number;
}

interface ObjectGroup {
  readonly scanned: ScannedObject;
  readonly spooled: SpooledObject | undefined;
}

function objectKey(file: string, ref: ScannedObject['ref']): string {
  return `${file}\u0000${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

/** Test cases by file: every scanned object (the first of two alike), then objects known only from their findings. */
function groupByFile(scanned: readonly ScannedObject[], spooled: ReadonlyMap<string, SpooledObject>): Map<string, Map<string, ObjectGroup>> {
  const files = new Map<string, Map<string, ObjectGroup>>();
  const groupOf = (file: string) => {
    let objects = files.get(file);
    if (!objects) files.set(file, (objects = new Map()));
    return objects;
  };
  for (const object of scanned) {
    const objects = groupOf(object.file);
    const key = objectKey(object.file, object.ref);
    if (!objects.has(key)) objects.set(key, { scanned: object, spooled: spooled.get(key) });
  }
  for (const [key, object] of spooled) {
    const objects = groupOf(object.scanned.file);
    if (!objects.has(key)) objects.set(key, { scanned: object.scanned, spooled: object });
  }
  return files;
}

// XML 1.0 forbids most control characters even when escaped: they are dropped.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const XML_SPECIAL = /[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const XML_SPECIALS = new RegExp(XML_SPECIAL.source, 'g');
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text as XML character data or attribute value, in one pass (most text needs no change). */
export function xml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIALS, (c) => ESCAPES[c] ?? '') : text;
}
