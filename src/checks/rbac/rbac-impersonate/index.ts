import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { hasConstrainedImpersonation, impersonatePower } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-impersonate',
  title: 'Role allows impersonating users, groups or ServiceAccounts',
  severity: 'critical',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    'impersonate lets the holder send requests as another user, group, ServiceAccount, UID or extra attribute, with all of its permissions; impersonating any user or the system:masters group is cluster-admin. Impersonation limited with resourceNames is reported only when it names system:masters. Constrained impersonation (feature gate ConstrainedImpersonation, on by default from Kubernetes 1.36) is reported too: the verbs impersonate:user-info (users, groups, uids, userextras), impersonate:serviceaccount (serviceaccounts) and impersonate:arbitrary-node (nodes) in group authentication.k8s.io; the holder acts as the identity for the requests its impersonate-on:<mode>:<verb> rules allow, and system:masters cannot be reached this way. impersonate:associated-node (a ServiceAccount acting as its own pod\'s node) is not reported. With --kube-version older than 1.36 only the impersonate verb counts.',
  remediation:
    'Remove impersonate, or limit it with resourceNames to the specific identities a trusted proxy must act as; never allow groups such as system:masters. With constrained impersonation, prefer impersonate:associated-node for node agents, and limit impersonate-on:<mode>:<verb> rules to the requests the holder must make.',
  references: [
    cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
    NSA_AUTHZ,
    mitre('T1078', 'Valid Accounts'),
    rbacGoodPractices('Impersonate verb', 'impersonate-verb'),
    k8sDocs('User impersonation', 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'),
  ],
  run(ctx) {
    const constrained = hasConstrainedImpersonation(ctx.settings.kubeVersion);
    reportRoleGrants(ctx, impersonatePower(constrained), {
      note: (grant) => {
        const modes = [...new Set(grant.verbs.filter((v) => v.startsWith('impersonate:')).map((v) => v.slice('impersonate:'.length)))];
        if (modes.length === 0) return undefined;
        const on = modes.map((m) => `impersonate-on:${m}:<verb>`).join(', ');
        return `constrained impersonation (Kubernetes 1.36 and later): the holder acts as that identity for every request its ${on} rules allow`;
      },
    });
  },
});
