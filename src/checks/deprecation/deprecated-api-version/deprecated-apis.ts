/*
 * Built-in API versions that Kubernetes deprecated or stopped serving, up to v1.37.
 *
 * Sources: the Deprecated API Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide/)
 * for the removals it lists (v1.16 to v1.32), and the prerelease-lifecycle tags of k8s.io/api v0.37.2
 * (`APILifecycleDeprecated` / `APILifecycleRemoved` in zz_generated.prerelease-lifecycle.go) for the
 * rest: the API server warns about an API from its deprecated release and stops serving it in its
 * removed release, so those tags are what a cluster actually does. Kinds that are never written in
 * manifests (Scale, DeploymentRollback, Eviction, AdmissionReview, LeaseCandidate) are left out.
 *
 * `replacement` is the stable apiVersion to migrate to today (not an intermediate beta that was
 * itself removed since); the kind stays the same unless `replacementKind` says otherwise.
 */

export interface DeprecatedApi {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** First release that warns about the API (`1.x`). */
  readonly deprecatedIn: string;
  /** First release that no longer serves it; absent for GA APIs that stay served. */
  readonly removedIn?: string;
  readonly replacement?: string;
  readonly replacementKind?: string;
  /** What to do when there is no drop-in replacement. */
  readonly note?: string;
}

/** The newest Kubernetes release this table covers: the target version when none is given. */
export const LATEST_KUBERNETES_VERSION = '1.37';

const PSP_NOTE = 'PodSecurityPolicy has no replacement API: enforce the Pod Security Standards with Pod Security Admission namespace labels';

export const DEPRECATED_APIS: readonly DeprecatedApi[] = [
  // Removed in v1.16
  { apiVersion: 'extensions/v1beta1', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet'], deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.11', removedIn: '1.16', note: PSP_NOTE },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet', 'ControllerRevision'], deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1' },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'apps/v1',
  },

  // Removed in v1.21
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1alpha1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.20', removedIn: '1.21', replacement: 'flowcontrol.apiserver.k8s.io/v1' },

  // Removed in v1.22
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], deprecatedIn: '1.16', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authentication.k8s.io/v1' },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
  },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'StorageClass', 'VolumeAttachment'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSINode'], deprecatedIn: '1.17', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },

  // Removed in v1.24
  { apiVersion: 'storage.k8s.io/v1alpha1', kinds: ['CSIStorageCapacity', 'VolumeAttachment'], deprecatedIn: '1.21', removedIn: '1.24', replacement: 'storage.k8s.io/v1' },

  // Removed in v1.25
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecatedIn: '1.22', removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.22', removedIn: '1.25', replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.21', removedIn: '1.25', note: PSP_NOTE },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecatedIn: '1.22', removedIn: '1.25', replacement: 'node.k8s.io/v1' },

  // Removed in v1.26
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.23', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.23', removedIn: '1.26', replacement: 'autoscaling/v2' },

  // Removed in v1.27
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecatedIn: '1.24', removedIn: '1.27', replacement: 'storage.k8s.io/v1' },

  // Removed in v1.29
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.26', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },

  // Removed in v1.32
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.29', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  {
    apiVersion: 'admissionregistration.k8s.io/v1alpha1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    deprecatedIn: '1.29',
    removedIn: '1.32',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'authentication.k8s.io/v1alpha1', kinds: ['SelfSubjectReview'], deprecatedIn: '1.29', removedIn: '1.32', replacement: 'authentication.k8s.io/v1' },

  // Removed in v1.33
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['SelfSubjectReview'], deprecatedIn: '1.30', removedIn: '1.33', replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1alpha1', kinds: ['IPAddress', 'ServiceCIDR'], deprecatedIn: '1.30', removedIn: '1.33', replacement: 'networking.k8s.io/v1' },

  // Removed in v1.34
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    deprecatedIn: '1.31',
    removedIn: '1.34',
    replacement: 'admissionregistration.k8s.io/v1',
  },

  // Removed in v1.35
  { apiVersion: 'storage.k8s.io/v1alpha1', kinds: ['VolumeAttributesClass'], deprecatedIn: '1.32', removedIn: '1.35', replacement: 'storage.k8s.io/v1' },

  // Removed in v1.36
  { apiVersion: 'storagemigration.k8s.io/v1alpha1', kinds: ['StorageVersionMigration'], deprecatedIn: '1.33', removedIn: '1.36', replacement: 'storagemigration.k8s.io/v1' },

  // Removed in v1.37
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['IPAddress', 'ServiceCIDR'], deprecatedIn: '1.34', removedIn: '1.37', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['VolumeAttributesClass'], deprecatedIn: '1.34', removedIn: '1.37', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1alpha1', kinds: ['ClusterTrustBundle'], deprecatedIn: '1.34', removedIn: '1.37', replacement: 'certificates.k8s.io/v1' },
  {
    apiVersion: 'resource.k8s.io/v1alpha3',
    kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
    deprecatedIn: '1.34',
    removedIn: '1.37',
    replacement: 'resource.k8s.io/v1',
  },

  // Deprecated, still served in v1.37
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecatedIn: '1.33', replacement: 'discovery.k8s.io/v1', replacementKind: 'EndpointSlice' },
  {
    apiVersion: 'admissionregistration.k8s.io/v1alpha1',
    kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'],
    deprecatedIn: '1.35',
    removedIn: '1.38',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  {
    apiVersion: 'resource.k8s.io/v1beta1',
    kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
    deprecatedIn: '1.35',
    removedIn: '1.38',
    replacement: 'resource.k8s.io/v1',
  },
  {
    apiVersion: 'resource.k8s.io/v1beta2',
    kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
    deprecatedIn: '1.36',
    removedIn: '1.39',
    replacement: 'resource.k8s.io/v1',
  },
  { apiVersion: 'resource.k8s.io/v1alpha3', kinds: ['DeviceTaintRule'], deprecatedIn: '1.36', removedIn: '1.39', replacement: 'resource.k8s.io/v1' },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'],
    deprecatedIn: '1.37',
    removedIn: '1.40',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['ClusterTrustBundle', 'PodCertificateRequest'], deprecatedIn: '1.37', removedIn: '1.40', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'storagemigration.k8s.io/v1beta1', kinds: ['StorageVersionMigration'], deprecatedIn: '1.37', removedIn: '1.40', replacement: 'storagemigration.k8s.io/v1' },
];
