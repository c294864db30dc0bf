import { k8sDocs } from '../../../core/references.js';
import { DEFAULT_SERVICE_ACCOUNT, podServiceAccount } from '../../../k8s/service-account.js';
import { defineCheck } from '../../api.js';
import { renderedNamespaceHint } from '../../rendered-namespace.js';

export default defineCheck({
  id: 'missing-service-account',
  title: 'Pod names a ServiceAccount that is not defined',
  severity: 'medium',
  category: 'secrets',
  target: 'workload',
  description:
    'The API server refuses to create pods whose ServiceAccount does not exist, so the workload never starts; and whoever creates an account with that name later (with whatever RBAC bindings it carries) silently decides the identity the pods run with. Usually a typo, a wrong namespace, or a manifest missing from the set.',
  remediation: 'Define the ServiceAccount in the pod\'s namespace alongside the workload (with only the RBAC it needs), or correct `serviceAccountName`.',
  references: [k8sDocs('Kubernetes documentation: Service Accounts', 'https://kubernetes.io/docs/concepts/security/service-accounts/')],
  run({ object, pod, index, report }) {
    const account = podServiceAccount(pod);
    if (account.from === 'unset' || account.name === DEFAULT_SERVICE_ACCOUNT) return;
    const namespace = index.namespaceOf(object);
    if (index.find('service-account', namespace, account.name)) return;
    const elsewhere = [...new Set(index.namedAnywhere('service-account', account.name).map((sa) => index.namespaceOf(sa)))];
    const hint = elsewhere.length > 0 ? ` (it exists in namespace ${elsewhere.map((ns) => `"${ns}"`).join(', ')}${renderedNamespaceHint(object, namespace, elsewhere)})` : '';
    report({ path: account.path, message: `pod runs as ServiceAccount "${account.name}", which is not defined in namespace "${namespace}" in the input${hint}` });
  },
});
