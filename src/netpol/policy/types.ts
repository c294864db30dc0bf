import type { Path } from '../../core/path.js';
import type { K8sObject } from '../../k8s/object.js';
import type { Cidr } from '../ip/address.js';
import type { IpSet } from '../ip/ip-set.js';
import type { Protocol } from '../ports/conn-set.js';
import type { PortSet } from '../ports/port-set.js';
import type { Selector } from './selector.js';

export const DIRECTIONS = ['ingress', 'egress'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Which namespaces a pod peer reaches into. */
export type NamespaceScope =
  /** A NetworkPolicy peer without namespaceSelector: the policy's own namespace. */
  | { readonly kind: 'same'; readonly namespace: string }
  | { readonly kind: 'selector'; readonly selector: Selector };

/** What one peer of a rule selects. */
export type Peer =
  | { readonly kind: 'pods'; readonly namespaces: NamespaceScope; readonly pods: Selector | undefined; readonly path: Path }
  /** ipBlock (cidr minus except) or admin policy networks; `cidrs` are the blocks as written, before except. */
  | { readonly kind: 'ips'; readonly ips: IpSet; readonly cidrs: readonly Cidr[]; readonly text: string; readonly path: Path }
  /** AdminNetworkPolicy egress to nodes: node addresses are not in manifests, so it matches nothing Rampart knows. */
  | { readonly kind: 'nodes'; readonly selector: Selector; readonly path: Path };

/** A port entry of a rule. `any` protocol: an AdminNetworkPolicy named port, whatever protocol the pod gives it. */
export type PortSpec =
  | { readonly kind: 'numbers'; readonly protocol: Protocol; readonly ports: PortSet; readonly path: Path }
  | { readonly kind: 'named'; readonly protocol: Protocol | 'any'; readonly name: string; readonly path: Path };

export type RuleAction = 'Allow' | 'Deny' | 'Pass';

export type PolicyKind = 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

/** One ingress or egress rule, of any policy kind. */
export interface Rule {
  readonly policy: Policy;
  readonly direction: Direction;
  /** 0-based position in the policy's ingress or egress list. */
  readonly index: number;
  /** `#1` for a NetworkPolicy rule, the rule's `name` for admin policies. */
  readonly name: string;
  readonly path: Path;
  readonly action: RuleAction;
  /** `all`: no peers given (a NetworkPolicy rule without from/to matches every source or destination). */
  readonly peers: 'all' | readonly Peer[];
  /** `all`: no ports given. */
  readonly ports: 'all' | readonly PortSpec[];
  /** Whether the direction is not enforced (a NetworkPolicy rule whose direction policyTypes leave out). */
  readonly ignored: boolean;
}

interface PolicyBase {
  readonly object: K8sObject;
  readonly name: string;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
  /** Whether parsing found errors: an invalid policy is left out of the analysis. */
  readonly invalid: boolean;
}

export interface NetworkPolicyModel extends PolicyBase {
  readonly kind: 'NetworkPolicy';
  readonly namespace: string;
  readonly podSelector: Selector;
  /** policyTypes after the API server's defaulting. */
  readonly affects: Readonly<Record<Direction, boolean>>;
  /** Whether policyTypes was written (otherwise it was defaulted). */
  readonly explicitTypes: boolean;
}

/** The pods an admin policy applies to. */
export interface Subject {
  readonly namespaces: Selector;
  /** Undefined: every pod of the selected namespaces. */
  readonly pods: Selector | undefined;
  readonly path: Path;
}

export interface AdminPolicyModel extends PolicyBase {
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  /** Lower is evaluated first; the baseline policy has none. */
  readonly priority: number | undefined;
  readonly subject: Subject;
}

export type Policy = NetworkPolicyModel | AdminPolicyModel;

/** `NetworkPolicy "ns/name"`, `AdminNetworkPolicy "name"`. */
export function policyLabel(policy: Policy): string {
  return policy.kind === 'NetworkPolicy' ? `NetworkPolicy "${policy.namespace}/${policy.name}"` : `${policy.kind} "${policy.name}"`;
}

/** `ingress rule #1` or `egress rule "allow-dns"`. */
export function ruleLabel(rule: Rule): string {
  return rule.policy.kind === 'NetworkPolicy' ? `${rule.direction} rule #${rule.index + 1}` : `${rule.direction} rule "${rule.name}"`;
}

/** The ports a rule names, for messages: `every port`, `TCP 80,443; UDP 53`, `named port "http" (TCP)`. */
export function describeRulePorts(rule: Rule): string {
  if (rule.ports === 'all') return 'every port';
  const parts = rule.ports.map((p) => (p.kind === 'named' ? `named port "${p.name}"${p.protocol === 'any' ? '' : ` (${p.protocol})`}` : `${p.protocol} ${p.ports[0] === p.ports[1] ? p.ports[0] : `${p.ports[0]}-${p.ports[1]}`}`));
  return parts.length === 0 ? 'no port' : parts.join(', ');
}
