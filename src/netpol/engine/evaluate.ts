import { ALL_IPV4, ALL_IPV6, EMPTY_IPS, ipSetCovers, unionIps } from '../ip/ip-set.js';
import { ConnSet } from '../ports/conn-set.js';
import type { AdminPolicyModel, Direction, NetworkPolicyModel, Peer, Rule } from '../policy/types.js';
import { NO_NAMED_PORTS, type NamedPortSpec, type NamedPorts, ruleConns, unmatchedNamedPorts } from './rule-conns.js';

/**
 * The policies that apply to one pod class in one direction, tier by tier: the pod's
 * AdminNetworkPolicy rules in precedence order, the NetworkPolicies that isolate it, and the
 * BaselineAdminNetworkPolicy rules. A ClusterNetworkPolicy tier would slot in the same way.
 */
export interface DirectionContext {
  readonly id: number;
  readonly direction: Direction;
  readonly admin: readonly Rule[];
  readonly adminPolicies: readonly AdminPolicyModel[];
  /** NetworkPolicies that select the pod for this direction: it is isolated. */
  readonly netpols: readonly NetworkPolicyModel[];
  readonly npRules: readonly Rule[];
  readonly baseline: readonly Rule[];
  readonly baselinePolicy: AdminPolicyModel | undefined;
}

export function isIsolated(ctx: DirectionContext): boolean {
  return ctx.netpols.length > 0;
}

/** Whether any policy (of any tier) applies to the pod in this direction. */
export function isProtected(ctx: DirectionContext): boolean {
  return ctx.netpols.length > 0 || ctx.adminPolicies.length > 0 || ctx.baselinePolicy !== undefined;
}

/** A peer that selects every pod of every namespace. */
export function selectsEveryPod(peer: Peer): boolean {
  return peer.kind === 'pods' && peer.namespaces.kind === 'selector' && peer.namespaces.selector.empty && (peer.pods === undefined || peer.pods.empty);
}

/** Whether a rule matches every pod (a rule without peers matches everything). */
export function ruleSelectsEveryPod(rule: Rule): boolean {
  return rule.peers === 'all' || rule.peers.some(selectsEveryPod);
}

/** Whether a rule matches every IPv4 and IPv6 address. */
function ruleCoversEveryAddress(rule: Rule): boolean {
  if (rule.peers === 'all') return true;
  const ips = rule.peers.reduce((set, peer) => (peer.kind === 'ips' ? unionIps(set, peer.ips) : set), EMPTY_IPS);
  return ipSetCovers(ips, ALL_IPV4) && ipSetCovers(ips, ALL_IPV6);
}

/**
 * Whether the policies deny, in this direction, part of the connections to any peer that no rule
 * names specifically: any pod and, for egress, any address (external destinations, the cloud
 * metadata service among them, are matched only by address rules). Rules are taken in their
 * tiers and order, so an Allow or Pass alone, or a Deny that an earlier Allow overrides, denies
 * nothing; neither does a Deny of every pod while addresses stay open.
 */
export function deniesByDefault(ctx: DirectionContext, named: NamedPorts = NO_NAMED_PORTS): boolean {
  const rules = [...ctx.admin, ...ctx.npRules, ...ctx.baseline];
  const peers = ctx.direction === 'egress' ? [ruleSelectsEveryPod, ruleCoversEveryAddress] : [ruleSelectsEveryPod];
  return peers.every((selects) => {
    const matched = new Set(rules.filter(selects));
    return !evaluateDirection(ctx, (r) => matched.has(r), named).isAll();
  });
}

/**
 * Whether the pod is isolated in this direction: a NetworkPolicy selects it, or the admin and
 * baseline policies deny by default (`deniesByDefault`).
 */
export function isolates(ctx: DirectionContext, named: NamedPorts = NO_NAMED_PORTS): boolean {
  return isIsolated(ctx) || deniesByDefault(ctx, named);
}

/**
 * The connections allowed in one direction, for a peer that `matches` the given rules, towards
 * a destination with `named` ports:
 * admin rules in order (first match wins per connection; Pass hands it down), then the union of
 * the isolating NetworkPolicies' rules (everything else denied), or when none isolates, the
 * baseline rules in order, then the default: allow.
 */
export function evaluateDirection(ctx: DirectionContext, matches: (rule: Rule) => boolean, named: NamedPorts): ConnSet {
  let allowed = ConnSet.NONE;
  let undecided = ConnSet.ALL;
  let passed = ConnSet.NONE;
  for (const rule of ctx.admin) {
    if (!matches(rule)) continue;
    const rc = ruleConns(rule, named).intersect(undecided);
    if (rc.isEmpty()) continue;
    if (rule.action === 'Allow') allowed = allowed.union(rc);
    else if (rule.action === 'Pass') passed = passed.union(rc);
    undecided = undecided.subtract(rc);
    if (undecided.isEmpty()) break;
  }
  undecided = undecided.union(passed);
  if (undecided.isEmpty()) return allowed;
  if (isIsolated(ctx)) {
    let np = ConnSet.NONE;
    for (const rule of ctx.npRules) {
      if (!matches(rule)) continue;
      np = np.union(ruleConns(rule, named));
      if (np.isAll()) break;
    }
    return allowed.union(undecided.intersect(np));
  }
  for (const rule of ctx.baseline) {
    if (!matches(rule)) continue;
    const rc = ruleConns(rule, named).intersect(undecided);
    if (rc.isEmpty()) continue;
    if (rule.action === 'Allow') allowed = allowed.union(rc);
    undecided = undecided.subtract(rc);
    if (undecided.isEmpty()) break;
  }
  return allowed.union(undecided);
}

/** Why part of the connections got its decision in one direction. */
export type Reason =
  | { readonly kind: 'rule'; readonly rule: Rule; readonly effect: 'allows' | 'denies' | 'passes' }
  | { readonly kind: 'not-selected'; readonly policy: NetworkPolicyModel; readonly noRules: boolean }
  | { readonly kind: 'ports-not-matched'; readonly rule: Rule; readonly unmatchedNamedPorts: readonly NamedPortSpec[] }
  | { readonly kind: 'default' };

export interface DirectionSegment {
  readonly conns: ConnSet;
  readonly allowed: boolean;
  readonly reasons: readonly Reason[];
}

function effectOf(rule: Rule): 'allows' | 'denies' | 'passes' {
  return rule.action === 'Allow' ? 'allows' : rule.action === 'Deny' ? 'denies' : 'passes';
}

/**
 * The same decision as `evaluateDirection`, split into disjoint parts of the connection space,
 * each with the rules (or the default) that decide it, in the order they were consulted.
 */
export function explainDirection(ctx: DirectionContext, matches: (rule: Rule) => boolean, named: NamedPorts): DirectionSegment[] {
  const segments: DirectionSegment[] = [];
  let undecided = ConnSet.ALL;
  const regions: Array<{ conns: ConnSet; prefix: Reason[] }> = [];
  for (const rule of ctx.admin) {
    if (!matches(rule)) continue;
    const rc = ruleConns(rule, named).intersect(undecided);
    if (rc.isEmpty()) continue;
    const reason: Reason = { kind: 'rule', rule, effect: effectOf(rule) };
    if (rule.action === 'Pass') regions.push({ conns: rc, prefix: [reason] });
    else segments.push({ conns: rc, allowed: rule.action === 'Allow', reasons: [reason] });
    undecided = undecided.subtract(rc);
  }
  regions.unshift({ conns: undecided, prefix: [] });
  for (const region of regions) {
    if (region.conns.isEmpty()) continue;
    if (isIsolated(ctx)) segments.push(...netpolSegments(ctx, region.conns, region.prefix, matches, named));
    else segments.push(...baselineSegments(ctx, region.conns, region.prefix, matches, named));
  }
  return segments;
}

function netpolSegments(ctx: DirectionContext, region: ConnSet, prefix: readonly Reason[], matches: (rule: Rule) => boolean, named: NamedPorts): DirectionSegment[] {
  let parts: Array<{ conns: ConnSet; rules: Rule[] }> = [{ conns: region, rules: [] }];
  const matched = ctx.npRules.filter(matches);
  for (const rule of matched) {
    const rc = ruleConns(rule, named);
    const next: typeof parts = [];
    for (const part of parts) {
      const inside = part.conns.intersect(rc);
      const outside = part.conns.subtract(rc);
      if (!inside.isEmpty()) next.push({ conns: inside, rules: [...part.rules, rule] });
      if (!outside.isEmpty()) next.push({ conns: outside, rules: part.rules });
    }
    parts = next;
  }
  const denyReasons: Reason[] = [];
  for (const policy of ctx.netpols) {
    const rules = policy[ctx.direction];
    const hits = rules.filter((r) => matched.includes(r));
    if (hits.length === 0) denyReasons.push({ kind: 'not-selected', policy, noRules: rules.length === 0 });
    else for (const rule of hits) denyReasons.push({ kind: 'ports-not-matched', rule, unmatchedNamedPorts: unmatchedNamedPorts(rule, named) });
  }
  return parts.map((part) =>
    part.rules.length > 0
      ? { conns: part.conns, allowed: true, reasons: [...prefix, ...part.rules.map((rule): Reason => ({ kind: 'rule', rule, effect: 'allows' }))] }
      : { conns: part.conns, allowed: false, reasons: [...prefix, ...denyReasons] },
  );
}

function baselineSegments(ctx: DirectionContext, region: ConnSet, prefix: readonly Reason[], matches: (rule: Rule) => boolean, named: NamedPorts): DirectionSegment[] {
  const out: DirectionSegment[] = [];
  let rest = region;
  for (const rule of ctx.baseline) {
    if (!matches(rule)) continue;
    const rc = ruleConns(rule, named).intersect(rest);
    if (rc.isEmpty()) continue;
    out.push({ conns: rc, allowed: rule.action === 'Allow', reasons: [...prefix, { kind: 'rule', rule, effect: effectOf(rule) }] });
    rest = rest.subtract(rc);
  }
  if (!rest.isEmpty()) out.push({ conns: rest, allowed: true, reasons: [...prefix, { kind: 'default' }] });
  return out;
}
