import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { pssControl, volumeOf } from '../pss.js';

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
  run({ object, pod, report }) {
    for (const path of pssControl(object, pod, 'hostPathVolumes')?.fields ?? []) {
      const volume = volumeOf(pod, path);
      if (!volume) continue;
      // An empty path is rejected by the API server; treat it as missing rather than as `/`.
      const hostPath = asString(asRecord(volume.body.hostPath)?.path) || undefined;
      const what = hostPath === undefined ? 'a host path of the node (path not set)' : `host path "${hostPath}" of the node`;
      report({ path, message: `volume "${volume.name}" mounts ${what}` });
    }
  },
});
