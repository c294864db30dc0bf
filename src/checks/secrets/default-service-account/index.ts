import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { apiTokenMaskedByOwnMounts } from '../../../k8s/api-token-mount.js';
import { DEFAULT_SERVICE_ACCOUNT, podServiceAccount } from '../../../k8s/service-account.js';
import { podAutomount } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'default-service-account',
  title: 'Pod runs as the default ServiceAccount with its token mounted',
  severity: 'low',
  category: 'secrets',
  target: 'workload',
  description:
    'Every namespace\'s `default` ServiceAccount is shared by all pods that do not name another one, so any RBAC permission granted to it (often added for one workload) is handed to every pod in the namespace, and its token identifies no particular application in audit logs. Pods that do not mount its token (the pod or the default ServiceAccount sets `automountServiceAccountToken: false`) are not reported: they cannot use it; nor are those whose every container (init containers included) already mounts a volume of its own (not a projected token) at the token\'s path, /var/run/secrets/kubernetes.io/serviceaccount, as Kubernetes then mounts the token into none.',
  remediation:
    'Create a dedicated ServiceAccount per workload, grant it only what the workload needs, and set `serviceAccountName`; set `automountServiceAccountToken: false` on each namespace\'s default ServiceAccount.',
  references: [
    cis('5.1.5', 'Ensure that default service accounts are not actively used'),
    mitre('T1078.001', 'Valid Accounts: Default Accounts'),
    k8sDocs('Kubernetes documentation: Service Accounts', 'https://kubernetes.io/docs/concepts/security/service-accounts/'),
  ],
  run({ object, pod, index, report }) {
    const account = podServiceAccount(pod);
    if (account.name !== DEFAULT_SERVICE_ACCOUNT || podAutomount(pod) === false || apiTokenMaskedByOwnMounts(pod)) return;
    const defaultAccount = index.find('service-account', index.namespaceOf(object), DEFAULT_SERVICE_ACCOUNT, object);
    if (defaultAccount?.body.automountServiceAccountToken === false && podAutomount(pod) !== true) return;
    const how = account.from === 'unset' ? 'no serviceAccountName is set' : `${account.from}: default`;
    report({ path: account.path, message: `pod runs as the namespace's shared default ServiceAccount (${how}) with its API token mounted` });
  },
});
