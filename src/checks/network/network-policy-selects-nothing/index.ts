import { formatPath, type Path } from '../../../core/path.js';
import { k8sDocs, nsa } from '../../../core/references.js';
import type { Selector } from '../../../netpol/policy/selector.js';
import type { NetworkPolicyModel } from '../../../netpol/policy/types.js';
import { netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';
import { danglingSelector, elsewhereHint, formatSelector } from '../shared.js';

/** A pod selector of the policy that refers to pods of the policy's own namespace. */
interface LocalSelector {
  readonly selector: Selector;
  readonly path: Path;
  /** What selecting nothing means for this selector. */
  readonly consequence: string;
  /** Why pods of other namespaces do not count. */
  readonly scope: string;
}

/** spec.podSelector, and the podSelector of every ingress/egress peer that has no namespaceSelector. */
function localSelectors(policy: NetworkPolicyModel): LocalSelector[] {
  const selectors: LocalSelector[] = [];
  // A missing podSelector is the empty one: it selects every pod and is skipped below.
  selectors.push({ selector: policy.podSelector, path: ['spec', 'podSelector'], consequence: 'the policy isolates no pod', scope: 'a NetworkPolicy only applies to pods of its own namespace' });
  for (const rule of [...policy.ingress, ...policy.egress]) {
    if (rule.peers === 'all') continue;
    const consequence = rule.direction === 'ingress' ? 'this peer admits no traffic' : 'this peer allows no traffic';
    for (const peer of rule.peers) {
      if (peer.kind !== 'pods' || peer.namespaces.kind !== 'same' || !peer.pods) continue;
      selectors.push({ selector: peer.pods, path: [...peer.path, 'podSelector'], consequence, scope: "a peer without namespaceSelector only selects pods of the policy's namespace" });
    }
  }
  return selectors;
}

export default defineCheck({
  id: 'network-policy-selects-nothing',
  title: 'NetworkPolicy selector matches no pod',
  severity: 'low',
  category: 'network',
  target: 'network-policy',
  description:
    'A NetworkPolicy whose podSelector matches no pod protects nothing, usually because of a label typo or a wrong namespace, and the pods it was written for stay open; a peer podSelector that matches nothing silently makes its rule useless. The input can only speak for namespaces it holds workloads for, so the check stays silent for a namespace without any workload in the input (unless pods matching the selector run in another namespace, the classic wrong-namespace mistake), and when the namespace holds a custom resource (other than a configuration resource such as a ServiceMonitor, an ExternalSecret or an Istio or Traefik route), as operators create pods from those and label them with labels of their own that the input cannot show (cnpg.io/cluster from CloudNativePG, strimzi.io/kind from Strimzi). An empty podSelector selects every pod and is never reported; a selector the API server rejects is reported by network-policy-invalid.',
  remediation:
    'Fix the selector so it matches the labels of the pod template it is meant for (kubectl get pods -l <selector> -n <namespace> shows what it selects), or move the NetworkPolicy into the namespace of those pods; delete policies for workloads that no longer exist.',
  references: [
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('Network Policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'),
  ],
  run({ object, settings, index, report }) {
    const policy = netpolView(index, settings.kubeVersion).policyByObject.get(object);
    if (!policy || policy.kind !== 'NetworkPolicy') return;
    for (const { selector, path, consequence, scope } of localSelectors(policy)) {
      if (!selector.selector.valid || selector.empty) continue;
      const dangling = danglingSelector(index, policy.namespace, selector.selector);
      if (!dangling) continue;
      report({
        path,
        message: `${formatPath(path)} (${formatSelector(selector.selector)}) matches no workload in namespace "${policy.namespace}", so ${consequence}${elsewhereHint(dangling, scope)}`,
      });
    }
  },
});
