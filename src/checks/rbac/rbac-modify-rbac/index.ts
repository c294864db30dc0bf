import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { RBAC_WRITE } from '../../../rbac/risks/powers.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-modify-rbac',
  title: 'Role allows creating or changing RBAC roles and bindings',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "RBAC's escalation check lets a holder grant only permissions they hold themselves, but within that limit they can hand them to anyone (another account they control, system:authenticated) and keep access after their own binding is removed; with the bind or escalate verbs, or a ClusterRole's aggregation labels, the limit goes away (reported by rbac-bind, rbac-escalate and rbac-aggregation-label-injection). Write access limited with resourceNames to specific roles or bindings is not reported.",
  remediation:
    'Grant create, update and patch on roles, rolebindings, clusterroles and clusterrolebindings only to the people and tools that administer access; namespace administrators get it through the admin role only where that is intended.',
  references: [
    cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
    NSA_AUTHZ,
    mitre('T1098', 'Account Manipulation'),
    rbacGoodPractices('Least privilege', 'least-privilege'),
    k8sDocs('RBAC: privilege escalation prevention', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, RBAC_WRITE);
  },
});
