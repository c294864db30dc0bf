import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { BIND } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-bind',
  title: 'Role allows the bind verb on roles',
  severity: 'critical',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    'RBAC normally refuses to let anyone create a binding to a role granting permissions they do not hold themselves. The bind verb lifts that check, so a holder who can also create bindings can bind themselves, or a ServiceAccount they control, to any role they may bind, up to cluster-admin. Bind limited with resourceNames is reported only when it names cluster-admin.',
  remediation: 'Remove bind, or limit it with resourceNames to the specific low-privilege roles the holder must hand out.',
  references: [
    cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
    NSA_AUTHZ,
    mitre('T1098.006', 'Account Manipulation: Additional Container Cluster Roles'),
    rbacGoodPractices('Bind verb', 'bind-verb'),
    k8sDocs('RBAC: restrictions on role binding creation or update', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, BIND);
  },
});
