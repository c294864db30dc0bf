import { z } from 'zod';
import { cis, k8sDocs, mitre, nsa } from '../../../core/references.js';
import { hostPathVolumes, showHostPath } from '../../../k8s/volumes.js';
import { defineCheck } from '../../api.js';
import { matchRuntimeSocket, RUNTIME_SOCKET_DIRECTORIES, RUNTIME_SOCKET_NAMES, type RuntimeSocketMatch } from './sockets.js';

export default defineCheck({
  id: 'container-runtime-socket',
  title: 'Pod mounts the container runtime socket',
  severity: 'critical',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "Whoever can talk to the container runtime's socket (Docker, containerd, CRI-O, Podman) can start a privileged container with the node's root filesystem mounted, or exec into any container on the node: it is root on the node, whatever the pod's own security context says. A read-only mount does not help, as connecting to a socket is not a write.",
  remediation:
    'Remove the hostPath volume that reaches the runtime socket or its directory. Build images with a daemonless builder (BuildKit rootless, Kaniko, Buildah) and read container metadata through the Kubernetes API or the kubelet instead of the runtime.',
  references: [
    cis('5.2.11', 'Minimize the admission of HostPath volumes'),
    nsa('Pod security: Pod security enforcement'),
    mitre('T1610', 'Deploy Container'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Volumes: hostPath', 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'),
  ],
  params: z.object({
    /** Socket or named-pipe file names recognized in any directory. */
    socketNames: z.array(z.string().min(1)).default([...RUNTIME_SOCKET_NAMES]),
    /** Directories that hold a runtime socket; mounting one of them exposes it. */
    socketDirectories: z.array(z.string().min(1)).default([...RUNTIME_SOCKET_DIRECTORIES]),
  }),
  run({ pod, params, report }) {
    for (const volume of hostPathVolumes(pod)) {
      if (volume.hostPath === undefined) continue;
      const match = matchRuntimeSocket(volume.hostPath, params.socketNames, params.socketDirectories);
      if (match) {
        report({ path: [...volume.path, 'hostPath', 'path'], message: `volume "${volume.name}" ${describe(volume.hostPath, match)}` });
      }
    }
  },
});

function describe(hostPath: string, match: RuntimeSocketMatch): string {
  const shown = showHostPath(hostPath);
  return match.kind === 'socket'
    ? `mounts the container runtime socket ${shown}`
    : `mounts host directory ${shown}, which holds container runtime sockets`;
}
