import { formatProblem } from '../core/result.js';
import { isSeverity } from '../core/severity.js';
import { CHECKS } from '../checks/index.js';
import { FRAMEWORKS, rulesOfFrameworks } from '../checks/frameworks.js';
import { reportFormat } from '../report/index.js';
import type { FailOn } from '../report/model.js';
import { writeReportWith } from '../report/write.js';
import { readBaseline } from '../scan/baseline.js';
import { parsePssPolicy } from '../pss/index.js';
import { PolicyError, runScan } from '../scan/run-scan.js';
import { trace } from '../scan/trace.js';
import { useColor } from './color.js';
import { defineCommand } from './command.js';
import { outputFile } from './output-option.js';
import { CLUSTER_NAMESPACE_OPTION, CLUSTER_OPTIONS, clusterInputs, hasInput } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { scanInputs } from './scan-inputs.js';
import { FINDINGS_REPORT_OPTIONS } from './findings-options.js';
import { ReportDestinations, reportRequests } from './report-destinations.js';
import { VERSION } from '../package-files.js';

export const scanCommand = defineCommand({
  name: 'scan',
  description: 'Scan Kubernetes manifests (YAML, JSON, Helm charts and output, Kustomize overlays, kubectl dumps) for security misconfigurations',
  arguments: '[paths...]',
  options: [
    ...FINDINGS_REPORT_OPTIONS,
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    { flags: '--baseline-write <file>', description: 'write every current finding to a baseline file (and exit 0 unless input errors)', writesFile: true },
    { flags: '--rule <id>', description: 'run only this rule (repeatable, comma-separated)', repeatable: true },
    { flags: '--disable <id>', description: 'do not run this rule (repeatable, comma-separated)', repeatable: true },
    { flags: '--enable-all', description: 'also run the rules that are off by default' },
    {
      flags: '--framework <name>',
      description: `run only the rules of a framework, including those off by default (repeatable, comma-separated): ${Object.entries(FRAMEWORKS).map(([id, f]) => `${id} (${f.title})`).join(', ')}; for the Pod Security Standards use --pss`,
      repeatable: true,
      choices: Object.keys(FRAMEWORKS),
    },
    { flags: '--no-annotation-ignore', description: `refuse per-object exemptions by annotations (rampart.dev/ignore, and other scanners' ignore annotations)` },
    { flags: '--pss <level[:version]>', description: 'also evaluate the Pod Security Standards as admission would, e.g. restricted or baseline:v1.30' },
    { flags: '--kube-version <version>', description: 'Kubernetes version the manifests target, e.g. 1.33 (for version-dependent rules)' },
    ...CLUSTER_OPTIONS,
    CLUSTER_NAMESPACE_OPTION,
    { flags: '--show-suppressed', description: 'list exempted findings in the table output' },
    { flags: '--color', description: 'force colored output' },
    { flags: '--no-color', description: 'disable colored output (also: NO_COLOR=1)' },
  ],
  examples: [
    'rampart scan examples/',
    'rampart scan charts/web --helm-values charts/web/values-prod.yaml',
    'helm template my-chart | rampart scan -',
    'rampart scan k8s/ --format sarif --output rampart.sarif',
    'rampart scan --cluster --context prod --cluster-dump prod.json',
    'rampart scan k8s/ --fail-on medium --baseline .rampart-baseline.json',
    "rampart scan . --exclude 'charts/**' --exclude testdata",
  ],
  async run(args, options, io) {
    const paths = args.length > 0 ? args : [];
    if (!hasInput(paths, options)) {
      io.error('rampart scan: no input; give files, directories or - for stdin, or --cluster (see rampart scan --help)');
      return 2;
    }
    const format = reportFormat(String(options.format));
    if (!format) {
      io.error(`rampart scan: unknown format "${String(options.format)}"`);
      return 2;
    }
    let kubeVersion: string | undefined;
    if (typeof options.kubeVersion === 'string') {
      const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(options.kubeVersion.trim());
      if (!match) {
        io.error(`rampart scan: --kube-version expects a version like 1.33, got "${options.kubeVersion}"`);
        return 2;
      }
      kubeVersion = `${match[1]}.${match[2]}`;
    }
    let pssParams: Record<string, unknown> | undefined;
    if (typeof options.pss === 'string') {
      const parsed = parsePssPolicy(options.pss);
      if (!parsed.ok) {
        io.error(`rampart scan: --pss: ${parsed.error.message}`);
        return 2;
      }
      // The privileged level allows everything: nothing to run.
      if (parsed.value.level !== 'privileged') {
        const version = parsed.value.version === 'latest' ? 'latest' : `v1.${parsed.value.version}`;
        pssParams = { level: parsed.value.level, version };
      }
    }
    let baseline;
    if (typeof options.baseline === 'string') {
      const read = readBaseline(options.baseline);
      if (!read.ok) {
        io.error(`rampart scan: ${formatProblem(read.error)}`);
        return 2;
      }
      baseline = read.value;
    }
    const output = outputFile(options);
    const renderOptions = { color: useColor(io, options.color as boolean | undefined, output !== undefined), showSuppressed: options.showSuppressed === true };
    // `--baseline-write -` writes the baseline to standard output, as `-o -` does the report.
    const baselineWrite = typeof options.baselineWrite === 'string' ? { option: `--baseline-write ${options.baselineWrite}`, file: options.baselineWrite === '-' ? undefined : options.baselineWrite } : undefined;
    const requests = reportRequests({ format, file: output, options: renderOptions }, options.report, baselineWrite ? [baselineWrite] : []);
    if (!requests.ok) {
      io.error(`rampart scan: ${requests.message}`);
      return 2;
    }
    const extraInputs = await clusterInputs('rampart scan', options, io, true);
    if (extraInputs === 'failed') return 2;
    const destinations = new ReportDestinations(requests.value, {
      ...(typeof options.baseline === 'string' ? { baseline: options.baseline } : {}),
      ...(baselineWrite?.file === undefined ? {} : { baselineWrite: baselineWrite.file }),
    });
    let outcome: Awaited<ReturnType<typeof runScan>>;
    try {
      outcome = await runScan(
        {
          ...scanInputs(paths, options, io, extraInputs),
          overrides: {
            only: (options.rule as string[] | undefined) ?? [],
            disable: (options.disable as string[] | undefined) ?? [],
            ...(options.enableAll === true ? { enableAll: true } : {}),
            ...(Array.isArray(options.framework) && options.framework.length > 0 ? { within: rulesOfFrameworks(CHECKS.all(), options.framework.map(String)) } : {}),
            ...(options.annotationIgnore === false ? { allowAnnotationIgnore: false } : {}),
            today: io.env.RAMPART_TODAY ?? new Date().toISOString().slice(0, 10),
            settings: kubeVersion ? { kubeVersion } : {},
            ...(pssParams ? { enableWith: { 'pod-security-standard': pssParams } } : {}),
          },
          ...(baseline ? { baseline } : {}),
          // Writing a baseline accepts every current finding: the run does not fail on them, and says so.
          ...(baselineWrite ? { failOn: 'never' as FailOn } : typeof options.failOn === 'string' ? { failOn: options.failOn as FailOn } : {}),
          ...(isSeverity(options.minSeverity) ? { minSeverity: options.minSeverity } : {}),
          tool: { name: 'rampart', version: VERSION },
          listObjects: destinations.listObjects,
          collectBaseline: baselineWrite !== undefined,
        },
        (header, inputFiles) => destinations.start(header, inputFiles),
      );
      if (!(outcome instanceof PolicyError)) {
        destinations.finish();
        const entries = outcome.baselineEntries;
        if (baselineWrite && entries) writeReportWith(baselineWrite.file, (sink) => entries.write(sink));
      }
    } catch (error) {
      destinations.abort();
      throw error;
    }
    if (outcome instanceof PolicyError) {
      for (const p of outcome.problems) io.error(`rampart scan: ${formatProblem(p)}`);
      return 2;
    }
    trace('written');
    if (output || format.id !== 'table') {
      // The table on a terminal shows errors; machine formats and files must not hide them from a person.
      for (const e of outcome.report.errors) io.error(`error: ${formatProblem(e)}`);
    }
    if (baselineWrite && outcome.exitCode === 1) return 0;
    return outcome.exitCode;
  },
});
