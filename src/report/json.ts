import type { Finding, ObjectRef } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import type { Problem } from '../core/result.js';
import { defineFormat, type ReportSink } from './format.js';
import { REPORT_SCHEMA_VERSION } from './model.js';

/*
 * The JSON report (schema in docs/json-report.md). Findings stream out as the scan produces
 * them, one compact object per line inside the array: valid JSON, diff- and grep-friendly, and
 * cheap for 100k+ findings since the parts many findings share (object, rule text) are
 * serialized once. The summary therefore follows the findings.
 */
export const jsonFormat = defineFormat({
  id: 'json',
  description: 'Versioned JSON document for scripts and CI (schema: docs/json-report.md)',
  start(header, _options, sink) {
    sink.write(`{\n  "schemaVersion": ${JSON.stringify(REPORT_SCHEMA_VERSION)},\n  "tool": ${JSON.stringify(header.tool)},\n  "findings": [`);
    const serializer = new FindingSerializer();
    let count = 0;
    return {
      findings(batch) {
        for (const f of batch) sink.write(`${count++ === 0 ? '\n    ' : ',\n    '}${serializer.finding(f)}`);
      },
      end(report) {
        sink.write(count === 0 ? ']' : '\n  ]');
        sink.write(`,\n  "summary": ${JSON.stringify(report.summary)}`);
        list(sink, 'suppressed', report.suppressed, (s) => serializer.finding(s.finding, `,"suppression":${JSON.stringify(s.suppression)}`));
        list(sink, 'skipped', report.skipped, (s) => JSON.stringify(s));
        list(sink, 'errors', report.errors, problemJson);
        list(sink, 'warnings', report.warnings, problemJson);
        sink.write('\n}\n');
      },
    };
  },
});

function list<T>(sink: ReportSink, name: string, items: readonly T[], toJson: (item: T) => string): void {
  sink.write(`,\n  "${name}": [`);
  items.forEach((item, i) => sink.write(`${i === 0 ? '\n    ' : ',\n    '}${toJson(item)}`));
  sink.write(items.length === 0 ? ']' : '\n  ]');
}

export function problemJson(problem: Problem): string {
  const { file, line, column } = problem.location ?? {};
  return JSON.stringify({ code: problem.code, message: problem.message, file, line, column });
}

class FindingSerializer {
  private readonly objects = new WeakMap<ObjectRef, string>();
  private readonly ruleText = new Map<string, string>();
  private readonly files = new Map<string, string>();

  finding(f: Finding, extra = ''): string {
    let object = this.objects.get(f.object);
    if (object === undefined) {
      object = JSON.stringify(f.object);
      this.objects.set(f.object, object);
    }
    let rule = this.ruleText.get(f.ruleId);
    if (rule === undefined) {
      rule = `"remediation":${JSON.stringify(f.remediation)},"references":${JSON.stringify(f.references)}`;
      this.ruleText.set(f.ruleId, rule);
    }
    let file = this.files.get(f.location.file);
    if (file === undefined) {
      file = JSON.stringify(f.location.file);
      this.files.set(f.location.file, file);
    }
    const helm = f.helmTemplate === undefined ? '' : `,"helmTemplate":${JSON.stringify(f.helmTemplate)}`;
    return (
      `{"ruleId":"${f.ruleId}","severity":"${f.severity}","category":"${f.category}","title":${JSON.stringify(f.title)},` +
      `"message":${JSON.stringify(f.message)},"object":${object},"path":${JSON.stringify(f.path)},` +
      `"location":{"file":${file},"line":${f.location.line},"column":${f.location.column}}${helm},` +
      `"fingerprint":"${fingerprint(f)}",${rule}${extra}}`
    );
  }
}
