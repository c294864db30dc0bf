import { k8sDocs } from '../../../core/references.js';
import { asString } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'deprecated-service-account-field',
  title: 'Pod uses the deprecated serviceAccount field',
  severity: 'low',
  category: 'secrets',
  target: 'workload',
  admission: true,
  description:
    '`spec.serviceAccount` is a deprecated alias of `serviceAccountName`. When both are set and differ, the API server silently uses `serviceAccountName`, so a reviewer reading the old field can be wrong about which identity, and which RBAC rights, the pod runs with.',
  remediation: 'Remove `serviceAccount` and name the ServiceAccount in `serviceAccountName` only.',
  references: [k8sDocs('Kubernetes API reference: Pod spec (serviceAccount, serviceAccountName)', 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security')],
  run({ pod, report }) {
    const deprecated = asString(pod.spec.serviceAccount);
    if (!deprecated) return;
    const current = asString(pod.spec.serviceAccountName);
    const path = [...pod.specPath, 'serviceAccount'];
    let message = `pod sets the deprecated field serviceAccount ("${deprecated}"); use serviceAccountName`;
    if (current === deprecated) message = `pod sets the deprecated field serviceAccount next to serviceAccountName (both "${current}"); remove it`;
    else if (current) message = `pod sets the deprecated serviceAccount "${deprecated}" but serviceAccountName "${current}", which wins: the pod runs as "${current}"`;
    report({ path, message });
  },
});
