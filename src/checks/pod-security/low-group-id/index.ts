import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { LOW_ID_PARAMS, reportLowIds } from '../low-id.js';

export default defineCheck({
  id: 'low-group-id',
  title: 'Container runs with a low group ID',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Without a user namespace a container GID is the same GID on the node. Low GIDs (1 to 10000 by default) belong to system and user groups of the node (disk, docker, adm, ...), so a container that escapes or shares a host volume gets their group access to files and devices. GID 0 is reported by root-group; pods with hostUsers: false and Windows pods are exempt. With the reportUnset parameter, a container that sets no runAsGroup is reported too: it runs as the image\'s group, which the manifest does not keep above the threshold.',
  remediation:
    'Run as a GID above the threshold (e.g. securityContext.runAsGroup: 10001, with the image built for it), or isolate the pod in a user namespace with hostUsers: false.',
  references: [
    k8sDocs('Configure a Security Context for a Pod or Container', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
    k8sDocs('User Namespaces', 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/'),
  ],
  params: LOW_ID_PARAMS,
  run({ pod, params, report }) {
    reportLowIds({ field: 'runAsGroup', id: 'GID', owner: 'group' }, pod, params, report);
  },
});
