import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { isWindowsPod, usesUserNamespace } from '../../../k8s/security-context.js';
import type { PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

/**
 * Whether the pod cannot run in its own user namespace: it targets Windows nodes (by spec.os, where the API server also
 * refuses hostUsers, or by a kubernetes.io/os nodeSelector), which have no user namespaces, or the API server refuses
 * hostUsers: false together with its host namespaces or volumeDevices.
 */
function cannotUseUserNamespace(pod: PodView): boolean {
  const spec = pod.spec;
  if (isWindowsPod(pod) || asRecord(spec.nodeSelector)?.['kubernetes.io/os'] === 'windows') return true;
  if (spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true) return true;
  return pod.containers.some((c) => Array.isArray(c.body.volumeDevices) && c.body.volumeDevices.length > 0);
}

/** The state of user namespaces in the target version, or undefined when the version predates their beta. */
function status(minor: number | undefined): string | undefined {
  if (minor === undefined) return 'user namespaces are on by default since Kubernetes 1.33 and GA since 1.36';
  if (minor < 30) return undefined;
  if (minor < 33) return `user namespaces are beta but off by default in Kubernetes 1.${minor}: the UserNamespacesSupport feature gate must be enabled on the API server and the kubelets`;
  return minor < 36 ? `user namespaces are beta and on by default in Kubernetes 1.${minor}` : `user namespaces are GA in Kubernetes 1.${minor}`;
}

export default defineCheck({
  id: 'host-users-not-disabled',
  title: 'Pod does not run in its own user namespace (hostUsers: false)',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    "With spec.hostUsers: false the kubelet gives the pod its own user namespace: the user and group IDs inside the containers, root included, map to an unprivileged range of IDs on the node that no other pod shares. A process that escapes the container (through a kernel or runtime bug, or a writable host mount) is then an unprivileged user on the node, and capabilities held inside the pod count only for the pod's own namespaces; several container-escape vulnerabilities were not exploitable with user namespaces. Pods run in the node's user namespace unless they opt in. User namespaces were alpha from Kubernetes 1.25, beta from 1.30 (off by default), on by default from 1.33 and GA from 1.36; the nodes need Linux 6.3 or later (idmapped mounts for the pod's volumes) and a container runtime that supports them (containerd 2.0, CRI-O 1.25). With --kube-version below 1.30 nothing is reported. Pods that cannot use a user namespace are not reported: the API server refuses hostUsers: false together with hostNetwork (unless the alpha UserNamespacesHostNetworkSupport gate is on), hostPID, hostIPC or volumeDevices; and pods that target Windows nodes, by spec.os.name or by a kubernetes.io/os nodeSelector, run where user namespaces do not exist (the API server also refuses hostUsers for a pod whose spec.os.name is windows). Off by default: it is a hardening recommendation that depends on the nodes' kernel and runtime.",
  remediation:
    'Set spec.hostUsers: false in the pod template, on nodes whose kernel and container runtime support user namespaces; check that the volumes the pod writes support idmapped mounts, and that the image does not rely on the IDs it sees matching the node.',
  references: [
    k8sDocs('User Namespaces', 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/'),
    k8sDocs('Use a User Namespace With a Pod', 'https://kubernetes.io/docs/tasks/configure-pod-container/user-namespaces/'),
  ],
  run({ pod, settings, report }) {
    if (usesUserNamespace(pod) || cannotUseUserNamespace(pod)) return;
    const state = status(kubeMinorVersion(settings.kubeVersion));
    if (state === undefined) return;
    const explicit = pod.spec.hostUsers === true;
    report({
      path: [...pod.specPath, 'hostUsers'],
      message: `pod runs in the node's user namespace (${explicit ? 'hostUsers: true' : 'hostUsers unset, which defaults to true'}), so root in its containers is root on the node should a process escape; ${state}: set hostUsers: false where the nodes support it`,
    });
  },
});
