import { z } from 'zod';
import { cve, k8sDocs, pss } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { pssControl, volumeOf } from '../pss.js';

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
  run({ object, pod, params, report }) {
    for (const path of pssControl(object, pod, 'restrictedVolumes')?.fields ?? []) {
      const volume = volumeOf(pod, path);
      // The engine names each offending volume's restricted source (upstream's first match).
      // hostPath is left out on purpose: it is a baseline violation that host-path-volume reports.
      const source = volume && path.length > volume.path.length ? String(path.at(-1)) : undefined;
      if (!volume || !source || source === 'hostPath' || params.allowed.includes(source)) continue;
      const message = `volume "${volume.name}" is of type ${source}, which the restricted profile does not allow`;
      // The kubelet runs git as root on the node for gitRepo: CVE-2024-10220 turned repository hooks into code execution there.
      if (source === 'gitRepo') report({ path, message: `${message} (deprecated; the node runs git for it as root)`, severity: 'high' });
      else report({ path, message });
    }
  },
});
