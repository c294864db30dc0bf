import type { Finding } from '../core/finding.js';
import type { Problem } from '../core/result.js';
import { atLeast } from '../core/severity.js';
import type { CheckRegistry } from '../checks/registry.js';
import { DEFAULT_CONFIG, findConfigUpward, loadConfigFile } from '../config/load.js';
import { type PolicyOverrides, resolvePolicy } from '../config/resolve.js';
import { loadInputs } from '../inputs/load.js';
import { countBySeverity, type FailOn, type ScanReport } from '../report/model.js';
import { type Baseline, partitionByBaseline } from './baseline.js';
import { runChecks } from './engine.js';

export interface ScanRequest {
  readonly paths: readonly string[];
  /** Explicit config file; otherwise `.rampart.yaml` is looked up from the first path upward. */
  readonly configFile?: string;
  readonly useConfigFile: boolean;
  readonly overrides: PolicyOverrides;
  readonly baseline?: Baseline;
  readonly failOn?: FailOn;
  readonly tool: { readonly name: string; readonly version: string };
}

export interface ScanOutcome {
  readonly report: ScanReport;
  /** All findings before the baseline filter, for `--baseline-write`. */
  readonly allFindings: readonly Finding[];
  readonly exitCode: 0 | 1 | 2;
}

export const DEFAULT_FAIL_ON: FailOn = 'high';

/** Config errors that stop a scan before it starts. */
export class PolicyError {
  constructor(readonly problems: Problem[]) {}
}

/** The whole scan: inputs → objects → checks → findings → report and exit code. */
export function runScan(request: ScanRequest, registry: CheckRegistry): ScanOutcome | PolicyError {
  const configPath = request.configFile ?? (request.useConfigFile ? findConfigUpward(request.paths.find((p) => p !== '-') ?? '.') : undefined);
  let config = DEFAULT_CONFIG;
  if (configPath) {
    const loaded = loadConfigFile(configPath);
    if (!loaded.ok) return new PolicyError([loaded.error]);
    config = loaded.value.config;
  }
  const resolved = resolvePolicy(config, registry, request.overrides, configPath);
  if (!resolved.ok) return new PolicyError(resolved.errors);
  const { policy, warnings: policyWarnings } = resolved.value;

  const inputs = loadInputs(request.paths);
  const results = runChecks(inputs.objects, policy);
  const fileOrder = new Map<string, number>();
  for (const o of inputs.objects) if (!fileOrder.has(o.source.file)) fileOrder.set(o.source.file, fileOrder.size);
  const ordered = sortFindings(results.findings, fileOrder);
  const { fresh, known } = request.baseline ? partitionByBaseline(ordered, request.baseline) : { fresh: ordered, known: 0 };

  const errors = [...inputs.problems, ...results.problems];
  const failOn = request.failOn ?? config.failOn ?? DEFAULT_FAIL_ON;
  const failing = failOn !== 'never' && fresh.some((f) => atLeast(f.severity, failOn));
  const exitCode = errors.length > 0 ? 2 : failing ? 1 : 0;
  const report: ScanReport = {
    tool: request.tool,
    findings: fresh,
    suppressed: results.suppressed,
    skipped: inputs.skipped,
    errors,
    warnings: [...policyWarnings, ...results.warnings],
    objects: inputs.objects.map((o) => ({ ref: o.ref, file: o.source.file, line: o.locate([]).line })),
    rules: policy.checks.map((c) => c.check),
    summary: {
      files: inputs.files,
      documents: inputs.documents,
      objects: inputs.objects.length,
      derived: results.derived,
      findings: fresh.length,
      bySeverity: countBySeverity(fresh),
      suppressed: results.suppressed.length,
      baselined: known,
      skipped: inputs.skipped.length,
      errors: errors.length,
      failOn,
      passed: exitCode === 0,
    },
  };
  return { report, allFindings: ordered, exitCode };
}

function sortFindings(findings: Finding[], fileOrder: ReadonlyMap<string, number>): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        (fileOrder.get(a.f.location.file) ?? 0) - (fileOrder.get(b.f.location.file) ?? 0) ||
        (a.f.location.line ?? 0) - (b.f.location.line ?? 0) ||
        (a.f.location.column ?? 0) - (b.f.location.column ?? 0) ||
        a.i - b.i,
    )
    .map((x) => x.f);
}
