import { cis, k8sDocs, nsa } from '../../../core/references.js';
import { otherInstallsNote } from '../../../k8s/nearest-copy.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import type { NetpolAnalysis } from '../../../netpol/engine/analysis.js';
import { type DirectionContext, deniesByDefault } from '../../../netpol/engine/evaluate.js';
import { selects } from '../../../netpol/policy/selector.js';
import type { AdminPolicyModel, Direction } from '../../../netpol/policy/types.js';
import { netpolView, policiesOfInstall } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';

interface Gap {
  readonly namespace: string;
  readonly missing: readonly Direction[];
  /** Files of default-deny policies of another install of the same Namespace, which do not count for this one. */
  readonly otherInstalls: readonly string[];
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
 * covered by pod-not-selected-by-network-policy). A Namespace written in several installs (the
 * same objects in several files) is judged, and reported, copy by copy, with the NetworkPolicies
 * of its own install (ObjectIndex.inInstallOf); admin policies are the cluster's.
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
    const contexts = (['ingress', 'egress'] as const).map((d) => newPodContext(analysis, name, ns.labels, d));
    for (const copy of (ns.object && index.copiesOf(ns.object)) ?? [anchor]) {
      const otherInstalls = new Set<string>();
      const missing = contexts.filter((ctx) => !deniesByDefault(ns.object ? ofInstall(ctx, copy, index, otherInstalls) : ctx)).map((ctx) => ctx.direction);
      if (missing.length > 0) result.set(copy, { namespace: name, missing, otherInstalls: [...otherInstalls] });
    }
  }
  gaps.set(analysis, result);
  found = result;
  return found;
}

/** The context with only the NetworkPolicies one of whose copies is of the install of `namespace` (a Namespace object); the others' files go to `others`. */
function ofInstall(ctx: DirectionContext, namespace: K8sObject, index: ObjectIndex, others: Set<string>): DirectionContext {
  if (index.copiesOf(namespace) === undefined) return ctx;
  const netpols = policiesOfInstall(index, namespace, ctx.netpols);
  if (netpols.length === ctx.netpols.length) return ctx;
  if (deniesByDefault(ctx)) for (const p of ctx.netpols) if (!netpols.includes(p)) for (const copy of index.copiesOf(p.object) ?? [p.object]) others.add(copy.source.file);
  return { ...ctx, netpols, npRules: netpols.flatMap((p) => p[ctx.direction]) };
}

export default defineCheck({
  id: 'namespace-without-default-deny',
  title: 'Namespace has no default-deny NetworkPolicy',
  severity: 'low',
  category: 'network',
  target: 'any',
  description:
    'A default-deny NetworkPolicy (podSelector: {} with the direction in policyTypes) isolates every pod of its namespace, including pods added later, so traffic flows only where a policy allows it. Without one, each new workload starts fully open until someone writes a policy for it, and a label typo in a specific policy leaves pods exposed without a word. A policy whose rules allow every peer on every port (`ingress: [{}]`) is the allow-all policy, not a default deny. An AdminNetworkPolicy or BaselineAdminNetworkPolicy counts too where its rules, in precedence order (an earlier Allow or Pass wins), deny traffic from every pod, or to every pod and every address: a Deny to namespaces: {} alone leaves external addresses open. Reported once per namespace, on its Namespace object (or on its first NetworkPolicy when the input has no Namespace object). A Namespace written in several installs kept side by side (the same objects in several files) is judged, and reported, in each install, with the NetworkPolicies of that install: those in the same file, else the same directory, else the nearest.',
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
      message: `namespace "${gap.namespace}" has no default-deny NetworkPolicy for ${directions}${gap.otherInstalls.length > 0 ? ` of its own install (those ${otherInstallsNote(gap.otherInstalls)}, do not count)` : ''}: a pod that no policy selects (such as a new workload) ${gap.missing.includes('ingress') ? 'accepts connections from every pod' : 'can connect anywhere'}${gap.missing.length === 2 ? ' and can connect anywhere' : ''}`,
    });
  },
});
