import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { pssControl } from '../pss.js';

export default defineCheck({
  id: 'host-ipc',
  title: 'Pod shares the host IPC namespace',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "With the host IPC namespace the containers reach the node's System V shared memory segments, semaphores and message queues, so they can read or tamper with the data of any process on the node that communicates through them.",
  remediation:
    'Remove spec.hostIPC (or set it to false). Containers of the same pod already share an IPC namespace; use a shared emptyDir (medium: Memory) for data exchanged between them.',
  references: [
    cis('5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'Host Namespaces'),
    mitre('T1611', 'Escape to Host'),
  ],
  run({ object, pod, report }) {
    // The Host Namespaces control covers hostNetwork, hostPID and hostIPC: this rule reports its hostIPC part.
    const path = pssControl(object, pod, 'hostNamespaces')?.fields.find((f) => f.at(-1) === 'hostIPC');
    if (path) report({ path, message: 'pod shares the host IPC namespace (hostIPC: true)' });
  },
});
