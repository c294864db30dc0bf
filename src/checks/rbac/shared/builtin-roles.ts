/*
 * The rules of the API server's user-facing ClusterRoles, for bindings that reference them without
 * the manifests defining them. Transcribed from the RBAC bootstrap policy (kubernetes/kubernetes
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy, as of v1.34; the deprecated `extensions` rules
 * are left out). `view` grants nothing this family considers dangerous, so only its aggregation
 * matters.
 */
import { type PolicyRule, parseRules } from './rules.js';

const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];

const CLUSTER_ADMIN = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

/** system:aggregate-to-edit, the part of `edit` (and so of `admin`) beyond `view`. */
const AGGREGATE_TO_EDIT = [
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: WRITE },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  {
    apiGroups: [''],
    resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
    verbs: WRITE,
  },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  {
    apiGroups: ['apps'],
    resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'],
    verbs: WRITE,
  },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...WRITE, ...READ] },
];

/** system:aggregate-to-admin. */
const AGGREGATE_TO_ADMIN = [
  { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [...WRITE, ...READ] },
];

export interface BuiltinRole {
  readonly rules: readonly PolicyRule[];
  /** Label that aggregates other ClusterRoles into this one. */
  readonly aggregationLabel?: string;
  /** Built-in roles aggregated into this one (`view` into `edit`, `edit` into `admin`). */
  readonly includes: readonly string[];
}

const label = (role: string) => `rbac.authorization.k8s.io/aggregate-to-${role}`;

export const BUILTIN_ROLES: Readonly<Record<string, BuiltinRole>> = {
  'cluster-admin': { rules: parseRules(CLUSTER_ADMIN), includes: [] },
  admin: { rules: parseRules(AGGREGATE_TO_ADMIN), aggregationLabel: label('admin'), includes: ['edit'] },
  edit: { rules: parseRules(AGGREGATE_TO_EDIT), aggregationLabel: label('edit'), includes: ['view'] },
  view: { rules: [], aggregationLabel: label('view'), includes: [] },
};
