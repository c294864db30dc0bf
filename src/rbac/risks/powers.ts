/*
 * Dangerous permissions ("powers"), each described as the API requests that exercise it, and the
 * search for the rules that grant them. A rule grants a power when it allows one of its requests
 * (ruleAllows, exactly), so '*', '*\/subresource' and resourceNames behave as in the API server.
 */
import type { Path } from '../../core/path.js';
import { kubeMinorVersion } from '../../k8s/kube-version.js';
import { apiGroupMatches, resourceMatches, resourceNameMatches, verbMatches } from '../matching.js';
import { elementPath, type PlainRule, type PolicyRule } from '../rules.js';

/** Stands for "whichever subresource", e.g. `userextras/<any key>` for impersonation. */
export const ANY_SUBRESOURCE: unique symbol = Symbol('any subresource');

export interface Target {
  /** API group, '' for the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string | typeof ANY_SUBRESOURCE;
  /** Verbs that exercise the power on this target, when they differ from the power's. */
  readonly verbs?: readonly string[];
  /** Cluster-scoped requests: a namespaced Role, or a ClusterRole bound by a RoleBinding, cannot grant them. */
  readonly clusterScoped?: boolean;
  /** Object names that are dangerous even when a rule restricts resourceNames to them. */
  readonly names?: readonly string[];
}

export interface Power {
  readonly verbs: readonly string[];
  readonly targets: readonly Target[];
  /** resourceNames do not limit the risk (one node's proxy is already that node's kubelet). */
  readonly anyName?: boolean;
  /** Which list of the rule a finding points into. */
  readonly focus: 'verbs' | 'resources';
}

/** Where a grant applies: `namespace` for a Role, or a ClusterRole bound by a RoleBinding. */
export type GrantScope = 'cluster' | 'namespace';

/** A resource request of a power: like ResourceAttributes, but possibly for any subresource. */
export interface PowerRequest {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string | typeof ANY_SUBRESOURCE;
  /** '' for a request without a name. */
  readonly name: string;
}

/** RuleAllows for a power request; "any subresource" is allowed when some subresource is. */
export function grants(rule: PlainRule, request: PowerRequest): boolean {
  if (!verbMatches(rule, request.verb) || !apiGroupMatches(rule, request.group) || !resourceNameMatches(rule, request.name)) return false;
  const sub = request.subresource;
  if (sub === ANY_SUBRESOURCE) return rule.resources.some((r) => r === '*' || r.startsWith(`${request.resource}/`) || r.startsWith('*/'));
  const subresource = sub ?? '';
  return resourceMatches(rule, subresource ? `${request.resource}/${subresource}` : request.resource, subresource);
}

/** What one rule grants of a power. */
export interface PowerGrant {
  readonly rule: PolicyRule;
  /** Verbs of the power the rule grants, in the power's order. */
  readonly verbs: readonly string[];
  /** The verbs granted on each target, by `resource` or `resource/subresource`. */
  readonly verbsByResource: ReadonlyMap<string, readonly string[]>;
  /** resourceNames the grant is limited to; empty when it covers every object. */
  readonly names: readonly string[];
  /** Whether the grant exists only because of a '*' element. */
  readonly viaWildcard: boolean;
  /** The element of the rule the finding points to. */
  readonly path: Path;
}

const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
const CHANGE = ['create', 'update', 'patch'] as const;
const ADMISSION = 'admissionregistration.k8s.io';
const RBAC = 'rbac.authorization.k8s.io';
const AUTHENTICATION = 'authentication.k8s.io';

export const SECRETS_READ: Power = {
  // deletecollection answers with the deleted Secrets (none are deleted with dryRun=All), and a
  // patch, even an empty one, answers with the patched Secret: both return Secret data.
  verbs: ['get', 'list', 'watch', 'deletecollection', 'patch'],
  targets: [{ group: '', resource: 'secrets' }],
  focus: 'resources',
};

export const SECRETS_CREATE: Power = {
  verbs: ['create'],
  targets: [{ group: '', resource: 'secrets' }],
  focus: 'resources',
};

/**
 * Whether `get` on pods/exec and pods/attach lets a client exec over WebSockets: it did until
 * Kubernetes 1.35 made WebSocket upgrades require `create` as well (feature gate
 * AuthorizePodWebsocketUpgradeCreatePermission, on by default). Unknown versions count as older.
 */
export function getSufficesForExec(kubeVersion: string | undefined): boolean {
  const minor = kubeMinorVersion(kubeVersion);
  return minor === undefined || minor < 35;
}

const execPowers = new Map<boolean, Power>();
const portForwardPowers = new Map<boolean, Power>();

export function podExecPower(getSuffices: boolean): Power {
  const cached = execPowers.get(getSuffices);
  if (cached) return cached;
  const power: Power = {
    verbs: getSuffices ? ['create', 'get'] : ['create'],
    targets: [
      { group: '', resource: 'pods', subresource: 'exec' },
      { group: '', resource: 'pods', subresource: 'attach' },
      // An ephemeral container runs any command inside the pod, like exec (kubectl debug).
      { group: '', resource: 'pods', subresource: 'ephemeralcontainers', verbs: ['update', 'patch'] },
    ],
    focus: 'resources',
  };
  execPowers.set(getSuffices, power);
  return power;
}

export function podPortForwardPower(getSuffices: boolean): Power {
  const cached = portForwardPowers.get(getSuffices);
  if (cached) return cached;
  const power: Power = {
    verbs: getSuffices ? ['create', 'get'] : ['create'],
    targets: [{ group: '', resource: 'pods', subresource: 'portforward' }],
    focus: 'resources',
  };
  portForwardPowers.set(getSuffices, power);
  return power;
}

const CONTROLLER_VERBS = ['create', 'update', 'patch'];
const controller = (group: string, resource: string): Target => ({ group, resource, verbs: CONTROLLER_VERBS });

/** Workload controllers whose pod template runs as any ServiceAccount of the namespace. */
export const POD_CONTROLLERS: readonly Target[] = [
  controller('', 'replicationcontrollers'),
  ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((r) => controller('apps', r)),
  ...['deployments', 'replicasets', 'daemonsets'].map((r) => controller('extensions', r)),
  // A Job's pod template cannot change once the Job exists (a suspended Job may change only its
  // scheduling directives and resources): creating one is what runs a pod.
  { group: 'batch', resource: 'jobs', verbs: ['create'] },
  controller('batch', 'cronjobs'),
  controller('argoproj.io', 'rollouts'),
  controller('apps.openshift.io', 'deploymentconfigs'),
  // Agent Sandbox: a Sandbox's pod template runs as it says (a SandboxTemplate runs only once claimed).
  controller('agents.x-k8s.io', 'sandboxes'),
];

export const CREATE_PODS: Power = {
  verbs: ['create'],
  targets: [
    // A pod's images can be changed in place: the new image runs with the pod's token.
    { group: '', resource: 'pods', verbs: ['create', 'update', 'patch'] },
    ...POD_CONTROLLERS,
  ],
  // Updating one named Deployment still rewrites its pod template.
  anyName: true,
  focus: 'resources',
};

/**
 * What runs a pod as any ServiceAccount of the namespace (the escalation paths' `create-pods`):
 * creating a pod, or creating a pod controller or rewriting its pod template. A pod's
 * ServiceAccount cannot be changed (REPLACE_POD_IMAGES is what updating a pod does).
 */
export const RUN_PODS_AS_ANY_ACCOUNT: Power = {
  verbs: ['create'],
  targets: [{ group: '', resource: 'pods', verbs: ['create'] }, ...POD_CONTROLLERS],
  anyName: true,
  focus: 'resources',
};

/** The create part of RUN_PODS_AS_ANY_ACCOUNT: a new pod or pod controller, rather than a rewritten template. */
export const CREATE_POD_OR_CONTROLLER: Power = {
  verbs: ['create'],
  targets: RUN_PODS_AS_ANY_ACCOUNT.targets.map((t) => ({ ...t, verbs: ['create'] })),
  anyName: true,
  focus: 'resources',
};

/** Updating a pod: a container's image can be replaced in place, and runs with the token the pod mounts. */
export const REPLACE_POD_IMAGES: Power = {
  verbs: ['update', 'patch'],
  targets: [{ group: '', resource: 'pods' }],
  anyName: true,
  focus: 'resources',
};

export const ESCALATE: Power = {
  verbs: ['escalate'],
  targets: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles', clusterScoped: true },
  ],
  focus: 'verbs',
};

export const BIND: Power = {
  verbs: ['bind'],
  // Binding a ClusterRole in a RoleBinding is checked in the binding's namespace, so a Role can grant it.
  targets: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles', names: ['cluster-admin'] },
  ],
  focus: 'verbs',
};

/** Legacy impersonation: verb `impersonate`, users, groups and ServiceAccounts in the core group. */
export const IMPERSONATE: Power = {
  verbs: ['impersonate'],
  targets: [
    { group: '', resource: 'users', clusterScoped: true },
    { group: '', resource: 'groups', clusterScoped: true, names: ['system:masters'] },
    { group: '', resource: 'serviceaccounts' },
    { group: AUTHENTICATION, resource: 'uids', clusterScoped: true },
    { group: AUTHENTICATION, resource: 'userextras', subresource: ANY_SUBRESOURCE, clusterScoped: true },
  ],
  focus: 'verbs',
};

/**
 * Whether the API server has constrained impersonation (feature gate ConstrainedImpersonation:
 * alpha and off in 1.35, beta and on by default from 1.36). Unknown versions count as newer: a role
 * that names its verbs was written for a server that has it.
 */
export function hasConstrainedImpersonation(kubeVersion: string | undefined): boolean {
  const minor = kubeMinorVersion(kubeVersion);
  return minor === undefined || minor >= 36;
}

/**
 * Constrained impersonation (filters/impersonation/mode.go, v1.37): the identity is authorized with
 * verb `impersonate:<mode>` on users, groups, serviceaccounts, nodes, uids and userextras of
 * authentication.k8s.io, and the request itself with `impersonate-on:<mode>:<verb>`. `user-info`
 * reaches any user that is not a node or a ServiceAccount, with groups and extras (system:masters
 * is always refused); `serviceaccount` any ServiceAccount; `arbitrary-node` any node. The
 * `associated-node` mode (a ServiceAccount acting as the node its own pod runs on) is left out: it
 * is the narrow grant node agents are meant to use.
 */
export const CONSTRAINED_IMPERSONATION_TARGETS: readonly Target[] = [
  { group: AUTHENTICATION, resource: 'users', verbs: ['impersonate:user-info'], clusterScoped: true },
  { group: AUTHENTICATION, resource: 'groups', verbs: ['impersonate:user-info'], clusterScoped: true },
  { group: AUTHENTICATION, resource: 'serviceaccounts', verbs: ['impersonate:serviceaccount'] },
  { group: AUTHENTICATION, resource: 'nodes', verbs: ['impersonate:arbitrary-node'], clusterScoped: true },
  { group: AUTHENTICATION, resource: 'uids', verbs: ['impersonate:user-info'], clusterScoped: true },
  { group: AUTHENTICATION, resource: 'userextras', subresource: ANY_SUBRESOURCE, verbs: ['impersonate:user-info'], clusterScoped: true },
];

const IMPERSONATE_CONSTRAINED: Power = { ...IMPERSONATE, targets: [...IMPERSONATE.targets, ...CONSTRAINED_IMPERSONATION_TARGETS] };

/** Impersonation as the API server of that version authorizes it. */
export function impersonatePower(constrained: boolean): Power {
  return constrained ? IMPERSONATE_CONSTRAINED : IMPERSONATE;
}

/** `bind`, with the ClusterRoles whose binding is dangerous even when resourceNames names them. */
export function bindPower(dangerousClusterRoles: readonly string[]): Power {
  if (dangerousClusterRoles.length === 0) return BIND;
  const names = [...new Set(['cluster-admin', ...dangerousClusterRoles])];
  return { ...BIND, targets: BIND.targets.map((t) => (t.resource === 'clusterroles' ? { ...t, names } : t)) };
}

export const NODES_PROXY: Power = {
  // The HTTP methods a proxied kubelet request can use, as the verbs they authorize as.
  verbs: ['get', 'create', 'update', 'patch', 'delete'],
  targets: [{ group: '', resource: 'nodes', subresource: 'proxy', clusterScoped: true }],
  anyName: true,
  focus: 'resources',
};

export const ADMISSION_CONFIG_WRITE: Power = {
  verbs: WRITE,
  targets: [
    'validatingwebhookconfigurations',
    'mutatingwebhookconfigurations',
    'validatingadmissionpolicies',
    'validatingadmissionpolicybindings',
    'mutatingadmissionpolicies',
    'mutatingadmissionpolicybindings',
  ].map((resource) => ({ group: ADMISSION, resource, clusterScoped: true })),
  focus: 'resources',
};

export const CSR_APPROVE: Power = {
  verbs: ['update', 'patch'],
  targets: [{ group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval', clusterScoped: true }],
  focus: 'resources',
};

export const CSR_CREATE: Power = {
  verbs: ['create'],
  targets: [{ group: 'certificates.k8s.io', resource: 'certificatesigningrequests', clusterScoped: true }],
  focus: 'resources',
};

/** Approving for the signer that issues API client certificates, for any subject (even system:masters). */
export const SIGNER_APPROVE_CLIENT: Power = {
  verbs: ['approve'],
  targets: [
    {
      group: 'certificates.k8s.io',
      resource: 'signers',
      clusterScoped: true,
      // The API server accepts either the signer's name or its domain wildcard.
      names: ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/*'],
    },
  ],
  focus: 'verbs',
};

export const PV_CREATE: Power = {
  verbs: ['create'],
  targets: [{ group: '', resource: 'persistentvolumes', clusterScoped: true }],
  // The name does not limit what the volume points at (a named create needs patch too: namesCreatable).
  anyName: true,
  focus: 'resources',
};

export const SA_TOKEN_CREATE: Power = {
  verbs: ['create'],
  targets: [{ group: '', resource: 'serviceaccounts', subresource: 'token' }],
  focus: 'resources',
};

export const EVENTS_DELETE: Power = {
  verbs: ['delete', 'deletecollection'],
  targets: [
    { group: '', resource: 'events' },
    { group: 'events.k8s.io', resource: 'events' },
  ],
  focus: 'resources',
};

/**
 * Deleting what holds an application and its data (MITRE ATT&CK T1485): pods, Secrets, Services
 * and workload controllers, the resources Kubescape's data-destruction control names.
 */
export const WORKLOADS_DELETE: Power = {
  verbs: ['delete', 'deletecollection'],
  targets: [
    ...['pods', 'secrets', 'services'].map((resource) => ({ group: '', resource })),
    ...['deployments', 'replicasets', 'daemonsets', 'statefulsets'].map((resource) => ({ group: 'apps', resource })),
    ...['jobs', 'cronjobs'].map((resource) => ({ group: 'batch', resource })),
  ],
  focus: 'resources',
};

const POLICY_NETWORKING = 'policy.networking.k8s.io';

export const NETWORKING_WRITE: Power = {
  verbs: WRITE,
  targets: [
    { group: 'networking.k8s.io', resource: 'networkpolicies' },
    { group: 'extensions', resource: 'networkpolicies' },
    { group: POLICY_NETWORKING, resource: 'adminnetworkpolicies', clusterScoped: true },
    { group: POLICY_NETWORKING, resource: 'baselineadminnetworkpolicies', clusterScoped: true },
    { group: POLICY_NETWORKING, resource: 'clusternetworkpolicies', clusterScoped: true },
    // Policy engines with their own policy resources.
    { group: 'projectcalico.org', resource: 'networkpolicies' },
    { group: 'crd.projectcalico.org', resource: 'networkpolicies' },
    { group: 'projectcalico.org', resource: 'globalnetworkpolicies', clusterScoped: true },
    { group: 'crd.projectcalico.org', resource: 'globalnetworkpolicies', clusterScoped: true },
    { group: 'cilium.io', resource: 'ciliumnetworkpolicies' },
    { group: 'cilium.io', resource: 'ciliumclusterwidenetworkpolicies', clusterScoped: true },
    // Endpoints decide where a Service's traffic goes (CVE-2021-25740).
    { group: '', resource: 'endpoints' },
    { group: 'discovery.k8s.io', resource: 'endpointslices' },
    // A forged load balancer IP in the status captures that IP's traffic (CVE-2020-8554).
    { group: '', resource: 'services', subresource: 'status', verbs: ['update', 'patch'] },
  ],
  focus: 'resources',
};

export const API_EXTENSIONS_WRITE: Power = {
  verbs: WRITE,
  targets: [
    { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', clusterScoped: true },
    { group: 'apiregistration.k8s.io', resource: 'apiservices', clusterScoped: true },
  ],
  focus: 'resources',
};

export const NODES_WRITE: Power = {
  verbs: ['update', 'patch'],
  targets: [
    { group: '', resource: 'nodes', clusterScoped: true },
    // The status subresource resets only the spec (taints, unschedulable): label changes are kept.
    { group: '', resource: 'nodes', subresource: 'status', clusterScoped: true },
  ],
  anyName: true,
  focus: 'resources',
};

export const EVICT_PODS: Power = {
  verbs: ['create'],
  targets: [
    { group: '', resource: 'pods', subresource: 'eviction' },
    { group: '', resource: 'pods', verbs: ['delete', 'deletecollection'] },
  ],
  anyName: true,
  focus: 'resources',
};

export const NAMESPACES_WRITE: Power = {
  verbs: ['update', 'patch'],
  // Not cluster-scoped for authorization: a request on namespace N is in namespace N, so a
  // RoleBinding in N can allow changing N itself.
  targets: [
    { group: '', resource: 'namespaces' },
    // Both subresources keep label changes, and Pod Security admission skips subresources. The
    // finalize subresource has no get, so it cannot be patched.
    { group: '', resource: 'namespaces', subresource: 'status' },
    { group: '', resource: 'namespaces', subresource: 'finalize', verbs: ['update'] },
  ],
  anyName: true,
  focus: 'resources',
};

export const RBAC_WRITE: Power = {
  verbs: CHANGE,
  targets: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'rolebindings' },
    { group: RBAC, resource: 'clusterroles', clusterScoped: true },
    { group: RBAC, resource: 'clusterrolebindings', clusterScoped: true },
  ],
  focus: 'resources',
};

/** Creating, changing or deleting ConfigMaps, which hold the configuration workloads run with. */
export const CONFIGMAPS_WRITE: Power = {
  verbs: WRITE,
  targets: [{ group: '', resource: 'configmaps' }],
  // A ConfigMap named in resourceNames is still one the holder rewrites.
  anyName: true,
  focus: 'resources',
};

/**
 * Changing the aws-auth ConfigMap of kube-system, which maps AWS IAM roles and users to Kubernetes
 * users and groups on EKS (system:masters included). Only a ClusterRole or a Role of kube-system can
 * grant it; the caller checks the namespace.
 */
export const AWS_AUTH_WRITE: Power = {
  verbs: WRITE,
  targets: [{ group: '', resource: 'configmaps', names: ['aws-auth'] }],
  focus: 'resources',
};

export const CLUSTER_ROLES_WRITE: Power = {
  verbs: CHANGE,
  targets: [{ group: RBAC, resource: 'clusterroles', clusterScoped: true }],
  // Relabelling one named ClusterRole is enough to aggregate its rules.
  anyName: true,
  focus: 'resources',
};

/** `pods/exec`; for "any subresource" targets the rule's own element (`userextras/scopes`) when it names one. */
function targetLabel(target: Target, rule: PlainRule): string {
  if (target.subresource === undefined) return target.resource;
  if (target.subresource !== ANY_SUBRESOURCE) return `${target.resource}/${target.subresource}`;
  const named = rule.resources.filter((r) => r.startsWith(`${target.resource}/`));
  return named.length > 0 ? named.join(', ') : `${target.resource}/*`;
}

/** The names a rule is asked about for a target: none (every object), plus the dangerous ones. */
function namesToTry(rule: PlainRule, power: Power, target: Target): readonly string[] {
  if (rule.resourceNames.length === 0) return [''];
  if (power.anyName) return rule.resourceNames;
  return ['', ...(target.names ?? [])];
}

const notWildcard = (v: string) => v !== '*' && !v.startsWith('*/');

function withoutWildcards(rule: PlainRule): PlainRule {
  return { ...rule, verbs: rule.verbs.filter(notWildcard), apiGroups: rule.apiGroups.filter(notWildcard), resources: rule.resources.filter(notWildcard) };
}

interface Granted {
  readonly verb: string;
  readonly target: Target;
  readonly name: string;
}

const requestOf = (g: Granted): PowerRequest => ({ verb: g.verb, group: g.target.group, resource: g.target.resource, subresource: g.target.subresource, name: g.name });

/** What a power's requests can possibly match, to skip most rules without trying each request. */
interface PowerIndex {
  readonly verbs: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
  /** `resource`, `resource/subresource`, `*\/subresource`, and `resource/` for any subresource. */
  readonly resources: ReadonlySet<string>;
  /** Whether some target is a subresource (which a `*\/subresource` rule may match). */
  readonly subresources: boolean;
}

const indexes = new WeakMap<Power, PowerIndex>();

function indexOf(power: Power): PowerIndex {
  let index = indexes.get(power);
  if (!index) {
    const verbs = new Set(power.targets.flatMap((t) => t.verbs ?? power.verbs));
    const groups = new Set(power.targets.map((t) => t.group));
    const resources = new Set<string>();
    for (const t of power.targets) {
      if (t.subresource === undefined) resources.add(t.resource);
      else if (t.subresource === ANY_SUBRESOURCE) resources.add(`${t.resource}/`);
      else {
        resources.add(`${t.resource}/${t.subresource}`);
        resources.add(`*/${t.subresource}`);
      }
    }
    index = { verbs, groups, resources, subresources: power.targets.some((t) => t.subresource !== undefined) };
    indexes.set(power, index);
  }
  return index;
}

/** False when no request of the power can match the rule (a necessary condition only). */
function mayGrant(rule: PlainRule, power: Power): boolean {
  const index = indexOf(power);
  if (!rule.verbs.some((v) => v === '*' || index.verbs.has(v))) return false;
  if (!rule.apiGroups.some((g) => g === '*' || index.groups.has(g))) return false;
  return rule.resources.some((r) => {
    if (r === '*' || index.resources.has(r)) return true;
    if (r.startsWith('*/')) return index.subresources;
    const slash = r.indexOf('/');
    return slash !== -1 && index.resources.has(r.slice(0, slash + 1));
  });
}

/**
 * The names a rule limited by resourceNames lets the role create. A plain create request has no
 * name, but a server-side apply (a patch) of an object that does not exist creates it, authorized
 * as patch and then as create, both with the object's name (handlers/patch.go); RBAC objects are
 * also created by an update (their strategies allow create on update).
 */
function namesCreatable(rule: PlainRule, target: Target, roleRules: readonly PlainRule[]): string[] {
  if (rule.resourceNames.length === 0) return [];
  const viaVerbs = target.group === RBAC ? ['patch', 'update'] : ['patch'];
  return rule.resourceNames.filter((name) =>
    viaVerbs.some((verb) => roleRules.some((r) => grants(r, { verb, group: target.group, resource: target.resource, name }))),
  );
}

function grantedRequests(rule: PlainRule, power: Power, scope: GrantScope, roleRules: readonly PlainRule[] = [rule]): Granted[] {
  const out: Granted[] = [];
  if (!mayGrant(rule, power)) return out;
  for (const target of power.targets) {
    if (scope === 'namespace' && target.clusterScoped) continue;
    for (const verb of target.verbs ?? power.verbs) {
      // A deletecollection request never carries a name (requestinfo.go turns a delete without one
      // into deletecollection), so a rule limited by resourceNames never allows it. A list or watch
      // carries one when its field selector is metadata.name=<name>, and then reads only that object,
      // like a get. A create request carries no name either; a name in resourceNames allows creating
      // that object only when the role can also apply it (patch, or update for RBAC objects). Like
      // any named grant, it counts when names do not limit the power or the name is a dangerous one.
      const names =
        verb === 'deletecollection'
          ? ['']
          : verb === 'create' && target.subresource === undefined
            ? ['', ...namesCreatable(rule, target, roleRules).filter((n) => power.anyName || target.names?.includes(n))]
            : namesToTry(rule, power, target);
      for (const name of names) {
        const g = { verb, target, name };
        if (grants(rule, requestOf(g))) out.push(g);
      }
    }
  }
  return out;
}

function focusPath(rule: PolicyRule, power: Power, granted: readonly Granted[]): Path {
  if (power.focus === 'verbs') {
    const i = rule.verbs.findIndex((v) => granted.some((g) => v === '*' || v === g.verb));
    return i === -1 ? [...rule.path, 'verbs'] : elementPath(rule, 'verbs', i);
  }
  const i = rule.resources.findIndex((r) => granted.some((g) => grants({ ...rule, resources: [r] }, requestOf(g))));
  return i === -1 ? [...rule.path, 'resources'] : elementPath(rule, 'resources', i);
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

function verbsByResource(rule: PlainRule, granted: readonly Granted[], verbOrder: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of granted) {
    const label = targetLabel(g.target, rule);
    const verbs = out.get(label) ?? [];
    if (!verbs.includes(g.verb)) verbs.push(g.verb);
    out.set(label, verbs);
  }
  for (const verbs of out.values()) verbs.sort((a, b) => verbOrder.indexOf(a) - verbOrder.indexOf(b));
  return out;
}

/** What `rule` grants of `power` within `scope`, or undefined when it grants none of it. */
/** `roleRules`: every rule of the role, which can make a named create possible (see namesCreatable). */
export function powerGrant(rule: PolicyRule, power: Power, scope: GrantScope, roleRules: readonly PlainRule[] = [rule]): PowerGrant | undefined {
  const granted = grantedRequests(rule, power, scope, roleRules);
  if (granted.length === 0) return undefined;
  const strict = withoutWildcards(rule);
  const verbOrder = unique(power.targets.flatMap((t) => t.verbs ?? power.verbs));
  return {
    rule,
    verbs: verbOrder.filter((v) => granted.some((g) => g.verb === v)),
    verbsByResource: verbsByResource(rule, granted, verbOrder),
    names: unique(granted.map((g) => g.name).filter((n) => n !== '')),
    viaWildcard: granted.every((g) => !grants(strict, requestOf(g))),
    path: focusPath(rule, power, granted),
  };
}

export function powerGrants(rules: readonly PolicyRule[], power: Power, scope: GrantScope): PowerGrant[] {
  return rules.flatMap((rule) => powerGrant(rule, power, scope, rules) ?? []);
}

/** Whether any of the rules grants any of the power. */
export function grantsPower(rules: readonly PlainRule[], power: Power, scope: GrantScope): boolean {
  return rules.some((rule) => grantedRequests(rule, power, scope, rules).length > 0);
}

/** `get, list on secrets`, `bind on clusterroles named cluster-admin`, with a note when only '*' grants it. */
export function describeGrant(grant: PowerGrant): string {
  return describeGrants([grant]);
}

/** What several rules grant of one power, together: verbs are merged per resource. */
export function describeGrants(grants: readonly PowerGrant[]): string {
  const verbsByResource = new Map<string, string[]>();
  for (const grant of grants) {
    for (const [resource, verbs] of grant.verbsByResource) {
      const merged = verbsByResource.get(resource) ?? [];
      verbsByResource.set(resource, [...merged, ...verbs.filter((v) => !merged.includes(v))]);
    }
  }
  // Resources granted the same verbs share one clause: `create on pods/exec, pods/attach; update on pods/ephemeralcontainers`.
  const clauses = new Map<string, string[]>();
  for (const [resource, verbs] of verbsByResource) {
    const key = verbs.join(', ');
    clauses.set(key, [...(clauses.get(key) ?? []), resource]);
  }
  const named = grants.every((g) => g.names.length > 0);
  const names = named ? ` named ${unique(grants.flatMap((g) => g.names)).join(', ')}` : '';
  const wildcard = grants.every((g) => g.viaWildcard) ? " (through '*')" : '';
  const text = [...clauses].map(([verbs, resources]) => `${verbs} on ${resources.join(', ')}`).join('; ');
  return `${text}${names}${wildcard}`;
}
