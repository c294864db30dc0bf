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
    "get, list, watch, deletecollection or patch on secrets reveals Secret values: list and watch return the data of every Secret in scope, and get reads any Secret whose name is known. deletecollection answers with the Secrets it deleted, data included, and with dryRun=All it deletes none; a patch, even an empty one, answers with the whole patched Secret. Secrets include ServiceAccount tokens, TLS keys and cloud credentials, so reading them usually leads to more privileges.",
  remediation:
    'Drop secrets from the role, or restrict get and patch to the specific Secrets the workload needs with resourceNames; delete Secrets one by one (delete returns no data) rather than with deletecollection; mount Secrets into pods instead of reading them through the API.',
  references: [
    cis('5.1.2', 'Minimize access to secrets'),
    NSA_AUTHZ,
    mitre('T1552.007', 'Unsecured Credentials: Container API'),
    rbacGoodPractices('Listing secrets', 'listing-secrets'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, SECRETS_READ, {
      note: (grant) => {
        const has = (verb: string) => grant.verbs.includes(verb);
        if (has('list') || has('watch')) return "list and watch return every Secret's data";
        if (has('deletecollection')) return 'deletecollection returns the data of every Secret it deletes, and deletes none with dryRun=All';
        if (has('patch') && !has('get')) return 'patch, even an empty one, returns the Secret with its data';
        return undefined;
      },
    });
  },
});
