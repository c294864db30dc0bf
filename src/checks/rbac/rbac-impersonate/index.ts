import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { IMPERSONATE } from '../../../rbac/risks/powers.js';
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
    'impersonate lets the holder send requests as another user, group, ServiceAccount, UID or extra attribute, with all of its permissions; impersonating any user or the system:masters group is cluster-admin. Impersonation limited with resourceNames is reported only when it names system:masters.',
  remediation:
    'Remove impersonate, or limit it with resourceNames to the specific identities a trusted proxy must act as; never allow groups such as system:masters.',
  references: [
    cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
    NSA_AUTHZ,
    mitre('T1078', 'Valid Accounts'),
    rbacGoodPractices('Impersonate verb', 'impersonate-verb'),
    k8sDocs('User impersonation', 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, IMPERSONATE);
  },
});
