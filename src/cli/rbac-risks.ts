import { formatProblem } from '../core/result.js';
import { CLUSTER_OPTIONS, clusterInputs } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { scanInputs } from './scan-inputs.js';
import { isSeverity } from '../core/severity.js';
import { CHECKS } from '../checks/index.js';
import { reportFormat } from '../report/index.js';
import type { FailOn } from '../report/model.js';
import { readBaseline } from '../scan/baseline.js';
import { PolicyError, runScan } from '../scan/run-scan.js';
import { useColor } from './color.js';
import { defineCommand } from './command.js';
import { outputFile } from './output-option.js';
import { FINDINGS_REPORT_OPTIONS } from './findings-options.js';
import { ReportDestinations, reportRequests } from './report-destinations.js';
import { DEFAULTS_OPTION, parseKubeVersion, requirePaths } from './rbac-input.js';
import { VERSION } from '../package-files.js';
import { refusalProblems } from '../rbac/refused.js';

/** The rules `rbac risks` runs: the scan's rbac category, nothing else. */
const NOT_RBAC = CHECKS.all()
  .filter((c) => c.category !== 'rbac')
  .map((c) => c.id);


const isFailOn = (value: unknown): value is FailOn => value === 'never' || isSeverity(value);


export const rbacRisksCommand = defineCommand({
  name: 'risks',
  description: "Risky grants as findings (the scan's RBAC rules, on the exact model): secrets, pod creation and exec, escalate, bind, impersonate, tokens, nodes, admission, wildcards, system groups, default accounts, dangling bindings",
  arguments: '[paths...]',
  options: [
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    ...CLUSTER_OPTIONS,
    ...FINDINGS_REPORT_OPTIONS,
    { flags: '--rule <id>', description: 'run only this RBAC rule (repeatable, comma-separated)', repeatable: true },
    { flags: '--disable <id>', description: 'do not run this rule (repeatable, comma-separated)', repeatable: true },
    { flags: '--kube-version <version>', description: 'Kubernetes version of the cluster, e.g. 1.35 (exec over WebSockets needs create from 1.35)' },
    DEFAULTS_OPTION,
    { flags: '--show-suppressed', description: 'list exempted findings in the table output' },
    { flags: '--color', description: 'force colored output' },
    { flags: '--no-color', description: 'disable colored output (also: NO_COLOR=1)' },
  ],
  examples: ['rampart rbac risks ./manifests', 'kubectl get roles,rolebindings,clusterroles,clusterrolebindings,serviceaccounts,pods -A -o yaml | rampart rbac risks - --format sarif -o rbac.sarif'],
  async run(args, options, io) {
    if (!requirePaths('risks', args, options, io)) return 2;
    const format = reportFormat(String(options.format));
    const kube = parseKubeVersion(options.kubeVersion);
    if (!format || !kube.ok) {
      io.error(format ? `rampart rbac risks: --kube-version expects a version like 1.33, got "${String(options.kubeVersion)}"` : `rampart rbac risks: unknown format "${String(options.format)}"`);
      return 2;
    }
    const only = Array.isArray(options.rule) ? options.rule.filter((id): id is string => typeof id === 'string') : [];
    const notRbac = only.filter((id) => CHECKS.get(id) && CHECKS.get(id)?.category !== 'rbac');
    if (notRbac.length > 0) {
      io.error(`rampart rbac risks: not an RBAC rule: ${notRbac.join(', ')} (use rampart scan)`);
      return 2;
    }
    let baseline;
    if (typeof options.baseline === 'string') {
      const read = readBaseline(options.baseline);
      if (!read.ok) {
        io.error(`rampart rbac risks: ${formatProblem(read.error)}`);
        return 2;
      }
      baseline = read.value;
    }
    const output = outputFile(options);
    const render = { color: useColor(io, typeof options.color === 'boolean' ? options.color : undefined, output !== undefined), showSuppressed: options.showSuppressed === true };
    const requests = reportRequests({ format, file: output, options: render }, options.report);
    if (!requests.ok) {
      io.error(`rampart rbac risks: ${requests.message}`);
      return 2;
    }
    const extraInputs = await clusterInputs('rampart rbac risks', options, io);
    if (extraInputs === 'failed') return 2;
    const destinations = new ReportDestinations(requests.value, typeof options.baseline === 'string' ? { baseline: options.baseline } : {});
    let outcome: Awaited<ReturnType<typeof runScan>>;
    try {
      outcome = await runScan(
        {
          ...scanInputs(args, options, io, extraInputs),
          overrides: {
            only,
            disable: [...NOT_RBAC, ...(Array.isArray(options.disable) ? options.disable.filter((id): id is string => typeof id === 'string') : [])],
            today: io.env.RAMPART_TODAY ?? new Date().toISOString().slice(0, 10),
            settings: { ...(kube.value ? { kubeVersion: kube.value } : {}), rbacDefaults: options.defaults !== false },
          },
          ...(baseline ? { baseline } : {}),
          ...(isFailOn(options.failOn) ? { failOn: options.failOn } : {}),
          ...(isSeverity(options.minSeverity) ? { minSeverity: options.minSeverity } : {}),
          tool: { name: 'rampart', version: VERSION },
          listObjects: destinations.listObjects,
          // A role or binding the API server refuses is an input error of the RBAC commands (the scan reports it as a finding only).
          inputErrors: refusalProblems,
        },
        (header, inputFiles) => destinations.start(header, inputFiles),
      );
      if (!(outcome instanceof PolicyError)) destinations.finish();
    } catch (error) {
      destinations.abort();
      throw error;
    }
    if (outcome instanceof PolicyError) {
      for (const p of outcome.problems) io.error(`rampart rbac risks: ${formatProblem(p)}`);
      return 2;
    }
    if (output || format.id !== 'table') for (const e of outcome.report.errors) io.error(`error: ${formatProblem(e)}`);
    return outcome.exitCode;
  },
});
