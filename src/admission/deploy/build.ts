import { createHash } from 'node:crypto';
import { parseImageRef } from '../../k8s/image-ref.js';
import type { WebhookCertificates } from '../certs/generate.js';
import { type DeployOptions, serviceDnsNames } from './options.js';
import type {
  Certificate,
  ClusterRole,
  ClusterRoleBinding,
  Container,
  Deployment,
  Issuer,
  IssuerRef,
  Labels,
  LabelSelector,
  Manifest,
  MutatingWebhookConfiguration,
  Namespace,
  NetworkPolicy,
  ObjectMeta,
  PodDisruptionBudget,
  RuleWithOperations,
  Secret,
  SecurityContext,
  Service,
  ServiceAccount,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
  Volume,
} from './types.js';

/** Where the webhook's TLS material comes from. */
export type TlsSource =
  /** A CA and serving certificate made now: a Secret holds them, the caBundle trusts the CA. */
  | { readonly kind: 'generated'; readonly certificates: WebhookCertificates }
  /** cert-manager issues and renews the certificate; its CA injector fills in the caBundle. */
  | { readonly kind: 'cert-manager' };

/** The port `rampart admission serve` listens on inside the pod (unprivileged, so no capability is needed). */
export const CONTAINER_PORT = 8443;
const PORT_NAME = 'https';
/** A high UID/GID outside the node's account ranges (the distroless "nonroot" user). */
export const RUN_AS_ID = 65532;
export const TLS_MOUNT_PATH = '/etc/rampart/tls';
/** The standard in-cluster location of the API credentials, where every Kubernetes client looks. */
export const API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const DESCRIPTION = 'kubernetes.io/description';
const IGNORE = 'rampart.dev/ignore';
const IGNORE_REASON = 'rampart.dev/ignore-reason';
/** Why the webhook's network stays open where Rampart's NetworkPolicy rules would close it. */
const NETWORK_REASON =
  'The API server calls the webhook from addresses that differ per cluster (often the host network of control-plane nodes), and the webhook calls the API server at an address that differs per cluster: ingress to the webhook port is open to any source and egress is not restricted.';
const BURSTABLE_REASON =
  'CPU and memory limits are above the requests on purpose: the webhook idles near its requests and bursts under review load, and equal values would reserve the burst on every replica.';
const HOST_USERS_REASON =
  'hostUsers is left unset: a user namespace needs Linux 6.3 or later and a runtime that supports it on every node, and a webhook pod that cannot start would block the admission of pods.';
const DNS_REASON =
  'No dnsConfig options: the webhook resolves no names (it reaches the API server at the address in KUBERNETES_SERVICE_HOST), so resolver options would change nothing.';
const QUOTA_REASON = 'The namespace holds only the webhook, whose pods set requests and limits for CPU, memory and ephemeral storage.';
const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Pod template annotation: a digest of the serving certificate, so a new certificate rolls the pods. */
export const TLS_DIGEST_ANNOTATION = 'rampart.dev/tls-certificate-sha256';

/** Operations and resources the webhook sees: pods, and every built-in controller that templates pods. */
export const WEBHOOK_RULES: readonly RuleWithOperations[] = [
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers'], scope: 'Namespaced' },
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['replicationcontrollers'], scope: 'Namespaced' },
  {
    apiGroups: ['apps'],
    apiVersions: ['v1'],
    operations: ['CREATE', 'UPDATE'],
    resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    scope: 'Namespaced',
  },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'], scope: 'Namespaced' },
];

/** Names of the objects, derived from --name. */
export function objectNames(name: string) {
  return {
    app: name,
    tlsSecret: `${name}-webhook-tls`,
    selfSignedIssuer: `${name}-selfsigned`,
    caCertificate: `${name}-ca`,
    caIssuer: `${name}-ca`,
    // The API server prefixes a webhook's audit annotations with its name: this one makes them
    // exactly the keys the built-in Pod Security Admission writes (pod-security.kubernetes.io/...).
    validatingWebhook: 'pod-security.kubernetes.io',
    mutatingWebhook: `mutate.${name}.rampart.dev`,
  };
}

/** Label values allow only [A-Za-z0-9._-]; a version like 1.0.0+build becomes 1.0.0_build. */
function labelValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Builds the whole deployment, in the order `kubectl apply -f` should create it. */
export function buildManifests(options: DeployOptions, tls: TlsSource, version: string): Manifest[] {
  const names = objectNames(options.name);
  const ns = options.namespace;
  const selector: Labels = { 'app.kubernetes.io/name': 'rampart', 'app.kubernetes.io/instance': options.name };
  const labels: Labels = {
    ...selector,
    'app.kubernetes.io/component': 'admission-webhook',
    'app.kubernetes.io/part-of': 'rampart',
    'app.kubernetes.io/version': labelValue(version),
  };
  const meta = (name: string, namespaced: boolean, annotations?: Record<string, string>): ObjectMeta => ({
    name,
    ...(namespaced ? { namespace: ns } : {}),
    labels,
    ...(annotations ? { annotations } : {}),
  });

  const namespace: Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
      annotations: {
        [DESCRIPTION]: 'Rampart admission webhook. Pod Security Admission enforces the restricted profile here, because the webhook does not review pods of its own namespace.',
        [IGNORE]: 'namespace-without-default-deny,namespace-without-resource-limits',
        [IGNORE_REASON]: `${NETWORK_REASON} ${QUOTA_REASON}`,
      },
    },
  };

  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(names.app, true),
    // The pod mounts its token explicitly (see the Deployment); nothing else gets one by default.
    automountServiceAccountToken: false,
  };

  const clusterRole: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(names.app, false, {
      [DESCRIPTION]: "Read-only access to Namespaces: the webhook watches their labels and annotations to apply each namespace's policy.",
    }),
    rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }],
  };

  const clusterRoleBinding: ClusterRoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta(names.app, false),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.app },
    subjects: [{ kind: 'ServiceAccount', name: names.app, namespace: ns }],
  };

  const tlsObjects: Manifest[] = tls.kind === 'generated' ? [tlsSecret(tls.certificates)] : certManagerObjects();

  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(names.app, true),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: PORT_NAME, port: 443, targetPort: PORT_NAME, protocol: 'TCP' }],
    },
  };

  const networkPolicy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(names.app, true, {
      [DESCRIPTION]:
        'Admits traffic to the webhook port only. Any source may reach it: the API server often calls from the host network of control-plane nodes, whose addresses differ per cluster. Egress is not restricted, since the address of the API server differs per cluster too.',
      [IGNORE]: 'network-policy-open-to-internet',
      [IGNORE_REASON]: NETWORK_REASON,
    }),
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: PORT_NAME, protocol: 'TCP' }] }],
    },
  };

  const podDisruptionBudget: PodDisruptionBudget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(names.app, true),
    spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  };

  const objects: Manifest[] = [
    namespace,
    serviceAccount,
    clusterRole,
    clusterRoleBinding,
    ...tlsObjects,
    service,
    networkPolicy,
    deployment(),
    podDisruptionBudget,
    validatingWebhookConfiguration(),
  ];
  if (options.mutating) objects.push(mutatingWebhookConfiguration());
  return objects;

  function tlsSecret(certificates: WebhookCertificates): Secret {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(names.tlsSecret, true, {
        [DESCRIPTION]: `Serving certificate of the webhook for ${certificates.dnsNames.join(', ')}, valid until ${certificates.notAfter.toISOString()}; ca.crt is what the webhook configurations trust. Generated by rampart admission manifests.`,
      }),
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': base64(certificates.certificate),
        'tls.key': base64(certificates.privateKey),
        'ca.crt': base64(certificates.caCertificate),
      },
    };
  }

  function certManagerObjects(): Manifest[] {
    const issuerRef = (name: string): IssuerRef => ({ name, kind: 'Issuer', group: 'cert-manager.io' });
    const hours = (days: number) => `${days * 24}h`;
    const privateKey = { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' } as const;
    const selfSigned: Issuer = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: meta(names.selfSignedIssuer, true, { [DESCRIPTION]: "Signs the webhook's own CA, and nothing else." }),
      spec: { selfSigned: {} },
    };
    const caCertificate: Certificate = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(names.caCertificate, true),
      spec: {
        secretName: names.caCertificate,
        commonName: 'Rampart admission webhook CA',
        isCA: true,
        duration: hours(options.days * 2),
        usages: ['cert sign', 'crl sign'],
        privateKey,
        issuerRef: issuerRef(names.selfSignedIssuer),
      },
    };
    const caIssuer: Issuer = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: meta(names.caIssuer, true, { [DESCRIPTION]: "Issues the webhook's serving certificate from the webhook's own CA." }),
      spec: { ca: { secretName: names.caCertificate } },
    };
    const dnsNames = serviceDnsNames(options);
    const servingCertificate: Certificate = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(names.tlsSecret, true),
      spec: {
        secretName: names.tlsSecret,
        commonName: dnsNames[0] ?? '',
        dnsNames,
        duration: hours(options.days),
        usages: ['digital signature', 'server auth'],
        privateKey,
        issuerRef: issuerRef(names.caIssuer),
      },
    };
    return [selfSigned, caCertificate, caIssuer, servingCertificate];
  }

  function deployment(): Deployment {
    const pinned = parseImageRef(options.image);
    const byDigest = pinned.ok && pinned.ref.digest !== undefined;
    const securityContext: SecurityContext = {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: RUN_AS_ID,
      runAsGroup: RUN_AS_ID,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
      httpGet: { path, port: PORT_NAME, scheme: 'HTTPS' as const },
      periodSeconds,
      timeoutSeconds: 3,
      failureThreshold,
    });
    const container: Container = {
      name: 'webhook',
      image: options.image,
      // A digest names immutable content, so a cached copy is the same image; a tag may move.
      imagePullPolicy: byDigest ? 'IfNotPresent' : 'Always',
      args: [
        'admission',
        'serve',
        '--port',
        String(CONTAINER_PORT),
        '--tls-cert',
        `${TLS_MOUNT_PATH}/tls.crt`,
        '--tls-key',
        `${TLS_MOUNT_PATH}/tls.key`,
      ],
      ports: [{ name: PORT_NAME, containerPort: CONTAINER_PORT, protocol: 'TCP' }],
      livenessProbe: probe('/healthz', 10, 3),
      readinessProbe: probe('/readyz', 5, 2),
      // Ephemeral storage holds the container's logs (the kubelet keeps up to 5 files of 10Mi by default).
      resources: {
        requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
        limits: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '256Mi' },
      },
      securityContext,
      volumeMounts: [
        { name: 'tls', mountPath: TLS_MOUNT_PATH, readOnly: true },
        { name: 'api-token', mountPath: API_TOKEN_MOUNT_PATH, readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    };
    const volumes: Volume[] = [
      // Group-readable only: the files belong to root and the pod's fsGroup.
      { name: 'tls', secret: { secretName: names.tlsSecret, defaultMode: 0o440 } },
      {
        // What automounting would provide (a short-lived, audience-bound, auto-rotated token, the
        // cluster CA and the namespace), mounted only into the container that needs it.
        name: 'api-token',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
      { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
    ];
    const podAnnotations: Record<string, string> = {
      [DESCRIPTION]: `automountServiceAccountToken is off; the API token is mounted explicitly at ${API_TOKEN_MOUNT_PATH} because the webhook watches Namespaces (get, list and watch only, ClusterRole ${names.app}).`,
    };
    if (tls.kind === 'generated') {
      podAnnotations[TLS_DIGEST_ANNOTATION] = createHash('sha256').update(tls.certificates.certificate).digest('hex');
    }
    const spreadSelector: LabelSelector = { matchLabels: selector };
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(names.app, true, {
        [IGNORE]: 'pod-partially-isolated,requests-not-equal-limits,host-users-not-disabled,dns-config-option-missing',
        [IGNORE_REASON]: `${NETWORK_REASON} ${BURSTABLE_REASON} ${HOST_USERS_REASON} ${DNS_REASON}`,
      }),
      spec: {
        replicas: options.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        // Never fewer ready replicas than asked for during a rollout: the API server depends on them.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels, annotations: podAnnotations },
          spec: {
            serviceAccountName: names.app,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            ...(options.priorityClassName !== '' ? { priorityClassName: options.priorityClassName } : {}),
            securityContext: {
              runAsNonRoot: true,
              runAsUser: RUN_AS_ID,
              runAsGroup: RUN_AS_ID,
              fsGroup: RUN_AS_ID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            affinity: {
              podAntiAffinity: {
                // Preferred, not required: a required rule would leave the surge pod of a rollout
                // pending on a cluster with as many nodes as replicas.
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, podAffinityTerm: { labelSelector: spreadSelector, topologyKey: 'kubernetes.io/hostname' } },
                ],
              },
            },
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: spreadSelector },
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: spreadSelector },
            ],
            terminationGracePeriodSeconds: 30,
            containers: [container],
            volumes,
          },
        },
      },
    };
  }

  function webhook(name: string, path: string): ValidatingWebhook {
    return {
      name,
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      timeoutSeconds: options.timeoutSeconds,
      failurePolicy: options.failurePolicy,
      matchPolicy: 'Equivalent',
      // Its own namespace is left to Pod Security Admission: with failurePolicy Fail, a webhook
      // that reviewed its own pods could never start again once all its replicas were down.
      namespaceSelector: { matchExpressions: [{ key: METADATA_NAME_LABEL, operator: 'NotIn', values: [...new Set([ns, 'kube-system'])] }] },
      rules: WEBHOOK_RULES,
      clientConfig: {
        service: { namespace: ns, name: names.app, path, port: 443 },
        ...(tls.kind === 'generated' ? { caBundle: base64(tls.certificates.caCertificate) } : {}),
      },
    };
  }

  function webhookAnnotations(): Record<string, string> | undefined {
    return tls.kind === 'cert-manager' ? { 'cert-manager.io/inject-ca-from': `${ns}/${names.tlsSecret}` } : undefined;
  }

  function validatingWebhookConfiguration(): ValidatingWebhookConfiguration {
    return {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: meta(names.app, false, webhookAnnotations()),
      webhooks: [webhook(names.validatingWebhook, '/validate')],
    };
  }

  function mutatingWebhookConfiguration(): MutatingWebhookConfiguration {
    return {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: meta(names.app, false, webhookAnnotations()),
      webhooks: [{ ...webhook(names.mutatingWebhook, '/mutate'), reinvocationPolicy: 'IfNeeded' }],
    };
  }
}
