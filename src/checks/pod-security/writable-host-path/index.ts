import { cis, k8sDocs, mitre, nsa } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { type HostPathVolume, hostPathVolumes, normalizeHostPath, type VolumeMountView, volumeMounts } from '../../../k8s/volumes.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { matchRuntimeSocket } from '../container-runtime-socket/sockets.js';
import { submountsOf } from './submounts.js';

/** The Kubernetes minor that added volumeMounts[].recursiveReadOnly (alpha, feature gate RecursiveReadOnlyMounts off by default). */
const RRO_ALPHA = 30;
/** The minor from which the RecursiveReadOnlyMounts gate is on by default (beta 1.31, GA 1.33). */
const RRO_DEFAULT = 31;

export default defineCheck({
  id: 'writable-host-path',
  title: 'Container mounts a host path read-write',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'A container that can write to a directory of the node can plant files the node or other pods later trust (binaries, configuration, symlinks followed by the kubelet), fill the node disk and tamper with other workloads, which is a common first step of an escape to the node. readOnly: true alone is not recursive: the runtime bind-mounts the host path with everything mounted below it and makes only the top read-only, so a read-only mount of /, /sys, /proc, /dev, /run or /var/lib/kubelet still leaves the node\'s mounts below it writable (cgroups, securityfs, binfmt_misc, /dev/shm, other pods\' volumes, container root filesystems); that is reported at medium severity. recursiveReadOnly: Enabled (Kubernetes 1.31+, or 1.30 with the RecursiveReadOnlyMounts feature gate) makes them read-only too, and the pod fails to start where the kernel (before 5.12) or the runtime cannot; IfPossible is accepted, but silently falls back to a non-recursive mount on such nodes.',
  remediation:
    'Set readOnly: true on the volumeMount of every hostPath volume, and recursiveReadOnly: Enabled when the host path holds other mounts (it requires mountPropagation None). If the container must write, give it an emptyDir or a PersistentVolumeClaim instead of the node directory; mount the narrowest host directory the container needs.',
  references: [
    cis('5.2.11', 'Minimize the admission of HostPath volumes'),
    nsa('Pod security: Immutable container file systems'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Volumes: hostPath', 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'),
  ],
  run({ pod, settings, report }) {
    // Volume names are unique in a valid pod; with duplicates the first definition wins.
    const byName = new Map<string, HostPathVolume>();
    for (const volume of hostPathVolumes(pod).reverse()) if (!isSocket(volume)) byName.set(volume.name, volume);
    if (byName.size === 0) return;
    const target = kubeMinorVersion(settings.kubeVersion);
    for (const c of pod.containers) {
      for (const mount of volumeMounts(c)) {
        const volume = byName.get(mount.name);
        if (!volume) continue;
        if (mount.readOnly !== true) {
          report({ path: [...mount.path, 'readOnly'], message: `${describeContainer(c)} ${describeMount(mount, volume)}` });
          continue;
        }
        // The kubelet bind-mounts a subPath without the mounts below it; a Windows node has none of them.
        if (mount.subPath || volume.hostPath === undefined || isWindowsPod(pod)) continue;
        if (recursive(mount, target)) continue;
        const submounts = examples(submountsOf(volume.hostPath), volume.hostPath);
        if (submounts.length === 0) continue;
        const field = mount.recursiveReadOnly === undefined ? 'readOnly' : 'recursiveReadOnly';
        report({
          path: [...mount.path, field],
          severity: 'medium',
          message: `${describeContainer(c)} ${describeNonRecursive(mount, volume.hostPath, submounts, target)}`,
        });
      }
    }
  },
});

/** Up to three of a host path's submounts for a message (then "..."), from different directories below it first. */
function examples(submounts: readonly string[], hostPath: string): string[] {
  const base = normalizeHostPath(hostPath);
  const branch = (mount: string) => mount.slice(base.length).split('/').find((segment) => segment !== '');
  const branches = new Set<string | undefined>();
  const picked = new Set<string>();
  for (const mount of submounts) {
    if (picked.size < 3 && !branches.has(branch(mount))) picked.add(mount);
    branches.add(branch(mount));
  }
  for (const mount of submounts) if (picked.size < 3) picked.add(mount);
  const ordered = submounts.filter((mount) => picked.has(mount));
  return submounts.length > picked.size ? [...ordered, '...'] : ordered;
}

/** Whether a read-only mount is also read-only below its top, on the target version. */
function recursive(mount: VolumeMountView, target: number | undefined): boolean {
  const asked = mount.recursiveReadOnly === 'Enabled' || mount.recursiveReadOnly === 'IfPossible';
  return asked && (target === undefined || target >= RRO_DEFAULT);
}

function describeNonRecursive(mount: VolumeMountView, hostPath: string, submounts: readonly string[], target: number | undefined): string {
  const at = mount.mountPath === undefined ? '' : ` at ${mount.mountPath}`;
  const listed = submounts.join(', ');
  const what = `mounts host path "${hostPath}" (volume "${mount.name}")${at} with readOnly: true, which is not recursive: the node's mounts below it (${listed}) stay writable`;
  const asked = mount.recursiveReadOnly === 'Enabled' || mount.recursiveReadOnly === 'IfPossible';
  if (target !== undefined && target < RRO_ALPHA) {
    const dropped = asked ? `; Kubernetes 1.${target} drops recursiveReadOnly, which arrives in 1.${RRO_ALPHA}` : '';
    return `${what}${dropped} (mount only the subdirectory the container needs, or upgrade to 1.${RRO_DEFAULT}+ and set recursiveReadOnly: Enabled)`;
  }
  if (target !== undefined && target < RRO_DEFAULT) {
    const gate = `the RecursiveReadOnlyMounts feature gate (alpha, off by default in 1.${target}) on the API server and the kubelets`;
    return asked
      ? `${what} unless ${gate} is enabled (otherwise the API server drops recursiveReadOnly: ${mount.recursiveReadOnly})`
      : `${what} (set recursiveReadOnly: Enabled, which needs ${gate}, or mount only the subdirectory the container needs)`;
  }
  const propagation = mount.mountPropagation;
  if (propagation !== undefined && propagation !== 'None') {
    return `${what} (set recursiveReadOnly: Enabled, which requires dropping mountPropagation: ${propagation}, so mounts the node adds later no longer appear in the container)`;
  }
  return `${what} (set recursiveReadOnly: Enabled)`;
}

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
