import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { ESCALATE } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-escalate',
  title: 'Role allows the escalate verb on roles',
  severity: 'critical',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    'RBAC normally refuses to let anyone write a Role or ClusterRole granting permissions they do not hold themselves. The escalate verb lifts that check, so a holder who can also update roles can give a role bound to them any permission, up to cluster-admin.',
  remediation: 'Remove escalate from the role; grant the specific permissions a role administrator must delegate instead.',
  references: [
    cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
    NSA_AUTHZ,
    mitre('T1098.006', 'Account Manipulation: Additional Container Cluster Roles'),
    rbacGoodPractices('Escalate verb', 'escalate-verb'),
    k8sDocs('RBAC: restrictions on role creation or update', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, ESCALATE);
  },
});
