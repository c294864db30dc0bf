import { cis, k8sDocs, nsa } from '../../../core/references.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import type { NetpolAnalysis } from '../../../netpol/engine/analysis.js';
import { type DirectionContext, deniesByDefault } from '../../../netpol/engine/evaluate.js';
import { selects } from '../../../netpol/policy/selector.js';
import type { AdminPolicyModel, Direction } from '../../../netpol/policy/types.js';
import { netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';

interface Gap {
  readonly namespace: string;
  readonly missing: readonly Direction[];
}

const gaps = new WeakMap<NetpolAnalysis, ReadonlyMap<K8sObject, Gap>>();

/**
 * What applies in one direction to a pod that no policy singles out, such as a new workload: the
 * NetworkPolicies with an empty podSelector, and the admin and baseline policies whose subject
 * takes every pod of the namespace.
 */
function newPodContext(analysis: NetpolAnalysis, namespace: string, labels: Readonly<Record<string, string>>, direction: Direction): DirectionContext {
  const c = analysis.cluster;
  const applies = (p: AdminPolicyModel) => p[direction].length > 0 && selects(p.subject.namespaces, labels) && (p.subject.pods === undefined || p.subject.pods.empty);
  const adminPolicies = c.adminPolicies.filter(applies);
  const netpols = c.networkPolicies.filter((p) => p.namespace === namespace && p.podSelector.empty && p.affects[direction]);
  const baselinePolicy = c.baselinePolicy && applies(c.baselinePolicy) ? c.baselinePolicy : undefined;
  return {
    id: -1,
    direction,
    admin: adminPolicies.flatMap((p) => p[direction]),
    adminPolicies,
    netpols,
    npRules: netpols.flatMap((p) => p[direction]),
    baseline: baselinePolicy ? baselinePolicy[direction] : [],
    baselinePolicy,
  };
}

/**
 * Namespaces with workloads but without a default deny, each reported once: on its Namespace
 * object when the input has one, else on its first NetworkPolicy (a namespace with neither is
 * covered by pod-not-selected-by-network-policy).
 */
function namespaceGaps(analysis: NetpolAnalysis, index: ObjectIndex): ReadonlyMap<K8sObject, Gap> {
  let found = gaps.get(analysis);
  if (found) return found;
  const result = new Map<K8sObject, Gap>();
  const namespaces = new Set(analysis.workloads.filter((w) => !w.hostNetwork).map((w) => w.namespace));
  for (const name of namespaces) {
    const ns = analysis.cluster.namespaces.get(name);
    const anchor = ns?.object ?? index.ofGroupInNamespace('network-policy', name)[0];
    if (!ns || !anchor) continue;
    const missing = (['ingress', 'egress'] as const).filter((d) => !deniesByDefault(newPodContext(analysis, name, ns.labels, d)));
    if (missing.length > 0) result.set(anchor, { namespace: name, missing });
  }
  gaps.set(analysis, result);
  found = result;
  return found;
}

export default defineCheck({
  id: 'namespace-without-default-deny',
  title: 'Namespace has no default-deny NetworkPolicy',
  severity: 'low',
  category: 'network',
  target: 'any',
  description:
    'A default-deny NetworkPolicy (podSelector: {} with the direction in policyTypes) isolates every pod of its namespace, including pods added later, so traffic flows only where a policy allows it. Without one, each new workload starts fully open until someone writes a policy for it, and a label typo in a specific policy leaves pods exposed without a word. A policy whose rules allow every peer on every port (`ingress: [{}]`) is the allow-all policy, not a default deny. An AdminNetworkPolicy or BaselineAdminNetworkPolicy counts too where its rules, in precedence order (an earlier Allow or Pass wins), deny traffic from every pod, or to every pod and every address: a Deny to namespaces: {} alone leaves external addresses open. Reported once per namespace, on its Namespace object (or on its first NetworkPolicy when the input has no Namespace object).',
  remediation:
    'Add to the namespace: `kind: NetworkPolicy`, `metadata.name: default-deny`, `spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`, and allow what the workloads need with specific policies (including egress to kube-dns on UDP/TCP 53).',
  references: [
    cis('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined'),
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('Network Policies: default policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'),
  ],
  run({ object, settings, index, report }) {
    const gap = namespaceGaps(netpolView(index, settings.kubeVersion).analysis, index).get(object);
    if (!gap) return;
    const directions = gap.missing.join(' and ');
    report({
      path: object.kind === 'Namespace' ? ['metadata', 'name'] : ['metadata', 'namespace'],
      message: `namespace "${gap.namespace}" has no default-deny NetworkPolicy for ${directions}: a pod that no policy selects (such as a new workload) ${gap.missing.includes('ingress') ? 'accepts connections from every pod' : 'can connect anywhere'}${gap.missing.length === 2 ? ' and can connect anywhere' : ''}`,
    });
  },
});
