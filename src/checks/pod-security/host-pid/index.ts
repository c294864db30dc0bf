import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { pssControl } from '../pss.js';

export default defineCheck({
  id: 'host-pid',
  title: 'Pod shares the host process ID namespace',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "With the host PID namespace the containers see every process on the node: they can read other processes' command lines and environment (often holding credentials) and, running as root or with ptrace, signal or inject code into them, the kubelet and the container runtime included.",
  remediation:
    'Remove spec.hostPID (or set it to false). To see the processes of the other containers of the same pod, use spec.shareProcessNamespace instead.',
  references: [
    cis('5.2.3', 'Minimize the admission of containers wishing to share the host process ID namespace'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'Host Namespaces'),
    mitre('T1611', 'Escape to Host'),
  ],
  run({ object, pod, report }) {
    // The Host Namespaces control covers hostNetwork, hostPID and hostIPC: this rule reports its hostPID part.
    const path = pssControl(object, pod, 'hostNamespaces')?.fields.find((f) => f.at(-1) === 'hostPID');
    if (path) report({ path, message: 'pod shares the host process ID namespace (hostPID: true)' });
  },
});
