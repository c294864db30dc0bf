import { type Problem, formatProblem } from '../core/result.js';
import { withoutRejectedObjects } from '../checks/hygiene/schema-validation/rejection.js';
import { type ClusterRequest, dumpCluster } from '../inputs/cluster.js';
import { type LoadedInputs, type SourceText, loadInputs } from '../inputs/load.js';
import { writeFileAtomicWithMode } from '../report/write-with-mode.js';
import type { CommandIO, OptionSpec } from './command.js';
import { manifestReadOptions } from './read-options.js';

/** `--cluster` and how to reach it, for every command that reads manifests. */
export const CLUSTER_OPTIONS: readonly OptionSpec[] = [
  { flags: '--cluster', description: "also read the objects of a live cluster: the kubeconfig's current context, read only, no Secret values" },
  { flags: '--kubeconfig <file>', description: 'with --cluster: kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the in-cluster service account)' },
  { flags: '--context <name>', description: 'with --cluster: kubeconfig context to use instead of the current one' },
  { flags: '--cluster-dump <file>', description: "with --cluster: write the objects read to FILE (a kubectl-style List), and point findings' lines into it", writesFile: true },
];

/** `rampart scan` only: the other commands read the whole cluster (RBAC, NetworkPolicies and PSS depend on it). */
export const CLUSTER_NAMESPACE_OPTION: OptionSpec = {
  flags: '--namespace <name>',
  description: 'with --cluster: only this namespace (cluster-wide kinds such as ClusterRoles are then not read)',
};

const FLAGS = { kubeconfig: '--kubeconfig', context: '--context', clusterDump: '--cluster-dump', namespace: '--namespace' } as const;
type ClusterKey = keyof typeof FLAGS;

/**
 * The cluster to read from `--cluster` and its options; undefined without `--cluster`.
 * `withNamespace`: the command's --namespace is the cluster option (scan), not one of its own.
 */
export function clusterRequest(options: Record<string, unknown>, withNamespace = false): { ok: true; value: ClusterRequest | undefined } | { ok: false; message: string } {
  const keys = (Object.keys(FLAGS) as ClusterKey[]).filter((key) => withNamespace || key !== 'namespace');
  if (options.cluster !== true) {
    const stray = keys.find((key) => options[key] !== undefined);
    return stray ? { ok: false, message: `${FLAGS[stray]} needs --cluster` } : { ok: true, value: undefined };
  }
  // Findings name the dump and its lines, so it must be a file; on stdout it would also mix with the report.
  if (options.clusterDump === '-') return { ok: false, message: '--cluster-dump needs a file name: findings point into the dump by name and line, so it cannot go to standard output' };
  const text = (key: ClusterKey) => (keys.includes(key) && typeof options[key] === 'string' ? { [key]: options[key] } : {});
  return { ok: true, value: { ...text('kubeconfig'), ...text('context'), ...text('namespace') } };
}

export interface ClusterInputs {
  readonly sources: SourceText[];
  readonly warnings: Problem[];
  /** The kubeconfig context read. */
  readonly cluster: string;
}

/**
 * Reads the cluster's objects. With a dump file, the objects are written there first (mode 0600:
 * ConfigMaps and annotations can hold sensitive data) and findings name that file and its lines.
 */
export async function readCluster(request: ClusterRequest, dumpFile: string | undefined): Promise<{ ok: true; value: ClusterInputs } | { ok: false; error: Problem }> {
  const dump = await dumpCluster(request);
  if (!dump.ok) return dump;
  const { text, warnings, context } = dump.value;
  if (dumpFile === undefined) return { ok: true, value: { sources: [{ name: dump.value.name, text }], warnings, cluster: context } };
  writeFileAtomicWithMode(dumpFile, text, 0o600);
  return { ok: true, value: { sources: [{ name: dumpFile, text }], warnings, cluster: context } };
}

/**
 * The cluster's objects when `--cluster` is given (undefined without), or `failed` after an
 * error line (wrong options, the cluster unreadable), for an exit code 2.
 */
export async function clusterInputs(command: string, options: Record<string, unknown>, io: CommandIO, withNamespace = false): Promise<ClusterInputs | undefined | 'failed'> {
  const cluster = clusterRequest(options, withNamespace);
  if (!cluster.ok) {
    io.error(`${command}: ${cluster.message}`);
    return 'failed';
  }
  if (!cluster.value) return undefined;
  const read = await readCluster(cluster.value, typeof options.clusterDump === 'string' ? options.clusterDump : undefined);
  if (read.ok) return read.value;
  io.error(`${command}: ${formatProblem(read.error)}`);
  return 'failed';
}

/**
 * The objects of the paths and, with `--cluster`, of the cluster, for the commands that do not
 * report findings. Errors and warnings about the cluster, and what helm or kustomize warned of,
 * are written as lines; undefined when there is no input, the options are wrong or the cluster
 * could not be read, for an exit code 2.
 */
export async function loadManifestInputs(command: string, paths: readonly string[], options: Record<string, unknown>, io: CommandIO): Promise<LoadedInputs | undefined> {
  if (!hasInput(paths, options)) {
    io.error(`${command}: no input; give files, directories or - for stdin, or --cluster (see ${command} --help)`);
    return undefined;
  }
  const extra = await clusterInputs(command, options, io);
  if (extra === 'failed') return undefined;
  for (const w of extra?.warnings ?? []) io.error(`warning: ${formatProblem(w)}`);
  const inputs = await loadInputs(paths, manifestReadOptions(options, io), extra?.sources ?? []);
  for (const w of inputs.warnings) io.error(`warning: ${formatProblem(w)}`);
  return leaveOutRejected(inputs);
}

/**
 * The inputs without the objects the API server would refuse (a namespace written `no`, which
 * YAML reads as false; a pod whose `privileged` is the string "true"; a Deployment without a
 * template), each an input error: analysing such an object as if it were in the cluster, in the
 * `default` namespace or with its fields read loosely, would answer for a cluster that cannot exist.
 */
function leaveOutRejected(inputs: LoadedInputs): LoadedInputs {
  const problems: Problem[] = [];
  const objects = withoutRejectedObjects(inputs.objects, problems);
  return problems.length === 0 ? inputs : { ...inputs, objects, problems: [...inputs.problems, ...problems] };
}

/** Whether there is something to read: paths, or --cluster. */
export function hasInput(paths: readonly string[], options: Record<string, unknown>): boolean {
  return paths.length > 0 || options.cluster === true;
}
