/**
 * kubeadm's patches directory (`--patches`, `patches.directory`): files named
 * target[suffix][+patchtype].yaml or .json, as kubeadm's patch manager matches them
 * (cmd/kubeadm/app/util/patches). The kubelet's configuration is the target
 * `kubeletconfiguration`; kubeadm writes that file from its own defaults and applies the patch over
 * them, as a strategic merge patch unless the name says `+merge` (`+json` patches are lists of
 * operations, not configurations).
 */
const KUBELET_PATCH = /^kubeletconfiguration[^.+\n]*(?:\+(?:strategic|merge))?\.(?:yaml|json)$/;

/** The type kubeadm patches with a kubelet configuration patch, which the patch itself need not name. */
export const KUBELET_CONFIGURATION = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' } as const;

/** Whether a file (path, or name) is a kubeadm patch of the kubelet's configuration file. */
export function isKubeadmKubeletPatch(file: string): boolean {
  return KUBELET_PATCH.test(file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1));
}
