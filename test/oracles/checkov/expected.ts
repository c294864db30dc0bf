import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../../src/core/finding.js';
import type { K8sObject } from '../../../src/k8s/object.js';
import { roleErrors } from '../../../src/rbac/role-validation.js';
import { createdByControllerAmong, isWindowsPod, type Json, list, podSpec, record } from '../workload-objects.js';

/** One object on which Checkov's verdict and the mapped rules' disagree. */
export interface Disagreement {
  readonly check: string;
  /** `checkov`: Checkov fails the object and no mapped rule flags it; `rampart`: the reverse. */
  readonly side: 'checkov' | 'rampart';
  readonly file: string;
  /** `Kind/namespace/name`. */
  readonly object: string;
  /** The object as Rampart read it. */
  readonly body: K8sObject | undefined;
  /** The objects of the same file. */
  readonly siblings: readonly K8sObject[];
  /** The mapped rules' findings on it (side `rampart`). */
  readonly findings: readonly Finding[];
}

/**
 * An explained, expected difference: a deliberate difference of scope (the coverage table says so:
 * `narrower` or `broader` in test/coverage/rampart-rules.json) or a Checkov quirk where Rampart
 * follows Kubernetes. Either by object (`file Kind/namespace/name`), or by a property of the object.
 */
export interface ExpectedDifference {
  readonly checks: readonly string[];
  readonly side: 'checkov' | 'rampart';
  readonly kind: 'scope' | 'checkov-quirk';
  readonly reason: string;
  readonly objects?: readonly string[];
  readonly when?: (d: Disagreement) => boolean;
}


/** The Kubernetes API group of the kinds Checkov's checks look at. */
const GROUP: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  PodTemplate: [''],
  ReplicationController: [''],
  Service: [''],
  ServiceAccount: [''],
  ConfigMap: [''],
  Secret: [''],
  Deployment: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
  Role: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  Ingress: ['networking.k8s.io', 'extensions'],
};


const containers = (spec: Json | undefined): Json[] =>
  [...list(spec?.containers), ...list(spec?.initContainers)].map(record).filter((c): c is Json => c !== undefined);

const isWindows = (d: Disagreement) => isWindowsPod(d.body);

/** The snippet annotations of ingress-nginx and of the F5 NGINX Ingress Controller. */
const NGINX_SNIPPET_KEY = /^(nginx\.ingress\.kubernetes\.io\/(configuration|server|auth|stream|modsecurity)-snippet|nginx\.org\/(server|location)-snippets)$/;

/** Checks of Linux settings, which do not apply to Windows pods (spec.os.name: windows). */
const LINUX_ONLY = ['CKV_K8S_20', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_25', 'CKV_K8S_28', 'CKV_K8S_29', 'CKV_K8S_30', 'CKV_K8S_31', 'CKV_K8S_37', 'CKV_K8S_39', 'CKV_K8S_40'];

/** Per Checkov check whose concept's rules report more than it, the rules its exemptions silence (test/coverage/rampart-rules.json). */
const BROADER = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../../coverage/rampart-rules.json'), 'utf8')) as { broader: { Checkov: Record<string, { silences?: string[] }> } }
).broader.Checkov;

export const EXPECTED: readonly ExpectedDifference[] = [
  {
    checks: ['CKV_K8S_49', 'CKV_K8S_155', 'CKV_K8S_156', 'CKV_K8S_157', 'CKV_K8S_158'],
    side: 'checkov',
    kind: 'scope',
    reason: "A Role or ClusterRole the API server refuses (ValidatePolicyRule: a rule without verbs, for both resources and non-resource URLs, ...) never exists: Rampart's role rules leave it alone (schema-validation reports it, rbac-binding-missing-role the bindings to it); Checkov judges its rules.",
    when: (d) => d.body !== undefined && (d.body.kind === 'Role' || d.body.kind === 'ClusterRole') && roleErrors(d.body).length > 0,
  },
  {
    checks: ['*'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov goes by kind alone: a custom resource whose kind is Deployment, Pod, ClusterRole, ... of another API group is not a Kubernetes workload or role.',
    when: (d) => d.body !== undefined && Object.hasOwn(GROUP, d.body.kind) && !GROUP[d.body.kind]?.includes(d.body.group),
  },
  {
    checks: ['*'],
    side: 'checkov',
    kind: 'scope',
    reason: 'A Pod, ReplicaSet or Job created by a controller that is in the same input repeats its template: Rampart reports the controller, which is what a user edits.',
    when: (d) => createdByControllerAmong(d.body, d.siblings),
  },
  {
    checks: LINUX_ONLY,
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov ignores spec.os.name: a Windows pod has no Linux capabilities, seccomp, privilege escalation or read-only root filesystem to set, and the API server rejects those fields on it.',
    when: isWindows,
  },
  {
    checks: ['*'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'Checkov does not read ephemeralContainers; Rampart checks the containers `kubectl debug` adds to a pod like any other.',
    when: (d) => d.findings.length > 0 && d.findings.every((f) => f.path.includes('ephemeralContainers')),
  },
  {
    checks: ['CKV_K8S_40'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: Checkov also fails a container whose runAsUser is not set at all; low-user-id reports an explicit low id only.',
    when: (d) => {
      const spec = podSpec(d.body);
      const podUser = record(spec?.securityContext)?.runAsUser;
      return containers(spec).some((c) => (record(c.securityContext)?.runAsUser ?? podUser) === undefined);
    },
  },
  {
    checks: ['CKV_K8S_29'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: Checkov fails a pod without a pod-level securityContext even when its containers have their own; missing-security-context reports a container with neither.',
    when: (d) => {
      const spec = podSpec(d.body);
      return spec !== undefined && record(spec.securityContext) === undefined && containers(spec).every((c) => record(c.securityContext) !== undefined);
    },
  },
  {
    checks: ['CKV_K8S_30'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: Checkov fails a container without its own securityContext even when the pod has one; missing-security-context reports a container with neither.',
    when: (d) => {
      const spec = podSpec(d.body);
      return spec !== undefined && record(spec.securityContext) !== undefined && containers(spec).some((c) => record(c.securityContext) === undefined);
    },
  },
  {
    checks: ['CKV_K8S_152', 'CKV_K8S_153', 'CKV_K8S_154'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov reads every annotation whose key contains "snippet", whatever its prefix (example.com/configuration-snippet); no NGINX controller reads those, so ingress-nginx-snippet-annotation does not report them.',
    when: (d) => Object.keys(d.body?.annotations ?? {}).filter((key) => key.includes('snippet')).every((key) => !NGINX_SNIPPET_KEY.test(key)),
  },
  {
    checks: ['CKV2_K8S_6'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'Checkov 3.3.30 passes every Pod on CKV2_K8S_6, also where no NetworkPolicy is in the input at all (its graph finds no Pod-to-NetworkPolicy edges); Rampart reports pods no policy selects.',
    when: (d) => d.body?.kind === 'Pod',
  },
  {
    checks: ['CKV2_K8S_1', 'CKV2_K8S_2', 'CKV2_K8S_3', 'CKV2_K8S_4', 'CKV2_K8S_5'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: "Checkov's RBAC graph checks pass most bindings whose role grants the permission (on these inputs CKV2_K8S_1, 2 and 4 fail no binding at all), so only the bindings Checkov fails are compared.",
    when: (d) => d.body?.kind === 'RoleBinding' || d.body?.kind === 'ClusterRoleBinding',
  },
  {
    checks: Object.keys(BROADER),
    side: 'rampart',
    kind: 'scope',
    reason: "broader: the concept's other rules (not those this check's exemptions silence) report more than the check, e.g. escalate and impersonate for a bind check.",
    when: (d) => d.findings.every((f) => !(BROADER[d.check]?.silences ?? []).includes(f.ruleId)),
  },
  {
    checks: ['CKV_K8S_8', 'CKV_K8S_9'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: a pod that runs to completion (restartPolicy Never or OnFailure) needs no liveness or readiness probe.',
    when: (d) => ['Never', 'OnFailure'].includes(String(podSpec(d.body)?.restartPolicy)),
  },
  {
    checks: ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "Checkov ignores the requests and limits a LimitRange of the object's namespace (in the same input) fills in.",
    when: (d) => d.siblings.some((o) => o.kind === 'LimitRange' && (o.namespace ?? 'default') === (d.body?.namespace ?? 'default')),
  },
  {
    checks: ['CKV_K8S_25'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: Checkov fails any added capability; NET_BIND_SERVICE, the one the restricted Pod Security Standard allows, is not reported.',
    when: (d) =>
      containers(podSpec(d.body)).every((c) => list(record(record(c.securityContext)?.capabilities)?.add).every((cap) => String(cap).toUpperCase().replace(/^CAP_/, '') === 'NET_BIND_SERVICE')),
  },
  {
    checks: ['CKV_K8S_38'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "Checkov reads only the pod spec; the pod's ServiceAccount (in the same input) sets automountServiceAccountToken: false, which applies when the pod does not say otherwise.",
    when: (d) => {
      const spec = podSpec(d.body);
      const account = typeof spec?.serviceAccountName === 'string' ? spec.serviceAccountName : typeof spec?.serviceAccount === 'string' ? spec.serviceAccount : 'default';
      return d.siblings.some((o) => o.kind === 'ServiceAccount' && o.name === account && (o.namespace ?? 'default') === (d.body?.namespace ?? 'default') && o.body.automountServiceAccountToken === false);
    },
  },
  {
    checks: ['CKV_K8S_38'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason:
      "Checkov reads only automountServiceAccountToken: here every container (init containers included) mounts a volume that holds no token (no projected serviceAccountToken) at the token's path, /var/run/secrets/kubernetes.io/serviceaccount, so the ServiceAccount admission plugin mounts the token into none.",
    when: (d) => {
      const all = containers(podSpec(d.body));
      const projectsToken = list(podSpec(d.body)?.volumes).some((v) => list(record(record(v)?.projected)?.sources).some((s) => record(s)?.serviceAccountToken !== undefined));
      return !projectsToken && all.length > 0 && all.every((c) => list(c.volumeMounts).some((m) => record(m)?.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount'));
    },
  },
  {
    checks: ['CKV_K8S_23'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: a pod in a user namespace (hostUsers: false) runs as root only inside it; run-as-non-root-not-set does not require runAsNonRoot there.',
    when: (d) => podSpec(d.body)?.hostUsers === false,
  },
  {
    checks: ['CKV_K8S_41'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: Checkov judges the default ServiceAccount object; Rampart reports the pods that run as it or mount its token.',
    when: (d) => d.body?.kind === 'ServiceAccount',
  },
  {
    checks: ['CKV_K8S_49'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: "Checkov's CKV_K8S_49 reads only a role's first rule; Rampart reports a wildcard in any rule.",
    when: (d) => d.findings.every((f) => !f.path.startsWith('rules[0].')),
  },
  {
    checks: ['CKV_K8S_40'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: runAsUser 0 is reported by run-as-root-user, not low-user-id.',
    when: (d) => {
      const spec = podSpec(d.body);
      const podUser = record(spec?.securityContext)?.runAsUser;
      return containers(spec).some((c) => (record(c.securityContext)?.runAsUser ?? podUser) === 0);
    },
  },
  {
    checks: ['CKV_K8S_16', 'CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19', 'CKV_K8S_20', 'CKV_K8S_26', 'CKV_K8S_40'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "Checkov reads a wrong-typed value ('true', 'false', '9090', '0' as strings, hostPID under the StatefulSet spec) as set; the API server rejects such an object, and schema-validation reports it.",
    objects: [
      'src/checks/hygiene/schema-validation/fires.yaml Deployment/shop/web',
      'src/checks/pod-security/privileged-container/dont-fire.yaml Deployment/default/web',
      'src/checks/pod-security/host-pid/dont-fire.yaml StatefulSet/default/db',
      'src/checks/pod-security/host-ipc/dont-fire.yaml Pod/default/quoted',
      'src/checks/pod-security/host-network/dont-fire.yaml Pod/default/quoted',
      'src/checks/pod-security/privilege-escalation-allowed/dont-fire.yaml Deployment/default/web',
      'src/checks/pod-security/host-port/dont-fire.yaml Deployment/default/web',
      'src/checks/pod-security/run-as-root-user/dont-fire.yaml Deployment/default/web',
    ],
  },
  {
    checks: ['CKV_K8S_26'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov fails hostPort: 0, which means no host port.',
    objects: ['src/checks/pod-security/host-port/dont-fire.yaml Pod/default/node-exporter'],
  },
  {
    checks: ['CKV_K8S_23', 'CKV_K8S_29', 'CKV_K8S_31', 'CKV_K8S_38', 'CKV_K8S_40'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov goes by kind alone: apps/v1beta1 never served DaemonSets, so the API server rejects this object (deprecated-api-version reports it).',
    objects: ['src/checks/deprecation/deprecated-api-version/dont-fire.yaml DaemonSet/default/not-a-real-api'],
  },
  {
    checks: ['CKV_K8S_14', 'CKV_K8S_15', 'CKV_K8S_43'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov fails containers with no image yet or a placeholder (<image_url>, ${IMAGE}), and does not know sha512 digests; Rampart judges only real image references.',
    objects: [
      'src/checks/supply-chain/image-not-pinned-by-digest/dont-fire.yaml Deployment/default/web',
      'test/corpus/real-world/kubernetes-examples/_archived/volumes/flexvolume/deploy/ds.yaml DaemonSet/default/flex-ds',
    ],
  },
  {
    checks: ['CKV_K8S_20'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'A privileged container, or one with CAP_SYS_ADMIN, can always escalate privileges whatever allowPrivilegeEscalation says (the API server refuses false with privileged); Checkov reads the field only.',
    objects: ['src/checks/pod-security/pod-security-standard/fires.yaml Deployment/shop/web', 'src/checks/pod-security/privilege-escalation-allowed/fires.yaml DaemonSet/default/node-agent'],
  },
  {
    checks: ['CKV_K8S_23'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'Checkov does not check init containers for runAsNonRoot; they run on the node like the others.',
    objects: ['src/checks/pod-security/run-as-root-user/fires.yaml Deployment/shop/web'],
  },
  {
    checks: ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "Checkov reads the containers' resources only; a pod-level limit or request (spec.resources, Kubernetes 1.34 and later) covers the pod's containers.",
    objects: [
      'src/checks/workload/cpu-requests-missing/dont-fire.yaml Deployment/shop/pod-level',
      'src/checks/workload/cpu-requests-missing/dont-fire.yaml Pod/shop/pod-limits',
      'src/checks/workload/cpu-limits-missing/fires.yaml Pod/shop/pod-requests',
      'src/checks/workload/cpu-limits-missing/dont-fire.yaml Deployment/shop/pod-level',
      'src/checks/workload/memory-requests-missing/dont-fire.yaml Deployment/shop/pod-level',
      'src/checks/workload/memory-requests-missing/dont-fire.yaml Pod/shop/pod-limits',
      'src/checks/workload/memory-limits-missing/fires.yaml Pod/shop/pod-requests',
      'src/checks/workload/memory-limits-missing/dont-fire.yaml Deployment/shop/pod-level',
      'src/checks/workload/ephemeral-storage-requests-missing/fires.yaml Pod/shop/zeros',
      'src/checks/workload/ephemeral-storage-limits-missing/fires.yaml Pod/shop/zeros',
      'src/checks/workload/requests-not-equal-limits/fires.yaml Pod/shop/pod-level',
      'src/checks/workload/requests-not-equal-limits/dont-fire.yaml Pod/shop/pod-level',
      'src/checks/workload/requests-not-equal-limits/dont-fire.yaml Pod/shop/pod-level-total',
    ],
  },
  {
    checks: ['CKV_K8S_28', 'CKV_K8S_37'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov recognises ALL only written ALL or all; the runtimes read the word in any case (All).',
    objects: ['src/checks/pod-security/capabilities-not-dropped/dont-fire.yaml Deployment/default/web'],
  },
  {
    checks: ['CKV_K8S_28', 'CKV_K8S_37'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'Checkov looks for ALL and NET_RAW as substrings of a drop entry, so it accepts CAP_ALL and CAP_NET_RAW; containerd prefixes every entry but ALL with CAP_ again, so they drop nothing.',
    objects: [
      'src/checks/pod-security/net-raw-not-dropped/fires.yaml Pod/default/prefixed',
      'src/checks/pod-security/capabilities-not-dropped/fires.yaml Pod/default/prefixed',
      'src/checks/pod-security/no-capabilities-dropped/fires.yaml Pod/default/prefixed',
      'src/checks/pod-security/no-linux-hardening/fires.yaml Pod/default/prefixed',
    ],
  },
  {
    checks: ['CKV_K8S_28'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: a container that adds ALL (so NET_RAW) is reported by dangerous-capability.',
    objects: ['src/checks/pod-security/capability-beyond-baseline/dont-fire.yaml Deployment/default/web'],
  },
  {
    checks: ['CKV_K8S_28'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: a privileged container holds every capability whatever it drops (containerd applies the privileged spec after the capability list; CRI-O grants them all too), so net-raw-not-dropped leaves it to privileged-container.',
    when: (d) => {
      const keeping = containers(podSpec(d.body)).filter((c) => !list(record(record(c.securityContext)?.capabilities)?.drop).some((cap) => typeof cap === 'string' && /^(net_raw|all)$/i.test(cap)));
      return keeping.length > 0 && keeping.every((c) => record(c.securityContext)?.privileged === true);
    },
  },
  {
    checks: ['CKV_K8S_29', 'CKV_K8S_30'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'Checkov counts an empty securityContext ({}, or only runAsUser: null) as set; it sets nothing.',
    objects: [
      'src/checks/pod-security/missing-security-context/fires.yaml CronJob/default/report',
      'test/corpus/real-world/falco/kubernetes/event-generator/templates/deployment.yaml Deployment/default/event-generator',
    ],
  },
  {
    checks: ['CKV_K8S_31'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: an explicitly Unconfined profile is reported by seccomp-unconfined.',
    objects: [
      'src/checks/pod-security/no-linux-hardening/fires.yaml Pod/default/unconfined',
      'src/checks/pod-security/pod-security-standard/fires.yaml CronJob/default/nightly',
      'src/checks/pod-security/seccomp-not-set/dont-fire.yaml Pod/default/explicitly-unconfined',
      'src/checks/pod-security/seccomp-unconfined/fires.yaml Deployment/observability/profiler',
      'src/checks/pod-security/seccomp-unconfined/fires.yaml Pod/default/legacy-pod',
      'src/checks/pod-security/seccomp-unconfined/fires.yaml Pod/default/overridden',
    ],
  },
  {
    checks: ['CKV_K8S_31'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "Checkov reads only the pod-level seccompProfile; each container's own profile (Localhost, or RuntimeDefault overriding the pod's) is what applies to it.",
    objects: ['src/checks/pod-security/seccomp-not-set/dont-fire.yaml Pod/default/custom-profile', 'src/checks/pod-security/seccomp-not-set/dont-fire.yaml Pod/default/overridden'],
  },
  {
    checks: ['CKV_K8S_31'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'Checkov accepts the seccomp.security.alpha.kubernetes.io annotations, which Kubernetes ignores since 1.27.',
    objects: ['src/checks/pod-security/no-linux-hardening/fires.yaml Deployment/shop/web', 'src/checks/pod-security/seccomp-not-set/fires.yaml Pod/default/legacy'],
  },
  {
    checks: ['CKV_K8S_33'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "Checkov takes the Dashboard's metrics scraper for the Dashboard (by its name); Rampart reports the Dashboard Deployment of the same install.",
    objects: [
      'src/checks/supply-chain/kubernetes-dashboard-deployed/dont-fire.yaml Deployment/kubernetes-dashboard/dashboard-metrics-scraper',
      'src/checks/rbac/kubernetes-dashboard-service-account-shared/dont-fire.yaml Deployment/kubernetes-dashboard/dashboard-metrics-scraper',
      'test/corpus/real-world/kubernetes-dashboard/aio/deploy/alternative.yaml Deployment/kubernetes-dashboard/dashboard-metrics-scraper',
      'test/corpus/real-world/kubernetes-dashboard/aio/deploy/recommended.yaml Deployment/kubernetes-dashboard/dashboard-metrics-scraper',
    ],
  },
  {
    checks: ['CKV_K8S_34', 'CKV_K8S_44', 'CKV_K8S_45'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov finds Tiller by "tiller" anywhere in an image or a Service name: a Helm 3 job with a tiller-exporter sidecar, a Service for a tiller UI.',
    objects: ['src/checks/supply-chain/tiller-deployed/dont-fire.yaml Job/default/helm-upgrade', 'src/checks/supply-chain/tiller-deployed/dont-fire.yaml Service/default/tiller'],
  },
  {
    checks: ['CKV_K8S_34'],
    side: 'rampart',
    kind: 'scope',
    reason: "tiller-deployed also recognises Helm v2's Deployment name tiller-deploy, whatever image it runs.",
    objects: ['src/checks/supply-chain/tiller-deployed/fires.yaml Deployment/legacy/tiller-deploy'],
  },
  {
    checks: ['CKV_K8S_40'],
    side: 'rampart',
    kind: 'scope',
    reason: 'Checkov accepts runAsUser 10000 itself; the concept (and low-user-id) asks for more than 10000.',
    objects: ['src/checks/pod-security/low-user-id/fires.yaml CronJob/default/report'],
  },
  {
    checks: ['CKV_K8S_42'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: a binding that grants a default ServiceAccount nothing (a ClusterRoleBinding subject without namespace, a role not in the input, a role without rules).',
    objects: [
      'src/checks/rbac/rbac-default-service-account-permissions/dont-fire.yaml ClusterRoleBinding/default/no-namespace',
      'src/checks/rbac/rbac-default-service-account-permissions/dont-fire.yaml RoleBinding/shop/elsewhere',
      'src/checks/rbac/rbac-default-service-account-permissions/dont-fire.yaml RoleBinding/shop/nothing',
    ],
  },
  {
    checks: ['CKV_K8S_49', 'CKV_K8S_155', 'CKV_K8S_156', 'CKV_K8S_157', 'CKV_K8S_158'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "The rules of an aggregated ClusterRole are the controller's copy of other roles, and cluster-admin is the API server's own bootstrap role (bindings to it are reported by cluster-admin-binding).",
    objects: ['src/checks/rbac/rbac-wildcard/dont-fire.yaml ClusterRole/default/cluster-admin', 'src/checks/rbac/rbac-wildcard/dont-fire.yaml ClusterRole/default/monitoring-aggregate'],
  },
  {
    checks: ['CKV_K8S_49'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: "Checkov counts '*/scale' (one subresource), a literal '*' in resourceNames and '*' verbs on a rule naming no resources as wildcards.",
    objects: ['src/checks/rbac/rbac-wildcard/dont-fire.yaml ClusterRole/default/autoscaler'],
  },
  {
    checks: ['CKV_K8S_155'],
    side: 'checkov',
    kind: 'scope',
    reason: 'narrower: write access limited with resourceNames to a controller\'s own webhook configuration is not reported.',
    objects: ['src/checks/rbac/rbac-webhook-configurations/dont-fire.yaml ClusterRole/default/webhook-ca-injector'],
  },
  {
    checks: ['CKV_K8S_157'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: "Checkov looks for bind on rolebindings; Kubernetes checks the bind verb on roles and clusterroles, which is what rbac-bind reports.",
    objects: [
      'src/checks/rbac/rbac-bind/fires.yaml ClusterRole/default/access-broker',
      'src/checks/rbac/rbac-bind/fires.yaml ClusterRole/default/namespace-onboarding',
      'src/checks/rbac/rbac-bind/fires.yaml Role/team-a/team-lead',
      'src/checks/rbac/rbac-escalation-path/dont-fire.yaml ClusterRole/default/half-escalate',
    ],
  },
  {
    checks: ['CKV_K8S_158'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov fails escalate on clusterroles in a namespaced Role (a Role cannot allow a cluster-scoped update) and escalate limited with resourceNames to one Role.',
    objects: ['src/checks/rbac/rbac-escalate/dont-fire.yaml Role/tenant-a/tenant-admin'],
  },
  {
    checks: ['CKV2_K8S_3'],
    side: 'checkov',
    kind: 'checkov-quirk',
    reason: 'Checkov fails a ServiceAccount binding to a role without rules on CKV2_K8S_3 (impersonate); the role grants nothing.',
    objects: ['src/checks/rbac/rbac-binding-missing-role/dont-fire.yaml RoleBinding/shop/local'],
  },
  {
    checks: ['CKV_K8S_21'],
    side: 'rampart',
    kind: 'checkov-quirk',
    reason: 'Checkov exempts any Service named kubernetes; only the API server\'s own, in namespace default, must stay there (without a namespace it lands where kubectl points).',
    objects: ['src/checks/hygiene/default-namespace/fires.yaml Service/default/kubernetes'],
  },
];

/** The expected difference that explains a disagreement, if any. */
export function explain(d: Disagreement): ExpectedDifference | undefined {
  const id = `${d.file} ${d.object}`;
  return EXPECTED.find(
    (e) => e.side === d.side && (e.checks.includes('*') || e.checks.includes(d.check)) && ((e.objects?.includes(id) ?? false) || (e.when?.(d) ?? false)),
  );
}
