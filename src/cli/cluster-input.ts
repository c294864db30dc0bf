import type { Problem } from '../core/result.js';
import { type ClusterRequest, dumpCluster } from '../inputs/cluster.js';
import type { SourceText } from '../inputs/load.js';
import { writeFileAtomicWithMode } from '../admission/certs/files.js';

const CLUSTER_ONLY = ['kubeconfig', 'context', 'namespace', 'clusterDump'] as const;
const FLAG: Record<(typeof CLUSTER_ONLY)[number], string> = { kubeconfig: '--kubeconfig', context: '--context', namespace: '--namespace', clusterDump: '--cluster-dump' };

/** The cluster to read from `--cluster` and its options; undefined without `--cluster`. */
export function clusterRequest(options: Record<string, unknown>): { ok: true; value: ClusterRequest | undefined } | { ok: false; message: string } {
  if (options.cluster !== true) {
    const stray = CLUSTER_ONLY.find((key) => options[key] !== undefined);
    return stray ? { ok: false, message: `${FLAG[stray]} needs --cluster` } : { ok: true, value: undefined };
  }
  const text = (key: string) => (typeof options[key] === 'string' ? { [key]: options[key] } : {});
  return { ok: true, value: { ...text('kubeconfig'), ...text('context'), ...text('namespace') } };
}

export interface ClusterInputs {
  readonly sources: SourceText[];
  readonly warnings: Problem[];
}

/**
 * Reads the cluster's objects. With a dump file, the objects are written there first (mode 0600:
 * ConfigMaps and annotations can hold sensitive data) and findings name that file and its lines.
 */
export async function readCluster(request: ClusterRequest, dumpFile: string | undefined): Promise<{ ok: true; value: ClusterInputs } | { ok: false; error: Problem }> {
  const dump = await dumpCluster(request);
  if (!dump.ok) return dump;
  const { text, warnings } = dump.value;
  if (dumpFile === undefined) return { ok: true, value: { sources: [{ name: dump.value.name, text }], warnings } };
  writeFileAtomicWithMode(dumpFile, text, 0o600);
  return { ok: true, value: { sources: [{ name: dumpFile, text }], warnings } };
}
