import { cis, k8sDocs, mitre, nsa } from '../../../core/references.js';
import { apiTokenMaskedByOwnMounts } from '../../../k8s/api-token-mount.js';
import { podServiceAccount } from '../../../k8s/service-account.js';
import { podAutomount } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'automount-service-account-token',
  title: 'Service account token is mounted into the pod',
  severity: 'medium',
  category: 'secrets',
  target: 'workload',
  description:
    'Unless the pod or its ServiceAccount sets `automountServiceAccountToken: false`, Kubernetes mounts an API token into the pod\'s containers. Most applications never call the Kubernetes API, but anyone who compromises the container can use the token with all the RBAC rights of the ServiceAccount to explore and attack the cluster. The pod\'s setting overrides the ServiceAccount\'s. A pod whose every container (init containers included) already mounts a volume of its own (not a projected token) at /var/run/secrets/kubernetes.io/serviceaccount is not reported: Kubernetes mounts the token into no container then.',
  remediation:
    'Set `automountServiceAccountToken: false` in the pod spec (or on its ServiceAccount, which covers every pod using it). Pods that do need the API should keep the token and run under a dedicated ServiceAccount with minimal RBAC.',
  references: [
    cis('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
    nsa('Kubernetes Pod security: Protecting Pod service account tokens'),
    mitre('T1528', 'Steal Application Access Token'),
    k8sDocs(
      'Kubernetes documentation: Configure Service Accounts for Pods (opt out of API credential automounting)',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ),
  ],
  run({ object, pod, index, report }) {
    const podSetting = podAutomount(pod);
    if (podSetting === false || apiTokenMaskedByOwnMounts(pod)) return;
    const path = [...pod.specPath, 'automountServiceAccountToken'];
    const { name } = podServiceAccount(pod);
    if (podSetting === true) {
      report({ path, message: `pod sets automountServiceAccountToken: true, mounting the API token of ServiceAccount "${name}"` });
      return;
    }
    const namespace = index.namespaceOf(object);
    const account = index.find('service-account', namespace, name, object);
    const accountSetting = account?.body.automountServiceAccountToken;
    if (accountSetting === false) return;
    let why = `neither the pod nor ServiceAccount "${name}" sets automountServiceAccountToken: false`;
    if (account === undefined) why = `the pod does not set automountServiceAccountToken: false (ServiceAccount "${name}" is not defined in namespace "${namespace}" in the input)`;
    else if (accountSetting === true) why = `ServiceAccount "${name}" sets automountServiceAccountToken: true and the pod does not override it`;
    report({ path, message: `pod mounts the API token of ServiceAccount "${name}": ${why}` });
  },
});
