import { z } from 'zod';
import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { type HostPathVolume, hostPathVolumes, isSameOrInside, normalizeHostPath, showHostPath, volumeMounts } from '../../../k8s/volumes.js';
import type { PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { matchRuntimeSocket } from '../container-runtime-socket/sockets.js';

/** Host directories whose content gives away the node or the cluster, read or written. */
const SENSITIVE_PATHS = [
  '/etc', // node and kubelet configuration, /etc/kubernetes (control-plane keys), /etc/shadow
  '/root',
  '/home',
  '/proc', // every host process: environment, memory, /proc/sysrq-trigger
  '/sys',
  '/dev',
  '/boot',
  '/usr', // binaries and libraries the node executes as root
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/var/lib/kubelet', // kubelet credentials and every pod's volumes, Secrets included
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/containers', // CRI-O and Podman storage
  '/var/lib/etcd',
  '/var/lib/rancher', // k3s and RKE2: server token, embedded datastore, containerd state
  '/var/log', // with write access, a symlink here makes the kubelet serve any host file
  // Cloud credentials where a node user's home directory is / (AWS, Azure and gcloud CLI files).
  '/.aws',
  '/.azure',
  '/.config',
  '/gcloud',
];

/** Paths inside sensitive directories that are harmless to read: time zone, CA bundles, OS release, kernel modules. */
const HARMLESS_WHEN_READ_ONLY = [
  '/etc/localtime',
  '/etc/timezone',
  '/usr/share/zoneinfo',
  '/etc/ssl/certs',
  '/etc/pki/tls/certs',
  '/etc/pki/ca-trust/extracted',
  '/etc/ca-certificates',
  '/usr/share/ca-certificates',
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/machine-id',
  '/lib/modules',
  '/usr/lib/modules',
];

const paramsSchema = z.object({
  /** A hostPath equal to, inside, or containing one of these directories is reported. */
  sensitivePaths: z.array(z.string().min(1)).default(SENSITIVE_PATHS),
  /** Never reported (e.g. `/etc/cni/net.d` for a CNI plugin the cluster trusts). */
  allowedPaths: z.array(z.string().min(1)).default([]),
  /** Not reported while no container mounts them read-write. */
  allowedReadOnlyPaths: z.array(z.string().min(1)).default(HARMLESS_WHEN_READ_ONLY),
});
type Params = z.infer<typeof paramsSchema>;

export default defineCheck({
  id: 'sensitive-host-path',
  title: 'Pod mounts a sensitive directory of the node',
  severity: 'critical',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "Mounting the node's root filesystem or a system directory (/etc, /proc, /var/lib/kubelet, /var/lib/etcd, ...) hands the pod the node's credentials, other pods' Secrets and the files the node executes as root; with write access it is a direct escape to the node.",
  remediation:
    'Remove the hostPath volume, or narrow it to the single file or directory the workload needs, mounted readOnly: true. Deliver configuration through ConfigMaps and Secrets, and credentials through service account tokens.',
  references: [
    cis('5.2.11', 'Minimize the admission of HostPath volumes'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'HostPath Volumes'),
    mitre('T1611', 'Escape to Host'),
    mitre('T1552.001', 'Credentials In Files'),
    k8sDocs('Volumes: hostPath', 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'),
  ],
  params: paramsSchema,
  run({ pod, params, report }) {
    for (const volume of hostPathVolumes(pod)) {
      if (volume.hostPath === undefined) continue;
      // Runtime sockets and their directories are container-runtime-socket's findings.
      if (matchRuntimeSocket(volume.hostPath)) continue;
      const problem = sensitivity(normalizeHostPath(volume.hostPath), params, () => mountedWritable(pod, volume));
      if (problem) {
        report({ path: [...volume.path, 'hostPath', 'path'], message: `volume "${volume.name}" mounts host path ${showHostPath(volume.hostPath)}${problem}` });
      }
    }
  },
});

/** Why a normalized host path is sensitive (a message suffix), or undefined when it is not. */
function sensitivity(path: string, params: Params, writable: () => boolean): string | undefined {
  const within = (dirs: readonly string[]) => dirs.some((dir) => isSameOrInside(path, normalizeHostPath(dir)));
  if (within(params.allowedPaths)) return undefined;
  let readWrite = '';
  if (within(params.allowedReadOnlyPaths)) {
    if (!writable()) return undefined;
    readWrite = ', and a container mounts it read-write';
  }
  const reason = sensitiveReason(path, params.sensitivePaths.map(normalizeHostPath));
  return reason === undefined ? undefined : reason + readWrite;
}

function sensitiveReason(path: string, sensitive: readonly string[]): string | undefined {
  if (path === '/' && sensitive.length > 0) return ', the root filesystem of the node';
  const parent = longest(sensitive.filter((dir) => isSameOrInside(path, dir)));
  if (parent !== undefined) return parent === path ? ', a sensitive node directory' : `, inside sensitive node directory ${parent}`;
  const child = sensitive.find((dir) => isSameOrInside(dir, path));
  return child === undefined ? undefined : `, which contains sensitive node directory ${child}`;
}

function longest(paths: readonly string[]): string | undefined {
  return paths.reduce<string | undefined>((best, p) => (best === undefined || p.length > best.length ? p : best), undefined);
}

function mountedWritable(pod: PodView, volume: HostPathVolume): boolean {
  return pod.containers.some((c) => volumeMounts(c).some((m) => m.name === volume.name && m.readOnly !== true));
}
