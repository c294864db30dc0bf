import type { K8sObject } from './object.js';
import { isWorkload, WORKLOAD_KIND_NAMES } from './workloads.js';

/** Cluster API's kubeadm control plane and bootstrap providers. */
const CAPI_KUBEADM = {
  kinds: ['KubeadmControlPlane', 'KubeadmControlPlaneTemplate', 'KubeadmConfig', 'KubeadmConfigTemplate'],
  groups: ['controlplane.cluster.x-k8s.io', 'bootstrap.cluster.x-k8s.io'],
} as const;

/** The kinds and API groups of each kind group a check can target; `any` and `workload` are given below. */
const LISTED = {
  service: { kinds: ['Service'], groups: [''] },
  ingress: { kinds: ['Ingress'], groups: ['networking.k8s.io', 'extensions'] },
  'network-policy': { kinds: ['NetworkPolicy'], groups: ['networking.k8s.io', 'extensions'] },
  'rbac-role': { kinds: ['Role', 'ClusterRole'], groups: ['rbac.authorization.k8s.io'] },
  'rbac-binding': { kinds: ['RoleBinding', 'ClusterRoleBinding'], groups: ['rbac.authorization.k8s.io'] },
  'service-account': { kinds: ['ServiceAccount'], groups: [''] },
  'config-map': { kinds: ['ConfigMap'], groups: [''] },
  secret: { kinds: ['Secret'], groups: [''] },
  'pod-disruption-budget': { kinds: ['PodDisruptionBudget'], groups: ['policy'] },
  'horizontal-pod-autoscaler': { kinds: ['HorizontalPodAutoscaler'], groups: ['autoscaling'] },
  namespace: { kinds: ['Namespace'], groups: [''] },
  'pod-security-policy': { kinds: ['PodSecurityPolicy'], groups: ['policy', 'extensions'] },
  'security-context-constraints': { kinds: ['SecurityContextConstraints'], groups: ['security.openshift.io'] },
  'admission-webhook': { kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'], groups: ['admissionregistration.k8s.io'] },
  'limit-range': { kinds: ['LimitRange'], groups: [''] },
  'storage-class': { kinds: ['StorageClass'], groups: ['storage.k8s.io'] },
  'persistent-volume-claim': { kinds: ['PersistentVolumeClaim'], groups: [''] },
  'resource-quota': { kinds: ['ResourceQuota'], groups: [''] },
  deployment: { kinds: ['Deployment'], groups: ['apps', 'extensions'] },
  'stateful-set': { kinds: ['StatefulSet'], groups: ['apps'] },
  pod: { kinds: ['Pod'], groups: [''] },
  'prometheus-monitor': { kinds: ['ServiceMonitor', 'PodMonitor'], groups: ['monitoring.coreos.com'] },
  'gatekeeper-allowed-repos': { kinds: ['K8sAllowedRepos', 'K8sAllowedReposv2'], groups: ['constraints.gatekeeper.sh'] },
  gateway: { kinds: ['Gateway'], groups: ['gateway.networking.k8s.io'] },
  'http-route': { kinds: ['HTTPRoute'], groups: ['gateway.networking.k8s.io'] },
  'grpc-route': { kinds: ['GRPCRoute'], groups: ['gateway.networking.k8s.io'] },
  'reference-grant': { kinds: ['ReferenceGrant'], groups: ['gateway.networking.k8s.io'] },
  'backend-tls-policy': { kinds: ['BackendTLSPolicy'], groups: ['gateway.networking.k8s.io'] },
  'kgateway-backend-config-policy': { kinds: ['BackendConfigPolicy'], groups: ['gateway.kgateway.dev'] },
  // The node components' configuration files, as objects of their own, inside a ConfigMap, or among
  // the files Cluster API's kubeadm providers write on a machine.
  'kubelet-configuration': { kinds: ['KubeletConfiguration', 'ConfigMap', ...CAPI_KUBEADM.kinds], groups: ['kubelet.config.k8s.io', '', ...CAPI_KUBEADM.groups] },
  'kube-proxy-configuration': { kinds: ['KubeProxyConfiguration', 'ConfigMap', ...CAPI_KUBEADM.kinds], groups: ['kubeproxy.config.k8s.io', '', ...CAPI_KUBEADM.groups] },
  // kubeadm's configuration (also as kube-system/kubeadm-config holds it), and Cluster API's kubeadm
  // control plane and bootstrap providers.
  'kubeadm-configuration': {
    kinds: ['ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration', 'KubeadmControlPlane', 'KubeadmControlPlaneTemplate', 'KubeadmConfig', 'KubeadmConfigTemplate', 'ConfigMap'],
    groups: ['kubeadm.k8s.io', 'controlplane.cluster.x-k8s.io', 'bootstrap.cluster.x-k8s.io', ''],
  },
} as const satisfies Record<string, { kinds: readonly string[]; groups: readonly string[] }>;

const is =
  ({ kinds, groups }: { readonly kinds: readonly string[]; readonly groups: readonly string[] }) =>
  (object: K8sObject): boolean =>
    kinds.includes(object.kind) && groups.includes(object.group);

/** The kinds of object a check can target. Checks name a group; they never test kinds themselves. */
export const KIND_GROUPS = {
  any: (_object: K8sObject) => true,
  workload: isWorkload,
  ...(Object.fromEntries(Object.entries(LISTED).map(([id, spec]) => [id, is(spec)])) as Record<keyof typeof LISTED, (object: K8sObject) => boolean>),
} as const satisfies Record<string, (object: K8sObject) => boolean>;

/** The kinds a check of `group` can report on; undefined for `any` (every kind, custom ones too). */
export function kindsOfGroup(group: KindGroup): readonly string[] | undefined {
  if (group === 'any') return undefined;
  if (group === 'workload') return WORKLOAD_KIND_NAMES;
  return LISTED[group].kinds;
}

/** Whether a check of `group` can report on an object of a kind `matches` accepts (an exemption's kinds). */
export function groupHasKind(group: KindGroup, matches: (kind: string) => boolean): boolean {
  return kindsOfGroup(group)?.some(matches) ?? true;
}

export type KindGroup = keyof typeof KIND_GROUPS;

export const KIND_GROUP_IDS = Object.keys(KIND_GROUPS) as KindGroup[];

/** Built-in kinds that live outside namespaces. Custom kinds learn their scope from their CRD. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CSIDriver', 'CSINode',
  'CustomResourceDefinition', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'PriorityClass', 'RuntimeClass', 'PodSecurityPolicy', 'CertificateSigningRequest', 'IngressClass', 'VolumeAttachment',
  'FlowSchema', 'PriorityLevelConfiguration', 'ComponentStatus', 'ClusterTrustBundle', 'DeviceClass', 'IPAddress', 'ServiceCIDR',
  'VolumeAttributesClass', 'SelfSubjectReview', 'TokenReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
]);

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
