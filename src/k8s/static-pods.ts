import type { K8sObject } from './object.js';

/** The control-plane components kubeadm runs as static Pods, by their `component` label. */
const CONTROL_PLANE_COMPONENTS: ReadonlySet<string> = new Set(['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler']);

/**
 * Whether a Pod is a static Pod the kubelet runs from a manifest file on its node, recreating it
 * whenever it stops: either the mirror Pod the kubelet publishes for it (read back from a cluster,
 * with the `kubernetes.io/config.mirror` annotation), or a control-plane manifest as kubeadm writes
 * it (`/etc/kubernetes/manifests/*.yaml`: namespace kube-system, labels `tier: control-plane` and
 * `component: <name>` of one of the four components).
 */
export function isStaticPod(object: K8sObject): boolean {
  if (object.kind !== 'Pod' || object.group !== '') return false;
  if (Object.hasOwn(object.annotations, 'kubernetes.io/config.mirror')) return true;
  return (
    object.namespace === 'kube-system' &&
    object.labels.tier === 'control-plane' &&
    CONTROL_PLANE_COMPONENTS.has(object.labels.component ?? '')
  );
}
