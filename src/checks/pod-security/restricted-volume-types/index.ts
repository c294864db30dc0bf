import { z } from 'zod';
import { cve, k8sDocs, pss } from '../../../core/references.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
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
  run({ object, pod, params, settings, report }) {
    const gitRepo = gitRepoNote(kubeMinorVersion(settings.kubeVersion));
    for (const path of pssControl(object, pod, 'restrictedVolumes')?.fields ?? []) {
      const volume = volumeOf(pod, path);
      // The engine names each offending volume's restricted source (upstream's first match).
      // hostPath is left out on purpose: it is a baseline violation that host-path-volume reports.
      const source = volume && path.length > volume.path.length ? String(path.at(-1)) : undefined;
      if (!volume || !source || source === 'hostPath' || params.allowed.includes(source)) continue;
      const message = `volume "${volume.name}" is of type ${source}, which the restricted profile does not allow`;
      if (source === 'gitRepo') report({ path, message: `${message} (${gitRepo.note})`, ...(gitRepo.high ? { severity: 'high' as const } : {}) });
      else report({ path, message });
    }
  },
});

/**
 * What a gitRepo volume does on the target version. The kubelet runs git as root on the node for
 * it (CVE-2024-10220 turned repository hooks into code execution there) while the
 * GitRepoVolumeDriver feature gate is on: by default up to 1.32, off by default from 1.33, locked
 * off from 1.36, when such a pod no longer starts. No target version means the latest.
 */
function gitRepoNote(target: number | undefined): { readonly note: string; readonly high: boolean } {
  if (target !== undefined && target <= 32) return { note: 'deprecated; the node runs git for it as root', high: true };
  if (target !== undefined && target <= 35) return { note: 'deprecated; off by default since Kubernetes 1.33, but where the GitRepoVolumeDriver feature gate is on, the node runs git for it as root', high: true };
  return { note: 'the kubelet no longer mounts gitRepo volumes since Kubernetes 1.36: the pod does not start', high: false };
}
