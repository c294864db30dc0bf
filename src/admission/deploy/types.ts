/*
 * The subset of the Kubernetes (and cert-manager) API types that the webhook's deployment uses.
 * Field names and nesting follow the API exactly; the schema-validation rule checks the result.
 */

export type Labels = Record<string, string>;

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly annotations?: Record<string, string>;
}

interface TypedObject<ApiVersion extends string, Kind extends string> {
  readonly apiVersion: ApiVersion;
  readonly kind: Kind;
  readonly metadata: ObjectMeta;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export type Namespace = TypedObject<'v1', 'Namespace'>;

export interface ServiceAccount extends TypedObject<'v1', 'ServiceAccount'> {
  readonly automountServiceAccountToken?: boolean;
}

export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly ('get' | 'list' | 'watch')[];
}

export interface ClusterRole extends TypedObject<'rbac.authorization.k8s.io/v1', 'ClusterRole'> {
  readonly rules: readonly PolicyRule[];
}

export interface ClusterRoleBinding extends TypedObject<'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'> {
  readonly roleRef: { readonly apiGroup: 'rbac.authorization.k8s.io'; readonly kind: 'ClusterRole'; readonly name: string };
  readonly subjects: readonly { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string }[];
}

export interface Secret extends TypedObject<'v1', 'Secret'> {
  readonly type: 'kubernetes.io/tls';
  /** Base64-encoded values. */
  readonly data: Readonly<Record<string, string>>;
}

export interface SeccompProfile {
  readonly type: 'RuntimeDefault';
}

export interface PodSecurityContext {
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly seccompProfile: SeccompProfile;
}

export interface SecurityContext {
  readonly allowPrivilegeEscalation: false;
  readonly privileged: false;
  readonly readOnlyRootFilesystem: true;
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly capabilities: { readonly drop: readonly ['ALL'] };
  readonly seccompProfile: SeccompProfile;
}

export interface Probe {
  readonly httpGet: { readonly path: string; readonly port: string; readonly scheme: 'HTTPS' };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

export interface ResourceList {
  readonly cpu?: string;
  readonly memory?: string;
  readonly 'ephemeral-storage'?: string;
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent';
  readonly args: readonly string[];
  readonly ports: readonly { readonly name: string; readonly containerPort: number; readonly protocol: 'TCP' }[];
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  readonly livenessProbe: Probe;
  readonly readinessProbe: Probe;
  readonly startupProbe?: Probe;
  readonly resources: { readonly requests: ResourceList; readonly limits: ResourceList };
  readonly securityContext: SecurityContext;
  readonly volumeMounts: readonly VolumeMount[];
}

export type Volume =
  | { readonly name: string; readonly secret: { readonly secretName: string; readonly defaultMode: number } }
  | { readonly name: string; readonly emptyDir: { readonly medium?: 'Memory'; readonly sizeLimit: string } }
  | {
      readonly name: string;
      readonly projected: {
        readonly defaultMode?: number;
        readonly sources: readonly (
          | { readonly serviceAccountToken: { readonly path: string; readonly expirationSeconds: number } }
          | { readonly configMap: { readonly name: string; readonly items: readonly { readonly key: string; readonly path: string }[] } }
          | {
              readonly downwardAPI: {
                readonly items: readonly { readonly path: string; readonly fieldRef: { readonly apiVersion: 'v1'; readonly fieldPath: string } }[];
              };
            }
        )[];
      };
    };

export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: { readonly labelSelector: LabelSelector; readonly topologyKey: string };
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly labelSelector: LabelSelector;
}

export interface PodSpec {
  readonly serviceAccountName: string;
  readonly automountServiceAccountToken: boolean;
  readonly enableServiceLinks: boolean;
  readonly priorityClassName?: string;
  readonly securityContext: PodSecurityContext;
  readonly nodeSelector: Labels;
  readonly affinity: { readonly podAntiAffinity: { readonly preferredDuringSchedulingIgnoredDuringExecution: readonly WeightedPodAffinityTerm[] } };
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly terminationGracePeriodSeconds: number;
  readonly containers: readonly Container[];
  readonly volumes: readonly Volume[];
}

export interface Deployment extends TypedObject<'apps/v1', 'Deployment'> {
  readonly spec: {
    readonly replicas: number;
    readonly revisionHistoryLimit: number;
    readonly selector: LabelSelector;
    readonly strategy: { readonly type: 'RollingUpdate'; readonly rollingUpdate: { readonly maxUnavailable: number; readonly maxSurge: number } };
    readonly template: { readonly metadata: Omit<ObjectMeta, 'name'>; readonly spec: PodSpec };
  };
}

export interface PodDisruptionBudget extends TypedObject<'policy/v1', 'PodDisruptionBudget'> {
  readonly spec: {
    readonly maxUnavailable: number;
    readonly selector: LabelSelector;
    readonly unhealthyPodEvictionPolicy: 'AlwaysAllow' | 'IfHealthyBudget';
  };
}

export interface Service extends TypedObject<'v1', 'Service'> {
  readonly spec: {
    readonly type: 'ClusterIP';
    readonly selector: Labels;
    readonly ports: readonly { readonly name: string; readonly port: number; readonly targetPort: string; readonly protocol: 'TCP' }[];
  };
}

export interface NetworkPolicy extends TypedObject<'networking.k8s.io/v1', 'NetworkPolicy'> {
  readonly spec: {
    readonly podSelector: LabelSelector;
    readonly policyTypes: readonly 'Ingress'[];
    readonly ingress: readonly { readonly ports: readonly { readonly port: string; readonly protocol: 'TCP' }[] }[];
  };
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface RuleWithOperations {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly operations: readonly Operation[];
  readonly resources: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster' | '*';
}

export interface WebhookClientConfig {
  readonly service: { readonly namespace: string; readonly name: string; readonly path: string; readonly port: number };
  /** Base64 of the PEM CA bundle; absent when cert-manager's CA injector fills it in. */
  readonly caBundle?: string;
}

export interface ValidatingWebhook {
  readonly name: string;
  readonly admissionReviewVersions: readonly ['v1'];
  readonly sideEffects: 'None';
  readonly timeoutSeconds: number;
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly matchPolicy: 'Equivalent' | 'Exact';
  readonly namespaceSelector: LabelSelector;
  readonly rules: readonly RuleWithOperations[];
  readonly clientConfig: WebhookClientConfig;
}

export interface MutatingWebhook extends ValidatingWebhook {
  readonly reinvocationPolicy: 'Never' | 'IfNeeded';
}

export interface ValidatingWebhookConfiguration extends TypedObject<'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'> {
  readonly webhooks: readonly ValidatingWebhook[];
}

export interface MutatingWebhookConfiguration extends TypedObject<'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'> {
  readonly webhooks: readonly MutatingWebhook[];
}

export interface IssuerRef {
  readonly name: string;
  readonly kind: 'Issuer';
  readonly group: 'cert-manager.io';
}

export interface Issuer extends TypedObject<'cert-manager.io/v1', 'Issuer'> {
  readonly spec: { readonly selfSigned: Record<string, never> } | { readonly ca: { readonly secretName: string } };
}

export interface Certificate extends TypedObject<'cert-manager.io/v1', 'Certificate'> {
  readonly spec: {
    readonly secretName: string;
    readonly commonName: string;
    readonly isCA?: boolean;
    readonly dnsNames?: readonly string[];
    readonly duration: string;
    readonly renewBefore?: string;
    readonly usages: readonly ('digital signature' | 'cert sign' | 'crl sign' | 'server auth')[];
    readonly privateKey: { readonly algorithm: 'ECDSA'; readonly size: 256; readonly rotationPolicy: 'Always' };
    readonly issuerRef: IssuerRef;
  };
}

/** Every object `rampart admission manifests` emits. */
export type Manifest =
  | Namespace
  | ServiceAccount
  | ClusterRole
  | ClusterRoleBinding
  | Secret
  | Deployment
  | PodDisruptionBudget
  | Service
  | NetworkPolicy
  | ValidatingWebhookConfiguration
  | MutatingWebhookConfiguration
  | Issuer
  | Certificate;
