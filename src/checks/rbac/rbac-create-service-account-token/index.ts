import { cis, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { SA_TOKEN_CREATE } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-create-service-account-token',
  title: 'Role allows issuing tokens for any ServiceAccount',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    'create on serviceaccounts/token issues a token for any ServiceAccount in scope (TokenRequest), with a lifetime the holder chooses up to the API server maximum, so the holder acts with every permission of every such account. Rules limited with resourceNames to specific ServiceAccounts are not reported.',
  remediation:
    'Remove serviceaccounts/token, or limit it with resourceNames to the ServiceAccounts the holder is meant to act as.',
  references: [
    cis('5.1.13', 'Minimize access to the service account token creation'),
    NSA_AUTHZ,
    mitre('T1528', 'Steal Application Access Token'),
    rbacGoodPractices('Token request', 'token-request'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, SA_TOKEN_CREATE);
  },
});
