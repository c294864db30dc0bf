import { cis, k8sDocs, nsa } from '../../../core/references.js';
import { getIn } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import { matchesSelector, parseLabelSelector } from '../../../k8s/selectors.js';
import { defineCheck } from '../../api.js';
import { describeObject, formatLabels } from '../shared.js';

/** Whether a NetworkPolicy's spec.podSelector (empty or absent: every pod) matches these pod labels. */
function selects(policy: K8sObject, labels: Readonly<Record<string, string>>): boolean {
  return matchesSelector(parseLabelSelector(getIn(policy.body, 'spec', 'podSelector')), labels);
}

function whyUnselected(policyCount: number, namespace: string, them: string): string {
  if (policyCount === 0) return `namespace "${namespace}" has no NetworkPolicy`;
  if (policyCount === 1) return `the only NetworkPolicy in namespace "${namespace}" does not select ${them}`;
  return `none of the ${policyCount} NetworkPolicies in namespace "${namespace}" selects ${them}`;
}

export default defineCheck({
  id: 'pod-not-selected-by-network-policy',
  title: 'Pods are not isolated by any NetworkPolicy',
  severity: 'medium',
  category: 'network',
  target: 'workload',
  description:
    'Until a NetworkPolicy selects a pod, the pod accepts connections from every other pod (and from outside the cluster where routing allows) and may connect anywhere, so one compromised pod can reach it and it can reach the rest of the cluster. A NetworkPolicy isolates the pods of its own namespace that its spec.podSelector matches; an empty podSelector matches them all. Host-network pods are not reported: NetworkPolicy does not reliably apply to them.',
  remediation:
    'Add a NetworkPolicy in the pods\' namespace whose spec.podSelector matches their labels: at least a default-deny policy (podSelector: {} with policyTypes Ingress and Egress), then policies that allow only the traffic the pods need.',
  references: [
    cis('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined'),
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('Network Policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'),
  ],
  run({ object, pod, index, report }) {
    if (pod.spec.hostNetwork === true) return;
    const namespace = index.namespaceOf(object);
    const policies = index.ofGroupInNamespace('network-policy', namespace);
    if (policies.some((p) => selects(p, pod.labels))) return;
    const isPod = pod.workloadKind.templatePath.length === 0;
    const subject = isPod ? `${describeObject(object)} is` : `pods of ${describeObject(object)} are`;
    report({
      path: [...pod.metadataPath, 'labels'],
      message: `${subject} not isolated (${formatLabels(pod.labels)}): ${whyUnselected(policies.length, namespace, isPod ? 'it' : 'them')}`,
    });
  },
});
