import type { Finding } from '../../../src/core/finding.js';
import type { K8sObject } from '../../../src/k8s/object.js';
import { createdByControllerAmong, isWindowsPod, list, podSpec, record } from '../workload-objects.js';

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
const LINUX_ONLY = ['KSV-0001', 'KSV-0003', 'KSV-0004', 'KSV-0012', 'KSV-0014', 'KSV-0017', 'KSV-0020', 'KSV-0021', 'KSV-0022', 'KSV-0030', 'KSV-0104', 'KSV-0105', 'KSV-0106', 'KSV-0116', 'KSV-0118'];

export const EXPECTED: readonly ExpectedDifference[] = [
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
    reason: 'Trivy ignores spec.os.name: a Windows pod has no Linux capabilities, seccomp, privilege escalation, user ids or read-only root filesystem to set, and the API server rejects those fields on it.',
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
  // Scope differences the coverage table documents (test/coverage/rampart-rules.json, Trivy's
  // `broader` and `narrower` entries), where Trivy's check looks at less or more than the rules.
  ...scope('rampart', ['KSV-0036'], 'automount-service-account-token reports pods that mount the token by default; Trivy reads the field in the controller spec, not in its pod template, and fails only true or an explicit token mount (broader).'),
  ...scope('rampart', ['KSV-0038'], 'pod-not-selected-by-network-policy reports pods no policy selects; Trivy fails only a NetworkPolicy without any selector (broader).'),
  ...scope(
    'rampart',
    ['KSV-0041', 'KSV-0042', 'KSV-0043', 'KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0047', 'KSV-0048', 'KSV-0050', 'KSV-0051', 'KSV-0052', 'KSV-0053', 'KSV-0054', 'KSV-0055', 'KSV-0056', 'KSV-0112', 'KSV-0113', 'KSV-0114'],
    "The RBAC rules also report grants through '*' in resources (and verbs), and other kinds of role; Trivy matches names literally, in one kind of role for some checks (broader).",
  ),
  ...scope('rampart', ['KSV-0122', 'KSV-0123'], 'binding-to-system-group reports bindings to every dangerous system group; each of these checks fails one or two of them (broader).'),
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
];

/** The kinds KSV-0110 looks at. */
const TRIVY_WORKLOAD_KINDS = new Set(['Pod', 'ReplicaSet', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job']);

function scope(side: 'trivy' | 'rampart', checks: readonly string[], reason: string, when: (d: Disagreement) => boolean = () => true): ExpectedDifference[] {
  return [{ checks, side, kind: 'scope', reason, when }];
}

/**
 * Checks and sides whose disagreements are not reviewed yet: listed with their count in a run's
 * summary instead of failing it. Each must still disagree (the list only shrinks); a check and
 * side not listed here fails the test on its first unexplained disagreement.
 */
export const PENDING_REVIEW: ReadonlySet<string> = new Set<string>([
  'KCV-0093 trivy',
  'KSV-0001 rampart',
  'KSV-0001 trivy',
  'KSV-0002 rampart',
  'KSV-0002 trivy',
  'KSV-0003 trivy',
  'KSV-0004 rampart',
  'KSV-0005 trivy',
  'KSV-0007 trivy',
  'KSV-0009 rampart',
  'KSV-0010 rampart',
  'KSV-0011 rampart',
  'KSV-0011 trivy',
  'KSV-0013 trivy',
  'KSV-0014 trivy',
  'KSV-0016 rampart',
  'KSV-0018 rampart',
  'KSV-0018 trivy',
  'KSV-0023 trivy',
  'KSV-0024 trivy',
  'KSV-0025 trivy',
  'KSV-0027 trivy',
  'KSV-0028 rampart',
  'KSV-0030 rampart',
  'KSV-0030 trivy',
  'KSV-0038 trivy',
  'KSV-0042 trivy',
  'KSV-0044 trivy',
  'KSV-0046 trivy',
  'KSV-0047 trivy',
  'KSV-0048 trivy',
  'KSV-0050 trivy',
  'KSV-0053 trivy',
  'KSV-0056 trivy',
  'KSV-01010 rampart',
  'KSV-01010 trivy',
  'KSV-01011 rampart',
  'KSV-0102 rampart',
  'KSV-0102 trivy',
  'KSV-0104 rampart',
  'KSV-0105 trivy',
  'KSV-0107 trivy',
  'KSV-0108 trivy',
  'KSV-0109 trivy',
  'KSV-0114 trivy',
  'KSV-0116 rampart',
  'KSV-0116 trivy',
  'KSV-0117 trivy',
  'KSV-0119 trivy',
]);

/**
 * Mapped checks that Trivy fails on none of the inputs (their narrow conditions, such as
 * impersonate on groups with apiGroups '*' or bind on roles of any name together with create on
 * bindings, occur in no manifest here): compared, but only where Rampart's rules flag something.
 */
export const NOT_FAILED_BY_TRIVY: readonly string[] = ['KSV-0043', 'KSV-0051', 'KSV-0052', 'KSV-0054', 'KSV-0055', 'KSV-01011', 'KSV-0120', 'KSV-0122', 'KSV-0123'];
