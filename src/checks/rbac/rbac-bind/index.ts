import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { powersOfRules } from '../../../rbac/risks/account-powers.js';
import { bindPower, getSufficesForExec, hasConstrainedImpersonation } from '../../../rbac/risks/powers.js';
import { modelOf } from '../shared/model.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { ownRules, reportRoleGrants, scopeOfRole } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-bind',
  title: 'Role allows the bind verb on roles',
  severity: 'critical',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "RBAC normally refuses to let anyone create a binding to a role granting permissions they do not hold themselves. The bind verb lifts that check, so a holder who can also create bindings can bind themselves, or a ServiceAccount they control, to any role they may bind, up to cluster-admin. Bind limited with resourceNames is reported when it names cluster-admin or a ClusterRole that grants a dangerous permission (Secrets, pods, exec, tokens, impersonation, escalation), judged from that ClusterRole's rules in the input or Kubernetes' default roles: edit and admin do, view does not. A ClusterRole bound cluster-wide may be bound by a RoleBinding in any namespace, kube-system included.",
  remediation: 'Remove bind, or limit it with resourceNames to the specific low-privilege roles the holder must hand out (such as view).',
  references: [
    cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
    NSA_AUTHZ,
    mitre('T1098.006', 'Account Manipulation: Additional Container Cluster Roles'),
    rbacGoodPractices('Bind verb', 'bind-verb'),
    k8sDocs('RBAC: restrictions on role binding creation or update', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update'),
  ],
  run(ctx) {
    const rules = ownRules(ctx.object);
    if (!rules) return;
    // The ClusterRoles that bind names, judged by what they grant where the holder can bind them.
    const model = modelOf(ctx);
    const scope = scopeOfRole(ctx.object);
    const getSuffices = getSufficesForExec(ctx.settings.kubeVersion);
    const constrained = hasConstrainedImpersonation(ctx.settings.kubeVersion);
    const dangerous = new Map<string, string>();
    for (const name of new Set(rules.flatMap((r) => r.resourceNames))) {
      const role = name === 'cluster-admin' ? undefined : model.clusterRole(name);
      const powers = role && powersOfRules(role.rules, scope, getSuffices, constrained);
      if (powers) dangerous.set(name, `${powers.grants.slice(0, 2).join('; ')}${powers.grants.length > 2 ? '; and more' : ''}`);
    }
    reportRoleGrants(ctx, bindPower([...dangerous.keys()]), {
      note: (grant) => {
        const named = grant.names.filter((n) => dangerous.has(n));
        return named.length > 0 ? named.map((n) => `ClusterRole ${n} grants ${dangerous.get(n) ?? ''}`).join('; ') : undefined;
      },
    });
  },
});
