/** A kind `rampart scan --cluster` lists, and where the API serves it. */
export interface ClusterResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** The resource name in the URL. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Only the objects matching this field selector. */
  readonly fieldSelector?: string;
  /**
   * Only the objects' metadata is transferred (as PartialObjectMetadata), and these fields are
   * set on each: for Secrets, whose values the scan must neither hold nor dump.
   */
  readonly metadataOnly?: Readonly<Record<string, string>>;
  /** Served only where an add-on is installed: a cluster without it is no warning. */
  readonly optional?: boolean;
}

/**
 * What the rules read: workloads and their pods, what relates to them (Services, Ingresses,
 * NetworkPolicies, ServiceAccounts, PodDisruptionBudgets, HorizontalPodAutoscalers), RBAC,
 * ConfigMaps and Namespaces, and the add-on kinds the analyses understand (AdminNetworkPolicies,
 * Argo Rollouts, OpenShift DeploymentConfigs, Routes and SecurityContextConstraints, Gateway API Gateways,
 * HTTPRoutes, GRPCRoutes, ReferenceGrants and BackendTLSPolicies, kgateway BackendConfigPolicies, Agent Sandbox's Sandboxes and SandboxTemplates) where they are installed. Of Secrets, only legacy ServiceAccount tokens, and only their
 * metadata (the escalation paths follow them): no rule needs a Secret's value, and a scan should
 * not hold, or dump, the cluster's credentials.
 */
export const CLUSTER_RESOURCES: readonly ClusterResource[] = [
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  { apiVersion: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', namespaced: true },
  { apiVersion: 'v1', kind: 'PodTemplate', plural: 'podtemplates', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
    fieldSelector: 'type=kubernetes.io/service-account-token',
    metadataOnly: { type: 'kubernetes.io/service-account-token' },
  },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', plural: 'adminnetworkpolicies', namespaced: false, optional: true },
  { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', plural: 'baselineadminnetworkpolicies', namespaced: false, optional: true },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', plural: 'rollouts', namespaced: true, optional: true },
  { apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', plural: 'deploymentconfigs', namespaced: true, optional: true },
  { apiVersion: 'route.openshift.io/v1', kind: 'Route', plural: 'routes', namespaced: true, optional: true },
  { apiVersion: 'security.openshift.io/v1', kind: 'SecurityContextConstraints', plural: 'securitycontextconstraints', namespaced: false, optional: true },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', plural: 'gateways', namespaced: true, optional: true },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', plural: 'httproutes', namespaced: true, optional: true },
  // v1 only (Gateway API 1.1 and later): a cluster serving v1alpha2 as well holds the same objects, which listing both would double.
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', plural: 'grpcroutes', namespaced: true, optional: true },
  { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', plural: 'referencegrants', namespaced: true, optional: true },
  // v1 only: a cluster serving v1alpha3 as well holds the same objects, which listing both would double.
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', plural: 'backendtlspolicies', namespaced: true, optional: true },
  { apiVersion: 'gateway.kgateway.dev/v1alpha1', kind: 'BackendConfigPolicy', plural: 'backendconfigpolicies', namespaced: true, optional: true },
  // Agent Sandbox 1.0 (v1beta1): the pod templates its controller runs, and the templates it copies them from.
  { apiVersion: 'agents.x-k8s.io/v1beta1', kind: 'Sandbox', plural: 'sandboxes', namespaced: true, optional: true },
  { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', plural: 'sandboxtemplates', namespaced: true, optional: true },
];

/** The list URL path of a resource, in one namespace or all. */
export function listPath(resource: ClusterResource, namespace: string | undefined): string {
  const root = resource.apiVersion.includes('/') ? `/apis/${resource.apiVersion}` : `/api/${resource.apiVersion}`;
  const scope = resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${scope}/${resource.plural}`;
}
