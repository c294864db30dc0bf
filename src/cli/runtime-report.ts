import type { Finding } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import { SEVERITIES } from '../core/severity.js';
import type { ReportWriter } from '../report/format.js';
import { reportFormat } from '../report/index.js';
import { countBySeverity, emptySeverityCounts } from '../report/model.js';
import type { ReportOutput } from '../report/write.js';
import type { Alert } from '../runtime/engine.js';
import { alertFinding, runtimeRuleMeta } from '../runtime/finding.js';
import type { CompiledRule } from '../runtime/rules/compiler.js';
import { VERSION } from '../package-files.js';

/** `runtime test --output table|sarif|junit|report-json`: alerts written through Rampart's report formats. */
export class FindingsReport {
  private readonly writer: ReportWriter;
  private readonly metas = new Map<string, RuleMeta>();
  private readonly bySeverity = emptySeverityCounts();
  private count = 0;

  constructor(format: string, rules: readonly CompiledRule[], out: ReportOutput, color: boolean) {
    const f = reportFormat(format === 'report-json' ? 'json' : format);
    if (!f) throw new Error(`unknown report format ${format}`);
    for (const r of rules) this.metas.set(r.name, runtimeRuleMeta(r));
    this.writer = f.start({ tool: { name: 'rampart', version: VERSION }, rules: [...this.metas.values()] }, { color, showSuppressed: false }, out);
  }

  add(alert: Alert, payload: unknown, where: string): void {
    const meta = this.metas.get(alert.rule);
    if (!meta) return;
    const at = where.lastIndexOf(':');
    const finding: Finding = alertFinding(alert, meta, payload, { file: where.slice(0, at), line: Number(where.slice(at + 1)), column: 1 });
    countBySeverity([finding], this.bySeverity);
    this.count++;
    this.writer.findings([finding]);
  }

  end(passed: boolean): void {
    this.writer.end({
      suppressed: [],
      skipped: [],
      errors: [],
      warnings: [],
      objects: [],
      summary: {
        files: 1,
        documents: this.count,
        objects: this.count,
        derived: 0,
        findings: SEVERITIES.reduce((n, s) => n + this.bySeverity[s], 0),
        bySeverity: this.bySeverity,
        suppressed: 0,
        baselined: 0,
        skipped: 0,
        errors: 0,
        failOn: 'never',
        minSeverity: 'info',
        belowMinSeverity: 0,
        passed,
      },
    });
  }
}
