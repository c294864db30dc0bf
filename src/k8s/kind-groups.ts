import type { K8sObject } from './object.js';
import { isWorkload } from './workloads.js';

const is =
  (kinds: readonly string[], groups: readonly string[]) =>
  (object: K8sObject): boolean =>
    kinds.includes(object.kind) && groups.includes(object.group);

/** The kinds of object a check can target. Checks name a group; they never test kinds themselves. */
export const KIND_GROUPS = {
  any: (_object: K8sObject) => true,
  workload: isWorkload,
  service: is(['Service'], ['']),
  ingress: is(['Ingress'], ['networking.k8s.io', 'extensions']),
  'network-policy': is(['NetworkPolicy'], ['networking.k8s.io', 'extensions']),
  'rbac-role': is(['Role', 'ClusterRole'], ['rbac.authorization.k8s.io']),
  'rbac-binding': is(['RoleBinding', 'ClusterRoleBinding'], ['rbac.authorization.k8s.io']),
  'service-account': is(['ServiceAccount'], ['']),
  'config-map': is(['ConfigMap'], ['']),
  secret: is(['Secret'], ['']),
  'pod-disruption-budget': is(['PodDisruptionBudget'], ['policy']),
  'horizontal-pod-autoscaler': is(['HorizontalPodAutoscaler'], ['autoscaling']),
  namespace: is(['Namespace'], ['']),
  'pod-security-policy': is(['PodSecurityPolicy'], ['policy', 'extensions']),
  'admission-webhook': is(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'], ['admissionregistration.k8s.io']),
  'limit-range': is(['LimitRange'], ['']),
  deployment: is(['Deployment'], ['apps', 'extensions']),
} as const satisfies Record<string, (object: K8sObject) => boolean>;

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
