/**
 * kubeadm's patches directory (`--patches`, `patches.directory`): files named
 * target[suffix][+patchtype].yaml or .json, read as kubeadm's patch manager reads them
 * (cmd/kubeadm/app/util/patches): the extension must be .json or .yaml, the name must start with a
 * target (the static pods, the kubelet's configuration, CoreDNS' Deployment), and a `+` must be
 * followed by a patch type; strategic merge is the default. The name need not end there
 * (`kube-apiserver.old.yaml` is a strategic patch of the API server), as kubeadm's pattern is not
 * anchored at its end.
 */
export type KubeadmPatchTarget = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubeletconfiguration' | 'corednsdeployment';
export type KubeadmPatchType = 'strategic' | 'merge' | 'json';

const EXTENSION = /.+\.(?:json|yaml)$/;
const NAME = /^(etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubeletconfiguration|corednsdeployment)([^.+\n]*)(\+)?(json|merge|strategic)?/;

/** The target and patch type of a file (path, or name) kubeadm reads as a patch; undefined for a file it ignores or refuses. */
export function kubeadmPatchFile(file: string): { target: KubeadmPatchTarget; type: KubeadmPatchType } | undefined {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  if (!EXTENSION.test(name)) return undefined;
  const match = NAME.exec(name);
  // A `+` without a known type stops kubeadm with an error: no patch is applied.
  if (!match || (match[3] !== undefined && match[4] === undefined)) return undefined;
  return { target: match[1] as KubeadmPatchTarget, type: (match[4] ?? 'strategic') as KubeadmPatchType };
}

/** The type kubeadm patches with a kubelet configuration patch, which the patch itself need not name. */
export const KUBELET_CONFIGURATION = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' } as const;

/**
 * Whether a file is a kubeadm patch of the kubelet's configuration file that is itself a
 * configuration (a strategic merge or merge patch; a JSON patch is a list of operations).
 */
export function isKubeadmKubeletPatch(file: string): boolean {
  const patch = kubeadmPatchFile(file);
  return patch?.target === 'kubeletconfiguration' && patch.type !== 'json';
}
