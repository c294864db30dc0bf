import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { hostPathVolumes } from '../../../k8s/volumes.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'host-path-volume',
  title: 'Pod mounts a directory or file of the node',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "A hostPath volume gives the pod the node's own filesystem: data there outlives the pod and is shared with whatever else runs on the node, and a writable or badly chosen path is a well-known way to read other workloads' secrets or escape to the node.",
  remediation:
    'Replace the hostPath volume with an emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim. Node agents that truly need the host path should mount the narrowest path read-only.',
  references: [
    cis('5.2.11', 'Minimize the admission of HostPath volumes'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'HostPath Volumes'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Volumes: hostPath', 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'),
  ],
  run({ pod, report }) {
    for (const volume of hostPathVolumes(pod)) {
      const what = volume.hostPath === undefined ? 'a host path of the node (path not set)' : `host path "${volume.hostPath}" of the node`;
      report({ path: [...volume.path, 'hostPath'], message: `volume "${volume.name}" mounts ${what}` });
    }
  },
});
