import { formatProblem, type Problem } from '../core/result.js';
import { type LoadedAnalysis, analyzeInputs } from '../netpol/load.js';
import type { AnalysisOptions } from '../netpol/model/cluster.js';
import { strictCidrValidation } from '../netpol/policy/ip-block.js';
import { CLUSTER_OPTIONS, loadManifestInputs } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import type { CommandIO, OptionSpec } from './command.js';
import { parseKubeVersion } from './rbac-input.js';

/** `--kube-version` of the netpol commands: from 1.36 the API server rejects non-standard ipBlock CIDRs in new policies. */
export const NETPOL_KUBE_VERSION_OPTION: OptionSpec = {
  flags: '--kube-version <version>',
  description: 'Kubernetes version of the cluster, e.g. 1.35 (from 1.36 new policies with non-standard CIDRs such as 10.0.0.1/8 are rejected; default: the latest)',
};

/** The inputs of the netpol commands that read one set of manifests: paths, charts, overlays or a cluster, and its version. */
export const NETPOL_INPUT_OPTIONS: readonly OptionSpec[] = [EXCLUDE_OPTION, ...HELM_OPTIONS, ...KUSTOMIZE_OPTIONS, ...CLUSTER_OPTIONS, NETPOL_KUBE_VERSION_OPTION];

/** The netpol analysis options of `--kube-version`; undefined after an error line. */
export function netpolAnalysisOptions(command: string, options: Record<string, unknown>, io: CommandIO): AnalysisOptions | undefined {
  const kube = parseKubeVersion(options.kubeVersion);
  if (!kube.ok) {
    io.error(`${command}: --kube-version expects a version like 1.33, got "${String(options.kubeVersion)}"`);
    return undefined;
  }
  return { strictCidrs: strictCidrValidation(kube.value) };
}

/** The NetworkPolicy analysis of the paths (and the cluster with --cluster); undefined after an error line. */
export async function analyzeManifests(command: string, paths: readonly string[], options: Record<string, unknown>, io: CommandIO): Promise<LoadedAnalysis | undefined> {
  const analysisOptions = netpolAnalysisOptions(command, options, io);
  if (!analysisOptions) return undefined;
  const inputs = await loadManifestInputs(command, paths, options, io);
  return inputs && analyzeInputs(inputs, analysisOptions);
}

/** Prints problems as one line each: `error: file:line:col: message`. */
export function reportProblems(io: CommandIO, errors: readonly Problem[], warnings: readonly Problem[]): void {
  for (const e of errors) io.error(`error: ${formatProblem(e)}`);
  for (const w of warnings) io.error(`warning: ${formatProblem(w)}`);
}

/** The values of a repeatable option (commander collects them into an array). */
export function listOption(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
