import { normalizeHostPath } from '../../../k8s/volumes.js';

/** File names of container runtime API endpoints: Unix sockets, and the Windows named pipes. */
export const RUNTIME_SOCKET_NAMES: readonly string[] = [
  'docker.sock',
  'containerd.sock',
  'crio.sock',
  'cri-dockerd.sock',
  'podman.sock',
  'dockershim.sock',
  'docker_engine',
  'containerd-containerd',
];

/**
 * Directories that directly hold a runtime socket: mounting one exposes the socket inside it.
 * Paths below them are not matched (`/run/xtables.lock`, `/var/run/calico` are not sockets);
 * the sockets themselves are recognized by name wherever they live.
 */
export const RUNTIME_SOCKET_DIRECTORIES: readonly string[] = [
  '/run',
  '/var/run',
  '/run/containerd',
  '/var/run/containerd',
  '/run/docker',
  '/var/run/docker',
  '/run/crio',
  '/var/run/crio',
  '/run/podman',
  '/var/run/podman',
  '/run/k3s/containerd',
  '/var/snap/microk8s/common/run',
];

export type RuntimeSocketMatch = { readonly kind: 'socket'; readonly name: string } | { readonly kind: 'directory' };

/** Whether a hostPath path reaches a container runtime socket, and how. */
export function matchRuntimeSocket(
  hostPath: string,
  names: readonly string[] = RUNTIME_SOCKET_NAMES,
  directories: readonly string[] = RUNTIME_SOCKET_DIRECTORIES,
): RuntimeSocketMatch | undefined {
  const path = normalizeHostPath(hostPath);
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name !== '' && names.includes(name)) return { kind: 'socket', name };
  if (directories.some((dir) => normalizeHostPath(dir) === path)) return { kind: 'directory' };
  return undefined;
}
