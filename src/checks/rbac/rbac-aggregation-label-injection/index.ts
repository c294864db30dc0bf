import { k8sDocs, mitre } from '../../../core/references.js';
import { CLUSTER_ROLES_WRITE } from '../../../rbac/risks/powers.js';
import { defineCheck } from '../../api.js';
import { modelOf } from '../shared/model.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-aggregation-label-injection',
  title: 'Role allows creating or relabelling ClusterRoles, whose labels feed aggregated roles',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "The aggregation controller copies the rules of every ClusterRole whose labels match an aggregated ClusterRole's selectors into it: a ClusterRole labelled rbac.authorization.k8s.io/aggregate-to-view adds its rules to view, and so to everyone bound to view. Whoever can create ClusterRoles, or update and patch the labels of one, decides what admin, edit, view and custom aggregated roles grant to all their holders, a quiet way to spread and keep access.",
  remediation:
    'Grant create, update and patch on clusterroles only to the people and tools that administer access; review ClusterRoles carrying aggregate-to-* labels.',
  references: [
    NSA_AUTHZ,
    mitre('T1098', 'Account Manipulation'),
    k8sDocs('RBAC: aggregated ClusterRoles', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles'),
  ],
  run(ctx) {
    const aggregated = () =>
      modelOf(ctx)
        .clusterRoles()
        .filter((r) => r.aggregation !== undefined)
        .map((r) => r.name)
        .sort();
    reportRoleGrants(ctx, CLUSTER_ROLES_WRITE, {
      note: () => {
        const names = aggregated();
        if (names.length === 0) return undefined;
        const shown = names.slice(0, 4).join(', ');
        return `a ClusterRole's labels decide which aggregated ClusterRoles (${shown}${names.length > 4 ? `, and ${names.length - 4} more` : ''}) copy its rules`;
      },
    });
  },
});
