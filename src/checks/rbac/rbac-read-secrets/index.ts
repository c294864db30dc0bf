import { cis, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { SECRETS_READ } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-read-secrets',
  title: 'Role allows reading Secrets',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "get, list or watch on secrets reveals Secret values: list and watch return the data of every Secret in scope, and get reads any Secret whose name is known. Secrets include ServiceAccount tokens, TLS keys and cloud credentials, so reading them usually leads to more privileges.",
  remediation:
    'Drop secrets from the role, or restrict get to the specific Secrets the workload needs with resourceNames; mount Secrets into pods instead of reading them through the API.',
  references: [
    cis('5.1.2', 'Minimize access to secrets'),
    NSA_AUTHZ,
    mitre('T1552.007', 'Unsecured Credentials: Container API'),
    rbacGoodPractices('Listing secrets', 'listing-secrets'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, SECRETS_READ, {
      note: (grant) => (grant.verbs.some((v) => v === 'list' || v === 'watch') ? "list and watch return every Secret's data" : undefined),
    });
  },
});
