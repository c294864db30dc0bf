import { cis, k8sDocs, mitre, nsa } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { type HostPathVolume, hostPathVolumes, type VolumeMountView, volumeMounts } from '../../../k8s/volumes.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { matchRuntimeSocket } from '../container-runtime-socket/sockets.js';

export default defineCheck({
  id: 'writable-host-path',
  title: 'Container mounts a host path read-write',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'A container that can write to a directory of the node can plant files the node or other pods later trust (binaries, configuration, symlinks followed by the kubelet), fill the node disk and tamper with other workloads, which is a common first step of an escape to the node.',
  remediation:
    'Set readOnly: true on the volumeMount of every hostPath volume. If the container must write, give it an emptyDir or a PersistentVolumeClaim instead of the node directory.',
  references: [
    cis('5.2.11', 'Minimize the admission of HostPath volumes'),
    nsa('Pod security: Immutable container file systems'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Volumes: hostPath', 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'),
  ],
  run({ pod, report }) {
    // Volume names are unique in a valid pod; with duplicates the first definition wins.
    const byName = new Map<string, HostPathVolume>();
    for (const volume of hostPathVolumes(pod).reverse()) if (!isSocket(volume)) byName.set(volume.name, volume);
    if (byName.size === 0) return;
    for (const c of pod.containers) {
      for (const mount of volumeMounts(c)) {
        const volume = byName.get(mount.name);
        if (volume && mount.readOnly !== true) {
          report({ path: [...mount.path, 'readOnly'], message: `${describeContainer(c)} ${describeMount(mount, volume)}` });
        }
      }
    }
  },
});

/**
 * readOnly does not stop a client from connecting to a Unix socket, so asking for it would be
 * false comfort; runtime sockets are container-runtime-socket's findings.
 */
function isSocket(volume: HostPathVolume): boolean {
  if (asRecord(volume.body.hostPath)?.type === 'Socket') return true;
  // A directory that holds a runtime socket (/run, /var/run/containerd) is more than the socket:
  // mounted writable, it lets the pod change the host's files there.
  return volume.hostPath !== undefined && matchRuntimeSocket(volume.hostPath)?.kind === 'socket';
}

function describeMount(mount: VolumeMountView, volume: HostPathVolume): string {
  const what = volume.hostPath === undefined ? `hostPath volume "${volume.name}"` : `host path "${volume.hostPath}" (volume "${volume.name}")`;
  const at = mount.mountPath === undefined ? '' : ` at ${mount.mountPath}`;
  const flag = mount.readOnly === false ? 'readOnly: false' : 'readOnly not set';
  return `mounts ${what} read-write${at} (${flag})`;
}
