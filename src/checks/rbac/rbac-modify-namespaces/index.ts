import { k8sDocs, mitre } from '../../../core/references.js';
import { NAMESPACES_WRITE, powerGrants, RUN_PODS_AS_ANY_ACCOUNT } from '../../../rbac/risks/powers.js';
import type { PolicyRule } from '../../../rbac/rules.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants, scopeOfRole } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-modify-namespaces',
  title: 'Role allows changing Namespaces, and so their Pod Security labels',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "Pod Security admission reads its level from the namespace's pod-security.kubernetes.io labels, so whoever can update or patch a Namespace can set it to privileged and then run privileged pods, host mounts and host namespaces there. The namespaces/status and namespaces/finalize subresources do the same: the API server keeps the labels sent with them, and Pod Security admission does not check subresources. A request on a namespace counts as a request in that namespace: a RoleBinding in it is enough, and resourceNames only narrow it to some namespaces. A role that can also create pods is reported as high.",
  remediation:
    "Keep namespace updates for the platform team and its tooling; namespace administrators need the admin role, which does not include them. Enforce Pod Security exemptions in the admission configuration rather than through labels users can change.",
  references: [
    NSA_AUTHZ,
    mitre('T1611', 'Escape to Host'),
    rbacGoodPractices('Namespace modification', 'namespace-modification'),
    k8sDocs('Pod Security admission labels for namespaces', 'https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces'),
  ],
  run(ctx) {
    const runsPods = (rules: readonly PolicyRule[]) => powerGrants(rules, RUN_PODS_AS_ANY_ACCOUNT, scopeOfRole(ctx.object)).length > 0;
    reportRoleGrants(ctx, NAMESPACES_WRITE, {
      note: (_grant, rules) => (runsPods(rules) ? 'with pod creation in the same role it can lift Pod Security and run privileged pods' : undefined),
      severity: (_grant, rules) => (runsPods(rules) ? 'high' : undefined),
    });
  },
});
