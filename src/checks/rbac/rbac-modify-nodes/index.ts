import { k8sDocs, mitre } from '../../../core/references.js';
import { EVICT_PODS, NODES_WRITE, type PowerGrant, powerGrants } from '../../../rbac/risks/powers.js';
import type { PolicyRule } from '../../../rbac/rules.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants, scopeOfRole } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-modify-nodes',
  title: 'Role allows changing Nodes (taints, labels, cordoning)',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "update or patch on nodes changes their taints, labels and schedulability. Tainting or cordoning every node but one and then evicting pods moves workloads, with their ServiceAccount tokens and Secrets, onto the node the holder controls; relabelling nodes steers every pod that selects nodes by label. update or patch on nodes/status changes labels too: the status subresource resets only the spec (taints, cordoning) and keeps label changes. A role that can also evict pods (create on pods/eviction) or delete them is reported as high.",
  remediation:
    'Leave node taints, labels and cordoning to the node lifecycle controllers, cluster autoscaler and the platform team; never grant them together with pod eviction to a workload.',
  references: [
    NSA_AUTHZ,
    mitre('T1610', 'Deploy Container'),
    k8sDocs('Taints and tolerations', 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/'),
    k8sDocs('API-initiated eviction', 'https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/'),
  ],
  run(ctx) {
    const evicts = (rules: readonly PolicyRule[]) => powerGrants(rules, EVICT_PODS, scopeOfRole(ctx.object)).length > 0;
    const statusOnly = (grant: PowerGrant) => [...grant.verbsByResource.keys()].every((resource) => resource === 'nodes/status');
    reportRoleGrants(ctx, NODES_WRITE, {
      note: (grant, rules) => {
        const notes = [
          ...(statusOnly(grant) ? ['labels only: nodes/status cannot change the spec, where taints and cordoning live'] : []),
          ...(evicts(rules) ? ['with pod eviction or deletion in the same role it can move pods onto a node it controls'] : []),
        ];
        return notes.length > 0 ? notes.join('; ') : undefined;
      },
      severity: (_grant, rules) => (evicts(rules) ? 'high' : undefined),
    });
  },
});
