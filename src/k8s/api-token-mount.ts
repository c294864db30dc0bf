import { asArray, asRecord, asString, recordsWithIndex } from './access.js';
import { podVolumes } from './volumes.js';
import type { PodView } from './workloads.js';

/** Where the ServiceAccount admission plugin mounts the API token into containers. */
export const API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A projected token volume the API server accepts: no audience (the API server's) or the in-cluster API name. */
export function projectsApiToken(pod: PodView): boolean {
  return podVolumes(pod).some((volume) =>
    asArray(asRecord(volume.body.projected)?.sources).some((source) => {
      const token = asRecord(asRecord(source)?.serviceAccountToken);
      const audience = asString(token?.audience);
      return token !== undefined && (!audience || audience.includes('kubernetes.default.svc'));
    }),
  );
}

/**
 * Whether automounting gives no container the API token whatever the settings say: the
 * ServiceAccount admission plugin skips every container that already mounts a volume at the
 * token's path (the exact string), and adds the token volume only when some init or regular
 * container got the mount (plugin/pkg/admission/serviceaccount/admission.go,
 * mountServiceAccountToken). Ephemeral containers, added to running pods, are not mounted there.
 */
export function apiTokenPathTakenInEveryContainer(pod: PodView): boolean {
  const containers = pod.containers.filter((c) => c.kind !== 'ephemeralContainer');
  return (
    containers.length > 0 &&
    containers.every((c) => recordsWithIndex(c.body.volumeMounts).some(({ record }) => asString(record.mountPath) === API_TOKEN_MOUNT_PATH))
  );
}

/**
 * Whether the pod keeps the API token out of every container by mounting volumes of its own at its
 * path (an emptyDir, say), rather than mounting a token there itself.
 */
export function apiTokenMaskedByOwnMounts(pod: PodView): boolean {
  return apiTokenPathTakenInEveryContainer(pod) && !projectsApiToken(pod);
}
