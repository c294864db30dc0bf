import { cis, mitre } from '../../../core/references.js';
import type { Severity } from '../../../core/severity.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import type { K8sObject } from '../../../k8s/object.js';
import { podServiceAccount } from '../../../k8s/service-account.js';
import type { PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { type BindingPowers, identityPowers } from '../../../rbac/risks/account-powers.js';
import { getSufficesForExec, hasConstrainedImpersonation } from '../../../rbac/risks/powers.js';
import { serviceAccountUser } from '../../../rbac/subjects.js';
import { mountsApiToken } from '../../../rbac/workloads.js';
import { describeBinding, modelOf } from '../shared/model.js';
import { NSA_AUTHZ } from '../shared/references.js';

/** Whether the pod's containers get an API token for its ServiceAccount. */
function hasApiToken(object: K8sObject, pod: PodView, index: ObjectIndex, namespace: string, account: string): boolean {
  return mountsApiToken(pod, index.find('service-account', namespace, account, object));
}

function describePower(found: BindingPowers, namespace: string): string {
  const shown = found.grants.slice(0, 3).join('; ');
  const more = found.grants.length > 3 ? `; and ${found.grants.length - 3} more` : '';
  const scope = found.scope === 'namespace' ? ` in namespace ${namespace}` : '';
  return `is bound by ${describeBinding(found.binding)} to ${found.role.kind} "${found.role.name}", which grants ${shown}${more}${scope}`;
}

export default defineCheck({
  id: 'workload-powerful-service-account',
  title: 'Workload runs with a ServiceAccount that holds dangerous permissions',
  severity: 'high',
  category: 'rbac',
  target: 'workload',
  description:
    "The pod's ServiceAccount token is mounted into every container, so anyone who compromises the application (or can exec into it) inherits the account's permissions. This check follows the RoleBindings and ClusterRoleBindings of the scan to the roles they grant (built-in cluster-admin, admin and edit included, aggregated ClusterRoles resolved) and reports accounts that can read Secrets, run or exec into pods, mint tokens, reach kubelets, change admission, approve certificates, or escalate, bind and impersonate. Accounts bound to everything, or to escalate, bind or impersonate, are reported as critical.",
  remediation:
    'Give the workload its own ServiceAccount bound only to what it needs; move powerful permissions to a separate component, or set automountServiceAccountToken: false when the application does not call the API.',
  references: [
    cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
    cis('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
    NSA_AUTHZ,
    mitre('T1528', 'Steal Application Access Token'),
    mitre('T1552.007', 'Unsecured Credentials: Container API'),
  ],
  run(ctx) {
    const { object, pod, index, settings, report } = ctx;
    const namespace = index.namespaceOf(object);
    const account = podServiceAccount(pod);
    if (!hasApiToken(object, pod, index, namespace, account.name)) return;
    const powers = identityPowers(modelOf(ctx), serviceAccountUser(namespace, account.name), namespace, getSufficesForExec(settings.kubeVersion), hasConstrainedImpersonation(settings.kubeVersion), object);
    // One finding per workload (its fingerprint is the workload's): the worst binding first.
    const worst = powers.find((p) => p.critical) ?? powers[0];
    if (!worst) return;
    const others = powers.length - 1;
    const severity: Severity | undefined = worst.critical ? 'critical' : undefined;
    report({
      path: account.path,
      message:
        `ServiceAccount ${namespace}/${account.name}${account.from === 'unset' ? ' (serviceAccountName is unset)' : ''}, whose token the pod mounts, ` +
        `${describePower(worst, namespace)}${others > 0 ? ` (and ${others} more binding${others === 1 ? '' : 's'} grant dangerous permissions)` : ''}`,
      ...(severity ? { severity } : {}),
    });
  },
});
