import { formatPath } from '../../../core/path.js';
import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { describeRulePorts } from '../../../netpol/policy/types.js';
import { netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'network-policy-open-to-all-namespaces',
  title: 'NetworkPolicy rule allows every pod of every namespace',
  severity: 'medium',
  category: 'network',
  target: 'network-policy',
  description:
    'A peer with `namespaceSelector: {}` and no (or an empty) podSelector matches every pod of every namespace, including namespaces created later and pods of other teams and tenants. In an ingress rule any compromised pod anywhere in the cluster may connect; in an egress rule the pods may reach any pod of the cluster. It is often written when "same namespace" (`podSelector: {}` alone) or one namespace was meant. Ingress rules are reported as medium, egress rules as low.',
  remediation:
    'Name the namespaces that need access (`namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: frontend}}`) and, together with it in the same peer, the pods (`podSelector`), or use `podSelector: {}` without namespaceSelector for the policy\'s own namespace.',
  references: [
    nsa('Network separation and hardening: Network policies'),
    mitre('T1210', 'Exploitation of Remote Services'),
    k8sDocs('Network Policies: behavior of to and from selectors', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors'),
  ],
  run({ object, settings, index, report }) {
    const policy = netpolView(index, settings.kubeVersion).policyByObject.get(object);
    if (!policy || policy.kind !== 'NetworkPolicy') return;
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.ignored || rule.peers === 'all') continue;
      for (const peer of rule.peers) {
        if (peer.kind !== 'pods' || peer.namespaces.kind !== 'selector' || !peer.namespaces.selector.empty || (peer.pods && !peer.pods.empty)) continue;
        const on = `on ${describeRulePorts(rule)}`;
        const what = rule.direction === 'ingress' ? 'admits connections from every pod of every namespace' : 'allows connections to every pod of every namespace';
        report({ path: peer.path, message: `${formatPath(peer.path)} (namespaceSelector: {}) ${what} ${on}`, ...(rule.direction === 'egress' ? { severity: 'low' as const } : {}) });
      }
    }
  },
});
