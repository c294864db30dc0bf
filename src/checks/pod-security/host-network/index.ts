import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { pssControl } from '../pss.js';

export default defineCheck({
  id: 'host-network',
  title: 'Pod shares the host network namespace',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "A pod on the host network uses the node's interfaces directly: it can sniff other pods' traffic, reach services listening only on the node's loopback (kubelet, control-plane components, cloud metadata endpoints) and bind any node port, and NetworkPolicies no longer isolate it.",
  remediation:
    'Remove spec.hostNetwork (or set it to false) and expose the workload through a Service; keep the host network only for node-level network agents that cannot work without it.',
  references: [
    cis('5.2.5', 'Minimize the admission of containers wishing to share the host network namespace'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'Host Namespaces'),
    mitre('T1611', 'Escape to Host'),
  ],
  run({ object, pod, report }) {
    // The Host Namespaces control covers hostNetwork, hostPID and hostIPC: this rule reports its hostNetwork part.
    const path = pssControl(object, pod, 'hostNamespaces')?.fields.find((f) => f.at(-1) === 'hostNetwork');
    if (path) report({ path, message: 'pod shares the host network namespace (hostNetwork: true)' });
  },
});
