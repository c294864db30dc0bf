import { z } from 'zod';
import { cve, k8sDocs, pss } from '../../../core/references.js';
import { podVolumes } from '../../../k8s/volumes.js';
import { defineCheck } from '../../api.js';

/** The volume sources the restricted profile allows (image since Kubernetes 1.33). */
const RESTRICTED_ALLOWED = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/**
 * The other in-line volume sources of the Pod API. hostPath is left out on purpose: it is a
 * baseline violation that host-path-volume reports. Unknown keys are ignored, as the API server
 * drops them (and a volume left without a source becomes an emptyDir).
 */
const RESTRICTED_TYPES = new Set([
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'iscsi',
  'nfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
]);

export default defineCheck({
  id: 'restricted-volume-types',
  title: 'Pod uses a volume type the restricted profile forbids',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'In-line network and cloud volumes (nfs, iscsi, rbd, flexVolume, gitRepo, ...) are mounted by the node on behalf of the pod, with storage credentials or driver code that runs on the node, and bypass the PersistentVolume access controls cluster operators rely on. The restricted Pod Security Standard rejects them.',
  remediation:
    'Use a PersistentVolumeClaim bound to a PersistentVolume or StorageClass that the cluster operator manages (a CSI driver for network storage), or a configMap, secret, emptyDir or projected volume. Replace gitRepo with an init container that clones into an emptyDir.',
  references: [
    pss('restricted', 'Volume Types'),
    k8sDocs('Volumes', 'https://kubernetes.io/docs/concepts/storage/volumes/'),
    cve('CVE-2024-10220'),
  ],
  params: z.object({
    /** Volume types accepted in addition to the restricted profile's list (e.g. `nfs`). */
    allowed: z.array(z.string()).default([]),
  }),
  run({ pod, params, report }) {
    for (const volume of podVolumes(pod)) {
      if (volume.sources.some((s) => RESTRICTED_ALLOWED.has(s) || params.allowed.includes(s))) continue;
      for (const source of volume.sources.filter((s) => RESTRICTED_TYPES.has(s))) {
        const path = [...volume.path, source];
        const message = `volume "${volume.name}" is of type ${source}, which the restricted profile does not allow`;
        // The kubelet runs git as root on the node for gitRepo: CVE-2024-10220 turned repository hooks into code execution there.
        if (source === 'gitRepo') report({ path, message: `${message} (deprecated; the node runs git for it as root)`, severity: 'high' });
        else report({ path, message });
      }
    }
  },
});
