import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { DEFAULT_SERVICE_ACCOUNT } from '../../../k8s/service-account.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'default-service-account-automount',
  title: 'Default ServiceAccount lets pods mount its API token',
  severity: 'medium',
  category: 'secrets',
  target: 'service-account',
  description:
    "Every namespace has a ServiceAccount named default, which every pod that names no other runs as. Unless it sets automountServiceAccountToken: false, each of those pods gets its API token, whether or not it needs the API, so whoever compromises any of them acts with whatever rights the default account has been given, and a binding that later grants it something reaches every such pod at once. The CIS Kubernetes Benchmark (5.1.5) asks for the default accounts to mount no token, and for pods that need the API to run as accounts of their own. The check reads the ServiceAccounts named default of the scanned manifests (a repository that manages them declares them); a pod's own setting still overrides the account's, which automount-service-account-token judges pod by pod.",
  remediation:
    'Set automountServiceAccountToken: false on the default ServiceAccount of each namespace, give the pods that call the Kubernetes API a dedicated ServiceAccount with only the RBAC they need, and bind nothing to the default accounts.',
  references: [
    cis('5.1.5', 'Ensure that default service accounts are not actively used'),
    mitre('T1528', 'Steal Application Access Token'),
    k8sDocs(
      'Configure Service Accounts for Pods: opt out of API credential automounting',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ),
  ],
  run({ object, index, report }) {
    if (object.name !== DEFAULT_SERVICE_ACCOUNT) return;
    const setting = object.body.automountServiceAccountToken;
    if (setting === false) return;
    const namespace = index.namespaceOf(object);
    const written = setting === true ? 'sets automountServiceAccountToken: true' : 'does not set automountServiceAccountToken: false';
    report({
      path: ['automountServiceAccountToken'],
      message: `the default ServiceAccount of namespace "${namespace}" ${written}, so every pod there that names no ServiceAccount and does not opt out itself gets its API token`,
    });
  },
});
