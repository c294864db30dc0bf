import path from 'node:path';
import type { Finding } from '../core/finding.js';
import type { Problem } from '../core/result.js';
import { SEVERITIES, type Severity, atLeast } from '../core/severity.js';
import { CHECKS } from '../checks/index.js';
import type { CheckRegistry } from '../checks/registry.js';
import { DEFAULT_CONFIG, findConfigUpward, loadConfigFile } from '../config/load.js';
import { type PolicyOverrides, resolvePolicy } from '../config/resolve.js';
import { withCustomRules } from '../custom-rules/index.js';
import type { ConfigFile } from '../config/schema.js';
import { pathFilter } from '../inputs/exclude.js';
import { type KustomizeRequest, kustomizeBuilding } from '../inputs/kustomize-build.js';
import { type HelmRendering, withHelmDefaults } from '../inputs/helm.js';
import { type SourceText, loadSources, readSources } from '../inputs/load.js';
import type { K8sObject } from '../k8s/object.js';
import type { ReportHeader, ReportWriter } from '../report/format.js';
import { countBySeverity, emptySeverityCounts, type FailOn, type ScanReport } from '../report/model.js';
import { type Baseline, BaselineCollector } from './baseline.js';
import { runChecksYielding } from './engine.js';
import { trace } from './trace.js';

export interface ScanRequest {
  readonly paths: readonly string[];
  /** Explicit config file; otherwise `.rampart.yaml` is looked up from the first path upward. */
  readonly configFile?: string;
  readonly useConfigFile: boolean;
  /** `--exclude` patterns, relative to the working directory. */
  readonly exclude?: readonly string[];
  /** How Helm charts met are rendered; without it, a chart is an input error. */
  readonly helm?: HelmRendering | undefined;
  /** What the command line asks of Kustomize; `kustomize:` in the configuration file may ask too. */
  readonly kustomize?: KustomizeRequest;
  /** Inputs read before the scan (a cluster's objects), scanned after the paths, and their warnings. */
  readonly extraInputs?: { readonly sources: readonly SourceText[]; readonly warnings: readonly Problem[]; readonly cluster: string };
  readonly overrides: PolicyOverrides;
  readonly baseline?: Baseline;
  readonly failOn?: FailOn;
  /** Leave findings below this severity out of the report (they neither show nor fail the run). */
  readonly minSeverity?: Severity;
  readonly tool: { readonly name: string; readonly version: string };
  /** The report lists every scanned object (JUnit). */
  readonly listObjects?: boolean;
  /** Input errors beyond reading and parsing, from the objects read (rampart rbac risks: the bindings the API server refuses). */
  readonly inputErrors?: (objects: readonly K8sObject[]) => readonly Problem[];
  /** Collect every finding (before the baseline filter) for `--baseline-write`. */
  readonly collectBaseline?: boolean;
}

export interface ScanOutcome {
  readonly report: ScanReport;
  /** Every finding before the baseline filter, when `collectBaseline` was asked for. */
  readonly baselineEntries?: BaselineCollector;
  readonly exitCode: 0 | 1 | 2;
}

export const DEFAULT_FAIL_ON: FailOn = 'high';

/** Config errors that stop a scan before it starts. */
export class PolicyError {
  constructor(readonly problems: Problem[]) {}
}

/**
 * The whole scan: inputs → objects → checks → findings → report and exit code. Once the policy
 * is known, `start` opens the report; findings stream into it object by object and are not kept.
 */
/** Opens the report once the inputs are read; `inputFiles` are the files read, which a report must not replace. */
export type StartReport = (header: ReportHeader, inputFiles: readonly string[]) => ReportWriter;

export async function runScan(request: ScanRequest, start: StartReport, registry: CheckRegistry = CHECKS): Promise<ScanOutcome | PolicyError> {
  const configPath = request.configFile ?? (request.useConfigFile ? findConfigUpward(request.paths.find((p) => p !== '-') ?? '.') : undefined);
  let config: ConfigFile = DEFAULT_CONFIG;
  if (configPath) {
    const loaded = loadConfigFile(configPath);
    if (!loaded.ok) return new PolicyError([loaded.error]);
    config = loaded.value.config;
  }
  const custom = await withCustomRules(registry, config.customRules, configPath);
  if (!custom.ok) return new PolicyError(custom.errors);
  const resolved = resolvePolicy(config, custom.registry, request.overrides, configPath);
  if (!resolved.ok) return new PolicyError(resolved.errors);
  const { policy, warnings: policyWarnings } = resolved.value;

  // Paths in the configuration file are relative to its directory.
  const configDir = path.dirname(path.resolve(configPath ?? '.'));
  const exclude = pathFilter([
    { patterns: request.exclude ?? [], base: process.cwd(), fromScannedDirectory: true },
    { patterns: config.exclude, base: configDir },
  ]);
  const helm = request.helm && withHelmDefaults(request.helm, config.helm, configDir, request.overrides.settings?.kubeVersion);
  const kustomize = kustomizeBuilding(request.kustomize, config.kustomize);
  const read = await readSources(request.paths, { exclude, helm, kustomize });
  const sources = request.extraInputs ? [...read.sources, ...request.extraInputs.sources] : read.sources;
  const inputs = loadSources(sources);
  const skipped = [...read.skipped, ...inputs.skipped];
  trace(`parsed ${inputs.objects.length} objects`);
  const writer = start({ tool: request.tool, rules: policy.checks.map((c) => c.check) }, read.sources.map((s) => s.name));
  const bySeverity = emptySeverityCounts();
  const baselineEntries = request.collectBaseline ? new BaselineCollector() : undefined;
  let baselined = 0;
  let belowMinSeverity = 0;
  const minSeverity = request.minSeverity ?? config.minSeverity ?? 'info';
  const results = await runChecksYielding(inputs.objects, policy, (findings, object) => {
    sortByPosition(findings);
    if (baselineEntries) for (const f of findings) baselineEntries.add(f, object);
    const baseline = request.baseline;
    const fresh = baseline ? findings.filter((f) => !baseline.has(f, object)) : findings;
    baselined += findings.length - fresh.length;
    const shown = minSeverity === 'info' ? fresh : fresh.filter((f) => atLeast(f.severity, minSeverity));
    belowMinSeverity += fresh.length - shown.length;
    countBySeverity(shown, bySeverity);
    if (shown.length > 0) writer.findings(shown);
  });
  trace('checked');
  const suppressed = minSeverity === 'info' ? results.suppressed : results.suppressed.filter((s) => atLeast(s.finding.severity, minSeverity));
  belowMinSeverity += results.suppressed.length - suppressed.length;

  const errors = [...read.problems, ...inputs.problems, ...(request.inputErrors?.(inputs.objects) ?? []), ...results.problems];
  const failOn = request.failOn ?? config.failOn ?? DEFAULT_FAIL_ON;
  const failing = failOn !== 'never' && SEVERITIES.some((s) => atLeast(s, failOn) && bySeverity[s] > 0);
  const exitCode = errors.length > 0 ? 2 : failing ? 1 : 0;
  const report: ScanReport = {
    suppressed,
    skipped,
    errors,
    warnings: [...policyWarnings, ...read.warnings, ...inputs.warnings, ...(request.extraInputs?.warnings ?? []), ...results.warnings],
    objects: request.listObjects ? inputs.objects.map((o) => ({ ref: o.ref, file: o.source.file, line: o.locate([]).line })) : [],
    summary: {
      files: inputs.files - (request.extraInputs?.sources.length ?? 0),
      ...(request.extraInputs ? { cluster: request.extraInputs.cluster } : {}),
      documents: inputs.documents,
      objects: inputs.objects.length,
      derived: results.derived,
      findings: SEVERITIES.reduce((n, s) => n + bySeverity[s], 0),
      bySeverity,
      suppressed: suppressed.length,
      baselined,
      skipped: skipped.length,
      errors: errors.length,
      failOn,
      minSeverity,
      belowMinSeverity,
      passed: exitCode === 0,
    },
  };
  writer.end(report);
  return { report, ...(baselineEntries ? { baselineEntries } : {}), exitCode };
}

/** One object's findings arrive in check order; the report lists them by position in the file. */
function sortByPosition(findings: Finding[]): void {
  findings.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0));
}
