import { isSameOrInside, normalizeHostPath } from '../../../k8s/volumes.js';

/**
 * Where a Linux node keeps filesystems mounted below its system directories. A read-only bind
 * mount is read-only only at its top: containerd and CRI-O bind a hostPath recursively (`rbind`)
 * and add `ro`, not `rro`, unless the volumeMount sets recursiveReadOnly. So every mount below
 * the host path stays writable in the container.
 *
 * `point` entries are mount points of their own (a host path above them exposes them, the
 * path itself is one filesystem); `tree` entries are directories whose entries the kubelet or
 * the runtime mount one by one (a host path at, above or below them exposes them). Ordered by
 * what a write there does, so messages name the worst first.
 */
const NODE_MOUNTS: readonly { readonly path: string; readonly kind: 'point' | 'tree' }[] = [
  // Every pod's volumes (Secrets, projected tokens, PersistentVolumes) and CSI staging mounts.
  { path: '/var/lib/kubelet/pods', kind: 'tree' },
  { path: '/var/lib/kubelet/plugins', kind: 'tree' },
  // Root filesystems and /dev/shm of every container: containerd, k3s's containerd, CRI-O, Docker.
  { path: '/run/containerd', kind: 'tree' },
  { path: '/run/k3s/containerd', kind: 'tree' },
  { path: '/run/containers/storage', kind: 'tree' },
  { path: '/var/lib/containers/storage/overlay', kind: 'tree' },
  { path: '/var/lib/docker/overlay2', kind: 'tree' },
  // Kernel interfaces mounted below /sys and /proc.
  { path: '/sys/fs/cgroup', kind: 'point' },
  { path: '/proc/sys/fs/binfmt_misc', kind: 'point' },
  { path: '/sys/kernel/security', kind: 'point' },
  { path: '/sys/fs/bpf', kind: 'point' },
  { path: '/sys/kernel/debug', kind: 'point' },
  { path: '/sys/kernel/tracing', kind: 'point' },
  { path: '/sys/kernel/config', kind: 'point' },
  { path: '/sys/firmware/efi/efivars', kind: 'point' },
  { path: '/sys/fs/pstore', kind: 'point' },
  // Pseudo-terminals, shared memory and message queues of the host.
  { path: '/dev/pts', kind: 'point' },
  { path: '/dev/shm', kind: 'point' },
  { path: '/dev/mqueue', kind: 'point' },
  { path: '/dev/hugepages', kind: 'point' },
  // The EFI system partition, where the bootloader lives.
  { path: '/boot/efi', kind: 'point' },
];

/** `/var/run` is a symlink to `/run` on every current distribution; the bind mount follows it. */
function followVarRun(path: string): string {
  return isSameOrInside(path, '/var/run') ? `/run${path.slice('/var/run'.length)}` : path;
}

/**
 * The node mounts a bind of host path `raw` carries along, worst first (empty when none is
 * known): the mounts that stay writable when the volumeMount is read-only but not recursively.
 * Windows paths have none.
 */
export function submountsOf(raw: string): string[] {
  if (/^[A-Za-z]:[\\/]|^\\\\/.test(raw)) return [];
  const normalized = normalizeHostPath(raw);
  const path = followVarRun(normalized);
  // Named as the manifest reaches them: through /var/run when it mounts /var/run.
  const viaVarRun = normalized !== path;
  const shown = (mount: string) => (viaVarRun ? `/var${mount}` : mount);
  return NODE_MOUNTS.filter(({ path: mount, kind }) =>
    kind === 'tree' ? isSameOrInside(mount, path) || isSameOrInside(path, mount) : mount !== path && isSameOrInside(mount, path),
  ).map(({ path: mount, kind }) => shown(kind === 'tree' && isSameOrInside(path, mount) ? path : mount));
}
