import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { LOW_ID_PARAMS, reportLowIds } from '../low-id.js';

export default defineCheck({
  id: 'low-user-id',
  title: 'Container runs with a low user ID',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Without a user namespace a container UID is the same UID on the node. Low UIDs (1 to 10000 by default) are where node accounts and other workloads live, so a container that escapes or shares a host volume acts with their file permissions. UID 0 is reported by run-as-root-user; pods with hostUsers: false and Windows pods are exempt. With the reportUnset parameter, a container that sets no runAsUser is reported too: it runs as the image\'s user, which the manifest does not keep above the threshold.',
  remediation:
    'Run as a UID above the threshold (e.g. securityContext.runAsUser: 10001, with the image built for it), or isolate the pod in a user namespace with hostUsers: false.',
  references: [
    k8sDocs('Configure a Security Context for a Pod or Container', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
    k8sDocs('User Namespaces', 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/'),
  ],
  params: LOW_ID_PARAMS,
  run({ pod, params, report }) {
    reportLowIds({ field: 'runAsUser', id: 'UID', owner: 'user' }, pod, params, report);
  },
});
