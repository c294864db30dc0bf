import type { Finding } from '../../../src/core/finding.js';
import { readFileSync } from 'node:fs';
import type { Path } from '../../../src/core/path.js';
import type { K8sObject } from '../../../src/k8s/object.js';
import { roleErrors } from '../../../src/rbac/role-validation.js';
import { type Json, createdByControllerAmong, isWindowsPod, list, podSpec, podTemplate, record } from '../workload-objects.js';

/** One object on which Trivy's verdict and the mapped rules' disagree. */
export interface Disagreement {
  readonly check: string;
  /** `trivy`: Trivy fails the object and no mapped rule flags it; `rampart`: the reverse. */
  readonly side: 'trivy' | 'rampart';
  readonly file: string;
  /** `Kind/namespace/name` (`#2` for the second object of a file so named). */
  readonly object: string;
  /** The object as Rampart read it. */
  readonly body: K8sObject;
  /** The objects of the same file. */
  readonly siblings: readonly K8sObject[];
  /** Trivy's messages (side `trivy`). */
  readonly messages: readonly string[];
  /** The mapped rules' findings on it (side `rampart`). */
  readonly findings: readonly Finding[];
}

/**
 * An explained, expected difference: a deliberate difference of scope (the coverage table says so:
 * `narrower` or `broader` in test/coverage/rampart-rules.json) or a Trivy quirk where Rampart
 * follows Kubernetes. Either by object (`file Kind/namespace/name`), or by a property of the object.
 */
export interface ExpectedDifference {
  readonly checks: readonly string[];
  readonly side: 'trivy' | 'rampart';
  readonly kind: 'scope' | 'trivy-quirk';
  readonly reason: string;
  readonly objects?: readonly string[];
  readonly when?: (d: Disagreement) => boolean;
}

/** The API group of the built-in kinds Trivy's checks look at. */
const GROUP: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  ReplicationController: [''],
  Service: [''],
  ConfigMap: [''],
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
};

/** Checks of Linux settings, which do not apply to Windows pods (spec.os.name: windows). */
const LINUX_ONLY = ['KSV-0001', 'KSV-0003', 'KSV-0004', 'KSV-0005', 'KSV-0012', 'KSV-0014', 'KSV-0017', 'KSV-0020', 'KSV-0021', 'KSV-0022', 'KSV-0030', 'KSV-0104', 'KSV-0105', 'KSV-0106', 'KSV-0116', 'KSV-0117', 'KSV-0118', 'KSV-0119'];

/** Trivy's checks of roles (and the role part of KSV-0041's). */
const RBAC_ROLE_CHECKS = ['KSV-0041', 'KSV-0042', 'KSV-0043', 'KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0047', 'KSV-0048', 'KSV-0049', 'KSV-0050', 'KSV-0051', 'KSV-0052', 'KSV-0053', 'KSV-0054', 'KSV-0055', 'KSV-0056', 'KSV-0112', 'KSV-0113', 'KSV-0114'];

/** The verbs most of Trivy's RBAC checks call changing. */
const CHANGE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', '*'];

interface RoleRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
}

const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** The rules of a role that a Trivy check matches: one of `resources` and one of `verbs` by name, whatever the rest says. */
function matched(d: Disagreement, resources: readonly string[], verbs: readonly string[]): RoleRule[] {
  return list(d.body.body.rules)
    .map((r) => record(r))
    .map((r) => ({ apiGroups: strings(r?.apiGroups), resources: strings(r?.resources), verbs: strings(r?.verbs), resourceNames: strings(r?.resourceNames) }))
    .filter((r) => r.resources.some((x) => resources.includes(x)) && r.verbs.some((v) => verbs.includes(v)));
}

const inGroup = (r: RoleRule, ...groups: string[]) => r.apiGroups.some((g) => g === '*' || groups.includes(g));

/** The workload kinds Trivy's checks read (KSV-0110 looks at these only). */
const WORKLOAD_KINDS = ['Pod', 'Deployment', 'Job', 'CronJob', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];
/** The resource names of the workload kinds (`pods`, `cronjobs`), and the API groups of each. */
const WORKLOAD_RESOURCES = WORKLOAD_KINDS.map((kind) => `${kind.toLowerCase()}s`);
const WORKLOAD_GROUPS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(WORKLOAD_KINDS.map((kind) => [`${kind.toLowerCase()}s`, GROUP[kind] ?? []]));
const NETWORKING_GROUPS: Readonly<Record<string, readonly string[]>> = { endpoints: [''], endpointslices: ['discovery.k8s.io'], networkpolicies: ['networking.k8s.io', 'extensions'] };

/** The containers and init containers of the object's pod. */
const allContainers = (d: Disagreement): Json[] => [...list(podSpec(d.body)?.containers), ...list(podSpec(d.body)?.initContainers)].flatMap(records);

const records = (v: unknown): Json[] => {
  const r = record(v);
  return r ? [r] : [];
};

/** The containers a Trivy message names (`Container 'app' of ...`, `container app of ...`), else every container. */
function namedContainers(d: Disagreement): Json[] {
  const names = d.messages.flatMap((m) => /^container '?([^' ]+)'? of /i.exec(m)?.[1] ?? []);
  return names.length > 0 ? allContainers(d).filter((c) => names.includes(String(c.name))) : allContainers(d);
}

const podTemplateMetadata = (d: Disagreement): unknown => podTemplate(d.body)?.metadata;

const seLinuxOptions = (d: Disagreement): Json[] =>
  [podSpec(d.body)?.securityContext, ...allContainers(d).map((c) => c.securityContext)].flatMap((sc) => records(record(sc)?.seLinuxOptions));

/** The boolean fields a disagreement is about: the findings' paths, or the fields of the check in the containers Trivy names. */
function booleanFields(d: Disagreement): Path[] {
  if (d.side === 'rampart') return d.findings.map((f) => parsePath(f.path));
  const field = d.check === 'KSV-0001' ? 'allowPrivilegeEscalation' : 'readOnlyRootFilesystem';
  const base = podSpecPath(d.body);
  return (['containers', 'initContainers'] as const).flatMap((list_) =>
    list(podSpec(d.body)?.[list_]).flatMap((c, i) => (namedContainers(d).includes(record(c) ?? {}) ? [[...base, list_, i, 'securityContext', field]] : [])),
  );
}

/** The path of the object's pod spec. */
function podSpecPath(object: K8sObject): Path {
  if (object.kind === 'Pod') return ['spec'];
  if (object.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

/** `spec.containers[0].securityContext.x` as a path. */
const parsePath = (text: string): Path => [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] as string)));

/** The plain scalar written for the field at `path` (the text after its key's colon), if on the key's line. */
function writtenScalar(object: K8sObject, path: Path): string | undefined {
  const { line, column } = object.locate(path);
  const text = readFileSync(object.source.file, 'utf8').split('\n')[line - 1]?.slice((column ?? 1) - 1);
  return text === undefined ? undefined : /^[^:]*:\s*([^\s,}#]+)/.exec(text)?.[1];
}

export const EXPECTED: readonly ExpectedDifference[] = [
  {
    checks: ['*'],
    side: 'trivy',
    kind: 'scope',
    reason: "A Role or ClusterRole the API server refuses (ValidatePolicyRule: a rule without verbs, for both resources and non-resource URLs, ...) never exists: Rampart's role rules leave it alone (schema-validation reports it, rbac-binding-missing-role the bindings to it); Trivy judges its rules.",
    when: (d) => (d.body.kind === 'Role' || d.body.kind === 'ClusterRole') && roleErrors(d.body).length > 0,
  },
  {
    checks: ['*'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy goes by kind alone: a custom resource whose kind is Deployment, Job, Role, ... of another API group is not a Kubernetes workload or role.',
    when: (d) => Object.hasOwn(GROUP, d.body.kind) && !GROUP[d.body.kind]?.includes(d.body.group),
  },
  {
    checks: ['*'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: "Trivy reads only the built-in kinds; Rampart also reads the pod templates of custom workloads (Argo Rollouts, OpenKruise, ...) and the rules of aggregated roles.",
    when: (d) => !Object.hasOwn(GROUP, d.body.kind),
  },
  {
    checks: ['*'],
    side: 'trivy',
    kind: 'scope',
    reason: 'A Pod, ReplicaSet or Job created by a controller that is in the same input repeats its template: Rampart reports the controller, which is what a user edits.',
    when: (d) => createdByControllerAmong(d.body, d.siblings),
  },
  {
    checks: LINUX_ONLY,
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy ignores spec.os.name: a Windows pod has no Linux capabilities, seccomp, privilege escalation, user ids, read-only root filesystem or privileged ports, and the API server rejects those fields on it.',
    when: (d) => isWindowsPod(d.body),
  },
  {
    checks: ['*'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy does not read the items of a kind: List document (kubectl get -o yaml writes one); Rampart checks each item.',
    when: (d) => d.body.source.basePath.length > 0,
  },
  {
    checks: ['*'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy reads containers and initContainers only: what Rampart reports in ephemeral containers (kubectl debug) it does not see.',
    when: (d) => d.findings.every((f) => f.path.includes('ephemeralContainers')),
  },
  {
    checks: ['*'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: "Trivy's checks give no verdict on a pod template whose fields have the wrong types (a container without a name, command as a string).",
    objects: ['src/checks/hygiene/schema-validation/fires.yaml CronJob//report'],
  },
  {
    checks: ['KSV-0036'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason:
      "Trivy takes any volume mounted at the token's path, /var/run/secrets/kubernetes.io/serviceaccount, for the token: here every container (init containers included) mounts a volume there that holds no token (no projected serviceAccountToken), so the ServiceAccount admission plugin mounts the token into none.",
    when: (d) => {
      const containers = allContainers(d);
      const projectsToken = list(podSpec(d.body)?.volumes).some((v) => list(record(record(v)?.projected)?.sources).some((s) => record(s)?.serviceAccountToken !== undefined));
      return !projectsToken && containers.length > 0 && containers.every((c) => list(c.volumeMounts).some((m) => record(m)?.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount'));
    },
  },
  // Scope differences the coverage table documents (test/coverage/rampart-rules.json, Trivy's
  // `broader` and `narrower` entries), where Trivy's check looks at less or more than the rules.
  ...scope('rampart', ['KSV-0036'], 'automount-service-account-token reports pods that mount the token by default; Trivy reads the field in the controller spec, not in its pod template, and fails only true or an explicit token mount (broader).'),
  ...scope('rampart', ['KSV-0038'], 'pod-not-selected-by-network-policy reports pods no policy selects; Trivy fails only a NetworkPolicy without any selector (broader).'),
  ...scope(
    'rampart',
    ['KSV-0041', 'KSV-0042', 'KSV-0043', 'KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0047', 'KSV-0048', 'KSV-0050', 'KSV-0051', 'KSV-0052', 'KSV-0053', 'KSV-0054', 'KSV-0055', 'KSV-0056', 'KSV-0112', 'KSV-0113', 'KSV-0114'],
    "The RBAC rules also report grants through '*' in resources (and verbs), and other kinds of role; Trivy matches names literally, in one kind of role for some checks (broader).",
  ),
  ...scope(
    'rampart',
    ['KSV-0122', 'KSV-0123', 'KSV-01011'],
    "binding-to-system-group reports bindings to every dangerous system group; each of these checks fails one or two of them, KSV-01011 (system:authenticated) only when the target Kubernetes version is a GKE one, and none of them a ClusterRoleBinding (Trivy's library spells the kind ClusterRolebinding) (broader).",
  ),
  ...scope('rampart', ['KSV-0005', 'KSV-0006', 'KSV-0022', 'KSV-0120', 'KSV-0121'], 'dangerous-capability, container-runtime-socket, capability-beyond-restricted and sensitive-host-path report longer lists (capabilities, sockets, host paths and the directories below them) than these checks (broader).'),
  ...scope('rampart', ['KSV-0107'], "Trivy's table of deprecated APIs files extensions/v1beta1, apps/v1beta1 and apps/v1beta2 under other groups, so it misses those workloads (broader)."),
  ...scope('trivy', ['KSV-0012'], 'Trivy reads runAsNonRoot on the container only; run-as-non-root-not-set accepts it from the pod, or a non-zero runAsUser (narrower).'),
  ...scope('trivy', ['KSV-0015', 'KSV-0016'], 'Trivy also fails a container with a limit but no request, which then defaults to the limit (narrower).'),
  ...scope('trivy', ['KSV-0022'], 'Trivy fails every added capability; the restricted level, and capability-beyond-restricted, allow NET_BIND_SERVICE (narrower).', (d) =>
    [...list(podSpec(d.body)?.containers), ...list(podSpec(d.body)?.initContainers)].every((c) =>
      list(record(record(record(c)?.securityContext)?.capabilities)?.add).every((cap) => String(cap).toUpperCase().replace(/^CAP_/, '') === 'NET_BIND_SERVICE'),
    ),
  ),
  ...scope('trivy', ['KSV-0111'], 'Trivy also fails bindings to admin and edit, and the API server\'s own cluster-admin binding (narrower).'),
  ...scope('trivy', ['KSV-0041', 'KSV-0113'], 'Trivy also fails a role that may write Secrets without reading them; rbac-read-secrets reports reading (narrower).'),
  ...scope('rampart', ['KSV-0110'], 'default-namespace reports every kind in the default namespace; Trivy checks Pods and workload controllers only (broader, silences the rule on those).', (d) => !TRIVY_WORKLOAD_KINDS.has(d.body.kind)),
  ...scope('rampart', ['KSV-0119'], 'net-raw-not-dropped reports the default NET_RAW kept; Trivy fails only NET_RAW added (broader).'),
  ...scope('trivy', ['KSV-0020', 'KSV-0021'], 'Trivy also fails a container that sets no runAsUser or runAsGroup (narrower; reportUnset closes it).'),
  ...scope('trivy', ['KSV-0104'], 'Trivy also fails a container without any seccomp profile, which seccomp-not-set reports (narrower).'),
  ...scope('trivy', ['KSV-0106'], 'Trivy also fails a container that does not drop ALL, which capabilities-not-dropped reports (narrower).'),
  ...scope('trivy', ['KSV-0118'], 'Trivy fails an empty securityContext on either level; missing-security-context requires neither level to set one (narrower).'),
  ...scope('trivy', ['KSV-0125'], "Trivy's default trusted registries (ACR, ECR, GCR) fail every other registry; untrusted-registry has a denied list by default (narrower)."),
  ...scope('trivy', ['KSV-0039'], 'Trivy fails a LimitRange that lacks one of type, max, min, default and defaultRequest; namespace-without-resource-limits reports a Namespace without any LimitRange in the input and does not judge the LimitRange\'s fields (narrower).', (d) => d.body.kind === 'LimitRange'),
  ...scope('trivy', ['KSV-0040'], 'Trivy fails a ResourceQuota whose spec.hard lacks a CPU or memory quota; namespace-without-resource-limits reports a Namespace without any ResourceQuota in the input and does not judge the quota\'s fields (narrower).', (d) => d.body.kind === 'ResourceQuota'),
  ...scope('trivy', ['KSV-0037'], 'Trivy also fails the mirror Pod of a static control-plane Pod, and Roles and RoleBindings, which grant access to kube-system and cannot live elsewhere; kube-system-namespace leaves them out (narrower).', (d) =>
    ['Role', 'RoleBinding'].includes(d.body.kind) || (d.body.kind === 'Pod' && Object.hasOwn(d.body.annotations, 'kubernetes.io/config.mirror')),
  ),
  ...scope('rampart', ['KSV-0049'], "rbac-modify-configmaps and rbac-modify-aws-auth also report grants through '*' in verbs, resources or apiGroups; Trivy matches the word configmaps and the verbs by name (broader).", (d) =>
    d.findings.every((f) => f.message.includes("(through '*')")),
  ),
  ...scope(
    'trivy',
    ['KSV-0049', 'KSV-0115'],
    'Trivy also fails create limited by resourceNames without patch, which never allows a create (a create request carries no name), deletecollection limited by resourceNames, which never allows one (the API server turns only a delete without a name into deletecollection), and rules whose apiGroups leave out the core group (narrower).',
    (d) =>
      [
        'src/checks/rbac/rbac-modify-aws-auth/dont-fire.yaml ClusterRole//named-create',
        'src/checks/rbac/rbac-modify-aws-auth/dont-fire.yaml ClusterRole//named-deletecollection',
        'src/checks/rbac/rbac-modify-configmaps/dont-fire.yaml Role/shop/custom-configmaps',
      ].includes(`${d.file} ${d.object}`),
  ),
  ...scope(
    'rampart',
    ['KSV-0115'],
    "KSV-0115 fails only rules whose resourceNames name aws-auth. The concept's rules also report write access to every ConfigMap: rbac-modify-configmaps always (KSV-0049 is its counterpart), rbac-modify-aws-auth when the input shows an EKS cluster (its aws-auth ConfigMap) or the grant is through '*' (broader).",
    (d) => d.findings.every((f) => f.ruleId === 'rbac-modify-configmaps' || (f.ruleId === 'rbac-modify-aws-auth' && !f.message.includes('named aws-auth'))),
  ),
  // Trivy's own behaviour on the near misses and the corpus, where Rampart follows Kubernetes.
  {
    checks: ['KSV-0039', 'KSV-0040'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason:
      "Trivy runs KSV-0039 and KSV-0040 on objects of every kind (scanning files, it does not apply the checks' LimitRange and ResourceQuota input selectors) and fails each that has a spec without limits or hard quotas: a Deployment, a Service, a CustomResourceDefinition. namespace-without-resource-limits reports Namespaces without a LimitRange or ResourceQuota in the input.",
    when: (d) => d.body.kind !== (d.check === 'KSV-0039' ? 'LimitRange' : 'ResourceQuota'),
  },
  {
    checks: ['KSV-0037'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: "Trivy points KSV-0037's result at the object's spec, so an object without one (a ConfigMap) in kube-system gets no result; kube-system-namespace reports it like any other object there.",
    when: (d) => d.body.body.spec === undefined,
  },
  {
    checks: ['KCV-0093'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: "Trivy fails an auth-tls-match-cn value that contains | or #, but ingress-nginx documents regular-expression alternation such as CN=(a|b) for this annotation; an injection needs a quote, semicolon, brace or line break, which Rampart reports.",
    when: (d) =>
      d.body.kind === 'Ingress' &&
      /^CN=.*[#|]/.test(d.body.annotations['nginx.ingress.kubernetes.io/auth-tls-match-cn'] ?? '') &&
      !['auth-url', 'auth-tls-match-cn', 'mirror-target', 'mirror-host'].some((k) => /[\n\r"'`;{}]/.test(d.body.annotations[`nginx.ingress.kubernetes.io/${k}`] ?? '')),
  },
  {
    checks: ['KSV-0038'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy fails a NetworkPolicy that omits spec.podSelector, but the API server defaults it to the empty selector, which selects every pod of the namespace: the same policy as podSelector: {}, which Trivy accepts.',
    when: (d) => d.body.kind === 'NetworkPolicy' && d.body.group === 'networking.k8s.io' && record(d.body.body.spec)?.podSelector === undefined,
  },
  ...scope('rampart', ['KSV-01010'], 'sensitive-data-in-configmap reports credentials in ConfigMaps; KSV-01010 looks for personal data (user names, e-mail addresses, phone numbers, IBANs) and leaves passwords and tokens to KSV-0109 (broader).'),
  ...scope(
    'trivy',
    ['KSV-01010'],
    'KSV-01010 fails personal data (a username: line), any setting whose name ends in "key" whatever it holds (a key file path), and any value of 3 to 20 digits or capitals (1000, 8080, INFO) as a passport number; sensitive-data-in-configmap reports literal credentials (narrower).',
  ),
  ...scope('rampart', ['KSV-0102'], "tiller-deployed also reports the Services that select Tiller's pods or expose its gRPC port 44134; Trivy checks workloads only (broader).", (d) => d.body.kind === 'Service'),
  {
    checks: ['KSV-0102'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: "Trivy matches Tiller's labels on a pod template, then drops the result because a template has no metadata.name (the name it prints); Rampart reports pods labelled app=helm, name=tiller.",
    when: (d) => d.findings.every((f) => /template\.metadata\.labels$/.test(f.path)) && record(record(podTemplate(d.body))?.metadata)?.name === undefined,
  },
  {
    checks: ['KSV-0102'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: "Trivy fails any image whose reference contains 'tiller' (tiller-exporter, a registry path .../tiller/helm:3); Rampart reports Tiller's own images (a repository named tiller) and its object name and labels.",
    when: (d) =>
      d.messages.every((m) => {
        const container = /^container '([^']+)' of /.exec(m)?.[1];
        const image = [...list(podSpec(d.body)?.containers), ...list(podSpec(d.body)?.initContainers)].map(record).find((c) => c?.name === container)?.image;
        return typeof image === 'string' && image.includes('tiller') && !/(^|\/)tiller(:|@|$)/.test(image);
      }),
  },
  ...scope(
    'rampart',
    ['KSV-0124'],
    'gatekeeper-allowed-repos-open-prefix also reads K8sAllowedRepos constraints of the v1 and v1alpha1 constraint APIs, which Gatekeeper serves alongside v1beta1; Trivy reads v1beta1 only (broader).',
    (d) => d.body.kind === 'K8sAllowedRepos' && d.body.apiVersion !== 'constraints.gatekeeper.sh/v1beta1',
  ),
  ...scope(
    'rampart',
    ['KSV-0124'],
    "gatekeeper-allowed-repos-open-prefix also reads K8sAllowedReposv2 constraints, whose allowedImages entries ending in '*' are plain prefixes in the Gatekeeper library's template; Trivy reads K8sAllowedRepos only (broader).",
    (d) => d.body.kind === 'K8sAllowedReposv2',
  ),
  {
    checks: ['KSV-0124'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: "Trivy splits an entry on '/' and fails docker.io/ for having two parts (the second empty); the entry ends at the '/' boundary and admits only Docker Hub images written with their registry, as the Gatekeeper library advises.",
    when: (d) => list(record(record(d.body.body.spec)?.parameters)?.repos).includes('docker.io/'),
  },
  {
    checks: ['KSV-0107'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: "Trivy's table of deprecated APIs files DaemonSet, ReplicaSet, Ingress and NetworkPolicy under apps/v1beta1 (they were extensions/v1beta1); no Kubernetes release served them there, so such an object names an API that never existed, not a deprecated one.",
    when: (d) => d.body.apiVersion === 'apps/v1beta1' && ['DaemonSet', 'ReplicaSet', 'Ingress', 'NetworkPolicy'].includes(d.body.kind),
  },
  ...scope('trivy', ['KSV-0108'], 'Trivy also fails every ExternalName Service; service-external-ips reports spec.externalIPs, which kube-proxy captures on every node (CVE-2020-8554), while an ExternalName Service is a DNS alias (narrower).', (d) => {
    const spec = record(d.body.body.spec);
    return d.body.kind === 'Service' && typeof spec?.externalName === 'string' && list(spec?.externalIPs).length === 0;
  }),
  {
    checks: ['KSV-0109'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy fails a ConfigMap key for its name alone (DB_PASSWORD_FILE holding a path, TOKEN_URL, TLS_SECRET_NAME, PASSWORD_MIN_LENGTH, empty and ${VAR} values) and takes $VAR, $__file{...} and ENC(...) references for secrets; Rampart reports literal credentials only.',
    objects: ['src/checks/secrets/sensitive-data-in-configmap/dont-fire.yaml ConfigMap//api-config'],
  },
  // Pod security: Trivy reads YAML 1.2, tests keys for presence, and some of its lists are off.
  ...(['rampart', 'trivy'] as const).map(
    (side): ExpectedDifference => ({
      checks: side === 'rampart' ? ['KSV-0009', 'KSV-0010'] : ['KSV-0001', 'KSV-0014'],
      side,
      kind: 'trivy-quirk',
      reason:
        'Trivy parses YAML 1.2, where a plain yes, no, on or off is a string; Kubernetes (YAML 1.1, as kubectl and the API server read manifests) reads it as a boolean, as Rampart does. A quoted "false" is a type error the API server rejects, which schema-validation reports.',
      when: (d) => booleanFields(d).every((at) => /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|".*"|'.*')$/.test(writtenScalar(d.body, at) ?? '')),
    }),
  ),
  {
    checks: ['KSV-0001'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason:
      'Trivy accepts allowPrivilegeEscalation: false on a privileged container or one adding SYS_ADMIN; the API reference counts escalation as always allowed there (the API server rejects privileged: true and CAP_SYS_ADMIN with it): the runtime still sets no_new_privs, but the container already holds root-level powers, which privilege-escalation-allowed reports.',
    when: (d) => d.findings.every((f) => f.message.includes('which protects little because')),
  },
  {
    checks: ['KSV-0002'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy reads only the deprecated container.apparmor.security.beta.kubernetes.io annotations; apparmor-unconfined also reads securityContext.appArmorProfile (GA since Kubernetes 1.30) on the pod and its containers.',
    when: (d) => d.findings.every((f) => f.path.endsWith('appArmorProfile.type')),
  },
  {
    checks: ['KSV-0002'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy fails every AppArmor annotation value but runtime/default; localhost/<profile> confines the container with a profile loaded on the node, which the baseline Pod Security Standard allows.',
    when: (d) => namedContainers(d).every((c) => (record(podTemplateMetadata(d))?.annotations as Record<string, string> | undefined)?.[`container.apparmor.security.beta.kubernetes.io/${String(c.name)}`]?.startsWith('localhost/') === true),
  },
  {
    checks: ['KSV-0004'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy only checks that capabilities.drop is present; an empty drop list drops nothing, nor one whose entries carry the CAP_ prefix (containerd prefixes them again), which no-capabilities-dropped reports.',
    when: (d) => d.findings.every((f) => /lists none|drops? nothing, as containerd prefixes/.test(f.message)),
  },
  {
    checks: ['KSV-0007'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy fails a pod spec that has the hostAliases key at all; an empty or null hostAliases adds no /etc/hosts entry.',
    when: (d) => list(podSpec(d.body)?.hostAliases).length === 0,
  },
  {
    checks: ['KSV-0011', 'KSV-0016', 'KSV-0018'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy only checks that the resource key is present; a zero quantity (0, 0Mi) or an empty one sets no limit or request (the kubelet applies no memory limit or CPU quota of 0), which the resource rules report.',
    when: (d) => d.findings.every((f) => /, which is no (CPU|memory) (limit|request)$/.test(f.message)),
  },
  ...scope('trivy', ['KSV-0011', 'KSV-0018'], "Trivy judges each file alone; the resource rules accept a container whose namespace's LimitRange in the input gives it a default limit, which the LimitRanger admission plugin sets (narrower).", (d) =>
    d.siblings.some(
      (o) =>
        o.kind === 'LimitRange' &&
        (o.namespace ?? '') === (d.body.namespace ?? '') &&
        list(record(o.body.spec)?.limits).some((item) => record(item)?.type === 'Container' && [record(item)?.default, record(item)?.max].some((q) => record(q)?.[d.check === 'KSV-0011' ? 'cpu' : 'memory'] !== undefined)),
    ),
  ),
  ...scope('trivy', ['KSV-0013'], 'Trivy fails an image that is a template placeholder (${IMAGE}, <image_url>) as untagged; image-tag-latest gives no verdict on a value that is not an image reference (narrower).', (d) =>
    namedContainers(d).every((c) => typeof c.image === 'string' && /[${}<>]/.test(c.image)),
  ),
  {
    checks: ['KSV-0023'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy fails a volume that has the hostPath key even when it is null; Kubernetes decodes hostPath: null as absent.',
    when: (d) => list(podSpec(d.body)?.volumes).every((v) => record(v)?.hostPath === null || record(v)?.hostPath === undefined),
  },
  {
    checks: ['KSV-0024'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy counts hostPort: 0 as a host port; 0 means unset (the baseline Pod Security Standard allows it) and opens nothing on the node. A quoted port is a type error the API server rejects, which schema-validation reports.',
    when: (d) => allContainers(d).every((c) => list(c.ports).every((p) => record(p)?.hostPort === undefined || record(p)?.hostPort === 0 || typeof record(p)?.hostPort === 'string')),
  },
  {
    checks: ['KSV-0025'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: "Trivy's allowed SELinux types lack container_engine_t (allowed by the baseline Pod Security Standard since v1.31), and it fails user and role keys set to the empty string, which means unset.",
    when: (d) =>
      seLinuxOptions(d).every((o) => ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t', undefined].includes(o.type as string | undefined) && !o.user && !o.role),
  },
  {
    checks: ['KSV-0027'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy fails any container that sets procMount; procMount: Default is the masked default that the baseline Pod Security Standard allows.',
    when: (d) => allContainers(d).every((c) => [undefined, 'Default'].includes(record(c.securityContext)?.procMount as string | undefined)),
  },
  {
    checks: ['KSV-0028'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: "Trivy's list of volume types spells cephFS, so it never matches the Kubernetes field cephfs, which the restricted Pod Security Standard does not allow.",
    when: (d) => d.findings.every((f) => f.path.endsWith('.cephfs')),
  },
  {
    checks: ['KSV-0030'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy accepts the legacy seccomp.security.alpha.kubernetes.io/pod: runtime/default annotation, which Kubernetes ignores since 1.27; seccomp-not-set reports the containers without a seccompProfile field.',
    when: (d) => d.findings.every((f) => f.message.includes('legacy annotation')),
  },
  ...scope('trivy', ['KSV-0030'], 'Trivy also fails an explicit Unconfined seccomp profile (field or legacy annotation), which Rampart reports with seccomp-unconfined; seccomp-not-set reports missing profiles (narrower).', (d) => {
    const pod = record(podSpec(d.body)?.securityContext);
    const annotation = (record(podTemplateMetadata(d))?.annotations as Record<string, string> | undefined)?.['seccomp.security.alpha.kubernetes.io/pod'];
    const unconfined = (c: Json) => (record(record(c.securityContext)?.seccompProfile)?.type ?? record(pod?.seccompProfile)?.type) === 'Unconfined';
    return annotation === 'unconfined' || allContainers(d).some(unconfined);
  }),
  {
    checks: ['KSV-0104'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy judges only the seccomp profile each container ends up with; a pod-level Unconfined that every container overrides is forbidden by the baseline Pod Security Standard all the same, and seccomp-unconfined reports it.',
    when: (d) => d.findings.every((f) => f.message.includes('every container overrides it') || f.path.includes('ephemeralContainers')),
  },
  {
    checks: ['KSV-0105', 'KSV-0116'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy ignores spec.hostUsers: false: in a user namespace, user and group 0 map to unprivileged ids on the host, and the Pod Security Standards exempt such pods from the root user checks.',
    when: (d) => podSpec(d.body)?.hostUsers === false,
  },
  {
    checks: ['KSV-0105'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: "Trivy gives a runAsUser: 0 a container inherits from its pod no source line and points at the line before that pod's document, so its failure lands on the object before it, which runs no one as root.",
    when: (d) => ![podSpec(d.body)?.securityContext, ...allContainers(d).map((c) => c.securityContext)].some((sc) => record(sc)?.runAsUser === 0),
  },
  ...scope(
    'rampart',
    ['KSV-0116'],
    "root-group also reports, at low severity, a container that sets runAsUser without runAsGroup: containerd and CRI-O then give it GID 0 unless the image's /etc/passwd lists the UID; Trivy fails an explicit GID 0 only.",
    (d) => d.findings.every((f) => f.message.includes('without runAsGroup: the primary group is 0')),
  ),
  ...scope('trivy', ['KSV-0105', 'KSV-0116'], 'Trivy fails a pod-level runAsUser or runAsGroup of 0 even when every container overrides it; run-as-root-user and root-group report the ids containers run with (narrower).', (d) => {
    const field = d.check === 'KSV-0105' ? 'runAsUser' : 'runAsGroup';
    return record(podSpec(d.body)?.securityContext)?.[field] === 0 && allContainers(d).every((c) => record(c.securityContext)?.[field] !== undefined && record(c.securityContext)?.[field] !== 0);
  }),
  {
    checks: ['KSV-0116'],
    side: 'rampart',
    kind: 'trivy-quirk',
    reason: 'Trivy finds the containers with runAsGroup: 0 but never reports them (its rule reads the pod-level fields only); root-group reports them.',
    when: (d) => allContainers(d).some((c) => record(c.securityContext)?.runAsGroup === 0),
  },
  {
    checks: ['KSV-0117'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy ignores the pod sysctl net.ipv4.ip_unprivileged_port_start (a safe sysctl since Kubernetes 1.22), which lets unprivileged processes bind the ports from that number up.',
    when: (d) => list(record(podSpec(d.body)?.securityContext)?.sysctls).some((x) => record(x)?.name === 'net.ipv4.ip_unprivileged_port_start'),
  },
  // RBAC: Trivy matches resource and verb names in the rules as written, whatever their API group
  // and resourceNames, the kind of role, or an aggregation rule say.
  {
    checks: RBAC_ROLE_CHECKS,
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy reads the rules written in an aggregated ClusterRole, which the aggregation controller replaces with the rules of the ClusterRoles it selects; Rampart checks those ClusterRoles instead.',
    when: (d) => d.body.kind === 'ClusterRole' && record(d.body.body.aggregationRule) !== undefined,
  },
  ...scope(
    'trivy',
    ['KSV-0044', 'KSV-0046', 'KSV-0050'],
    "Trivy also fails the API server's own bootstrap roles (kubernetes.io/bootstrapping: rbac-defaults), which it creates and reconciles at every start; Rampart judges who is bound to them (cluster-admin-binding) (narrower).",
    (d) => d.body.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults' && (d.body.name.startsWith('system:') || ['cluster-admin', 'admin', 'edit', 'view'].includes(d.body.name)),
  ),
  {
    checks: ['KSV-0042'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy fails delete or * on pods/log, but the API serves only get on that subresource, so the grant allows no request; rbac-delete-events reports deleting events.',
    when: (d) => matched(d, ['pods/log'], ['delete', 'deletecollection', '*']).length > 0,
  },
  {
    checks: ['KSV-0047', 'KSV-0114'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy matches nodes/proxy and webhook configurations by name alone: a resource of that name in another API group is not the same resource, and a namespaced Role cannot grant a cluster-scoped one.',
    when: (d) =>
      d.body.kind === 'Role' ||
      (d.check === 'KSV-0047'
        ? matched(d, ['nodes/proxy'], ['get', 'create']).every((r) => !inGroup(r, ''))
        : matched(d, ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], CHANGE_VERBS).every((r) => !inGroup(r, 'admissionregistration.k8s.io'))),
  },
  {
    checks: ['KSV-0053'],
    side: 'trivy',
    kind: 'trivy-quirk',
    reason: 'Trivy matches pods/exec by name alone: pods/exec of another API group is not the exec of core pods.',
    when: (d) => matched(d, ['pods/exec'], CHANGE_VERBS).every((r) => !inGroup(r, '')),
  },
  ...scope('trivy', ['KSV-0048'], 'Trivy also fails delete and deletecollection on pods and workload controllers, which start nothing new (a controller recreates its pods from the same template), and update and patch on Jobs, whose pod template cannot change once they exist; rbac-create-pods reports create, update and patch where they change what runs (narrower).', (d) =>
    matched(d, WORKLOAD_RESOURCES, CHANGE_VERBS).every(
      (r) =>
        !r.verbs.some((v) => ['create', 'update', 'patch', '*'].includes(v)) ||
        r.resources.every((x) => !WORKLOAD_RESOURCES.includes(x) || !inGroup(r, ...(WORKLOAD_GROUPS[x] ?? []))) ||
        (!r.verbs.some((v) => ['create', '*'].includes(v)) && r.resources.every((x) => x === 'jobs' || !WORKLOAD_RESOURCES.includes(x) || !inGroup(r, ...(WORKLOAD_GROUPS[x] ?? [])))) ||
        // A create request names no object: a rule limited by resourceNames cannot grant it.
        (r.resourceNames.length > 0 && r.verbs.every((v) => v === 'create' || !['update', 'patch', '*'].includes(v))),
    ),
  ),
  ...scope('trivy', ['KSV-0050'], 'Trivy also fails deleting roles and bindings, and writes limited by resourceNames to named ones, which give no one new access; rbac-modify-rbac reports creating and changing them (narrower).', (d) =>
    matched(d, ['roles', 'rolebindings'], ['create', 'update', 'delete', 'deletecollection', 'impersonate', '*']).every(
      (r) => !r.verbs.some((v) => ['create', 'update', 'patch', '*'].includes(v)) || r.resourceNames.length > 0 || !inGroup(r, 'rbac.authorization.k8s.io'),
    ),
  ),
  ...scope(
    'trivy',
    ['KSV-0056'],
    'Trivy also fails writing Services and Ingresses, which every application deployer needs; rbac-manage-networking reports writes to network policies, Endpoints, EndpointSlices and Service status, which redirect or unfence traffic (narrower).',
    (d) =>
      matched(d, ['services', 'endpoints', 'endpointslices', 'networkpolicies', 'ingresses'], CHANGE_VERBS).every(
        (r) => r.resourceNames.length > 0 || r.resources.every((x) => ['services', 'ingresses'].includes(x) || !inGroup(r, ...(NETWORKING_GROUPS[x] ?? []))),
      ),
  ),
  ...scope('trivy', ['KSV-0114'], "Trivy also fails write access limited by resourceNames to a controller's own webhook configuration (how CA bundles are injected); rbac-webhook-configurations reports write access to any of them (narrower).", (d) =>
    matched(d, ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], CHANGE_VERBS).every((r) => r.resourceNames.length > 0 || !inGroup(r, 'admissionregistration.k8s.io')),
  ),
];

/** The kinds KSV-0110 looks at. */
const TRIVY_WORKLOAD_KINDS = new Set(WORKLOAD_KINDS);

function scope(side: 'trivy' | 'rampart', checks: readonly string[], reason: string, when: (d: Disagreement) => boolean = () => true): ExpectedDifference[] {
  return [{ checks, side, kind: 'scope', reason, when }];
}

/**
 * Checks and sides whose disagreements are not reviewed yet: listed with their count in a run's
 * summary instead of failing it. Each must still disagree (the list only shrinks); a check and
 * side not listed here fails the test on its first unexplained disagreement.
 */
export const PENDING_REVIEW: ReadonlySet<string> = new Set<string>([]);

/**
 * Mapped checks that Trivy fails on none of the inputs: compared, but only where Rampart's rules
 * flag something. Their narrow conditions (impersonate on groups with apiGroups '*', bind on roles
 * of any name together with create on bindings) occur in no manifest here; KSV-0122 and KSV-0123
 * never match a ClusterRoleBinding (Trivy's library spells the kind ClusterRolebinding) and no
 * RoleBinding here names their groups; KSV-01011 fails only when the Kubernetes version given is a
 * GKE one (`-gke`).
 */
export const NOT_FAILED_BY_TRIVY: readonly string[] = ['KSV-0043', 'KSV-0051', 'KSV-0052', 'KSV-0054', 'KSV-0055', 'KSV-01011', 'KSV-0120', 'KSV-0122', 'KSV-0123'];

/**
 * Mapped checks that the Trivy built here (v0.74.0, the newest the module proxy serves, with the
 * trivy-checks bundle of 2025-12-19) does not have or does not run. KCV-0094 was added to
 * trivy-checks later; the rule's own tests (suspicious-url.test.ts) compare it with the check's
 * pattern. KSV-0032..0035 (registry allow-lists) are marked deprecated, and Trivy skips deprecated
 * checks unless --include-deprecated-checks is given. They are left out of the comparison.
 */
export const NOT_IN_THIS_TRIVY: readonly string[] = ['KCV-0094', 'KSV-0032', 'KSV-0033', 'KSV-0034', 'KSV-0035'];
