import type { Finding, ObjectRef } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import type { Problem } from '../core/result.js';
import { defineFormat } from './format.js';
import { REPORT_SCHEMA_VERSION } from './model.js';

/*
 * The JSON report (schema in docs/json-report.md). Findings are written one compact object per
 * line inside the array: valid JSON, diff- and grep-friendly, and fast for 100k+ findings since
 * the parts shared by many findings (object, rule text) are serialized once.
 */
export const jsonFormat = defineFormat({
  id: 'json',
  description: 'Versioned JSON document for scripts and CI (schema: docs/json-report.md)',
  *render(report) {
    yield `{\n  "schemaVersion": ${JSON.stringify(REPORT_SCHEMA_VERSION)},\n`;
    yield `  "tool": ${JSON.stringify(report.tool)},\n`;
    yield `  "summary": ${JSON.stringify(report.summary)},\n`;
    const serializer = new FindingSerializer();
    yield* list('findings', report.findings, (f) => serializer.finding(f));
    yield ',\n';
    yield* list('suppressed', report.suppressed, (s) => serializer.finding(s.finding, `,"suppression":${JSON.stringify(s.suppression)}`));
    yield ',\n';
    yield* list('skipped', report.skipped, (s) => JSON.stringify(s));
    yield ',\n';
    yield* list('errors', report.errors, problemJson);
    yield ',\n';
    yield* list('warnings', report.warnings, problemJson);
    yield '\n}\n';
  },
});

function* list<T>(name: string, items: readonly T[], toJson: (item: T) => string): Generator<string> {
  if (items.length === 0) {
    yield `  "${name}": []`;
    return;
  }
  yield `  "${name}": [\n`;
  const batch: string[] = [];
  for (let i = 0; i < items.length; i++) {
    batch.push(`    ${toJson(items[i] as T)}${i + 1 < items.length ? ',' : ''}\n`);
    if (batch.length === 512) {
      yield batch.join('');
      batch.length = 0;
    }
  }
  yield batch.join('');
  yield '  ]';
}

export function problemJson(problem: Problem): string {
  const { file, line, column } = problem.location ?? {};
  return JSON.stringify({ code: problem.code, message: problem.message, file, line, column });
}

class FindingSerializer {
  private readonly objects = new WeakMap<ObjectRef, string>();
  private readonly ruleText = new Map<string, string>();

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
    const helm = f.helmTemplate === undefined ? '' : `,"helmTemplate":${JSON.stringify(f.helmTemplate)}`;
    return (
      `{"ruleId":"${f.ruleId}","severity":"${f.severity}","category":"${f.category}","title":${JSON.stringify(f.title)},` +
      `"message":${JSON.stringify(f.message)},"object":${object},"path":${JSON.stringify(f.path)},` +
      `"location":${JSON.stringify(f.location)}${helm},"fingerprint":"${fingerprint(f)}",${rule}${extra}}`
    );
  }
}
