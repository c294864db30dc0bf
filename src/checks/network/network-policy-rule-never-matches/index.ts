import { formatPath } from '../../../core/path.js';
import { k8sDocs, nsa } from '../../../core/references.js';
import type { NetpolAnalysis } from '../../../netpol/engine/analysis.js';
import type { Workload } from '../../../netpol/engine/classes.js';
import type { NetworkPolicyModel, PortSpec, Rule } from '../../../netpol/policy/types.js';
import { netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';

function workloadsOfClasses(analysis: NetpolAnalysis, classes: Iterable<number>): Workload[] {
  const set = new Set(classes);
  return analysis.workloads.filter((w) => set.has(w.classId));
}

/** The workloads whose ports a rule's named ports resolve against: the policy's pods for ingress, the peers for egress. */
function portOwners(analysis: NetpolAnalysis, policy: NetworkPolicyModel, rule: Rule): Workload[] {
  if (rule.direction === 'ingress') return workloadsOfClasses(analysis, analysis.selection.classesOf({ kind: 'same', namespace: policy.namespace }, policy.podSelector));
  const C = analysis.classes.length;
  return workloadsOfClasses(analysis, [...analysis.selection.ruleSelects(rule)].filter((o) => o < C));
}

function declares(w: Workload, spec: Extract<PortSpec, { kind: 'named' }>): boolean {
  return w.ports.some((p) => p.name === spec.name && (spec.protocol === 'any' || p.protocol === spec.protocol));
}

export default defineCheck({
  id: 'network-policy-rule-never-matches',
  title: 'Network policy rule can never match',
  severity: 'low',
  category: 'network',
  target: 'any',
  description:
    'Some rules are accepted by the API server but can never allow anything: ingress or egress rules of a NetworkPolicy whose policyTypes leaves that direction out (Kubernetes ignores them), a named port that none of the pods it is resolved against declares (the policy\'s own pods for ingress, the selected peers for egress), and a named port in an egress rule whose peers are all ipBlocks (named ports only exist on pods; with a pod peer besides, the port still matches those pods). The author meant to allow or restrict traffic, and the policy silently does something else.',
  remediation:
    'Add the direction to spec.policyTypes (or delete the rules), use the port number or a name the containers declare in `ports[].name` (with the same protocol), and give ipBlock peers numeric ports.',
  references: [
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('Network Policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'),
  ],
  run({ object, settings, index, report }) {
    const view = netpolView(index, settings.kubeVersion);
    for (const issue of view.issuesByObject.get(object) ?? []) {
      if ((issue.code === 'ignored-rules' || issue.code === 'named-port-ip-peer') && issue.issue) report({ path: issue.issue.path, message: issue.issue.message });
    }
    const policy = view.policyByObject.get(object);
    if (!policy || policy.kind !== 'NetworkPolicy' || policy.invalid) return;
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.ignored || rule.ports === 'all') continue;
      const named = rule.ports.filter((p): p is Extract<PortSpec, { kind: 'named' }> => p.kind === 'named');
      if (named.length === 0) continue;
      const owners = portOwners(view.analysis, policy, rule);
      if (owners.length === 0) continue;
      for (const spec of named) {
        if (owners.some((w) => declares(w, spec))) continue;
        const whose = rule.direction === 'ingress' ? 'the pods this policy selects' : 'the pods this rule allows';
        const list = owners.slice(0, 3).map((w) => `${w.kind} "${w.name}"`).join(', ') + (owners.length > 3 ? `, and ${owners.length - 3} more` : '');
        report({ path: [...spec.path, 'port'], message: `${formatPath([...spec.path, 'port'])}: named port "${spec.name}" (${spec.protocol}) is not declared by ${whose} (${list}), so it never matches` });
      }
    }
  },
});
