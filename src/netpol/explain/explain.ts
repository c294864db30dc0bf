import { fail, ok, type Result } from '../../core/result.js';
import type { NetpolAnalysis } from '../engine/analysis.js';
import type { Workload } from '../engine/classes.js';
import { INGRESS_CONTROLLER } from '../engine/connectivity-map.js';
import { type DirectionSegment, explainDirection, type Reason } from '../engine/evaluate.js';
import { type IngressRoute, ingressRoutes } from '../engine/ingress.js';
import { NO_NAMED_PORTS } from '../engine/rule-conns.js';
import { parseCidr, parseIp } from '../ip/address.js';
import { cidrRange, formatIpRange, type IpRange } from '../ip/ip-set.js';
import { ConnSet } from '../ports/conn-set.js';

/** Something `explain` can be asked about. */
export type ExplainTarget =
  | { readonly kind: 'workload'; readonly workload: Workload }
  | { readonly kind: 'external'; readonly atom: number; readonly range: IpRange }
  | { readonly kind: 'ingress-controller' };

export function targetName(target: ExplainTarget): string {
  if (target.kind === 'workload') return target.workload.label;
  if (target.kind === 'external') return formatIpRange(target.range);
  return INGRESS_CONTROLLER;
}

/** A reason beyond the policies: the Ingress or Route that does (or does not) reach the port. */
export type PairReason = Reason | { readonly kind: 'external' } | { readonly kind: 'ingress-route'; readonly route: IngressRoute; readonly matched: boolean };

export interface SideDecision {
  readonly allowed: boolean;
  readonly reasons: readonly PairReason[];
}

/** Part of the connection space that one set of reasons decides. */
export interface PairSegment {
  readonly conns: ConnSet;
  readonly allowed: boolean;
  readonly egress: SideDecision;
  readonly ingress: SideDecision;
}

export interface PairExplanation {
  readonly src: ExplainTarget;
  readonly dst: ExplainTarget;
  readonly allowed: ConnSet;
  readonly segments: readonly PairSegment[];
}

/**
 * Resolves a name given on the command line: `namespace/name` (or `namespace/name[Kind]`), a name
 * alone when it is unique, an IP address, a CIDR, or `{ingress-controller}`. A CIDR or range may
 * span several of the ranges the policies distinguish: each is a target.
 */
export function resolveTarget(analysis: NetpolAnalysis, text: string): Result<ExplainTarget[]> {
  const t = text.trim();
  if (t === INGRESS_CONTROLLER || t === 'ingress-controller') {
    if (!analysis.ingressController) return fail({ code: 'unknown-peer', message: `${t}: no Ingress or Route in the input sends traffic into the cluster` });
    return ok([{ kind: 'ingress-controller' }]);
  }
  const range = addressRange(t);
  if (range) {
    const atoms = analysis.atoms.flatMap((atom, i) => (atom.family === range.family && atom.hi >= range.lo && atom.lo <= range.hi ? [{ kind: 'external' as const, atom: i, range: atom }] : []));
    return ok(atoms);
  }
  const exact = analysis.workloads.filter((w) => w.label === t || `${w.namespace}/${w.name}[${w.kind}]` === t);
  const matches = exact.length > 0 ? exact : analysis.workloads.filter((w) => `${w.namespace}/${w.name}` === t || (!t.includes('/') && w.name === t));
  if (matches.length === 1 && matches[0]) return ok([{ kind: 'workload', workload: matches[0] }]);
  if (matches.length > 1) {
    return fail({ code: 'ambiguous-peer', message: `${t} matches ${matches.length} workloads (${matches.map((w) => `${w.namespace}/${w.name}[${w.kind}]`).join(', ')}); name one as namespace/name[Kind]` });
  }
  return fail({ code: 'unknown-peer', message: `${t}: no such workload (use namespace/name) and not an IP address or CIDR` });
}

function addressRange(text: string): IpRange | undefined {
  const cidr = parseCidr(text);
  if (cidr) return cidrRange(cidr);
  const ip = parseIp(text);
  return ip ? { family: ip.family, lo: ip.value, hi: ip.value } : undefined;
}

const OUTSIDE: DirectionSegment[] = [{ conns: ConnSet.ALL, allowed: true, reasons: [] }];

function sideSegments(analysis: NetpolAnalysis, src: ExplainTarget, dst: ExplainTarget, direction: 'ingress' | 'egress'): Array<{ conns: ConnSet; allowed: boolean; reasons: PairReason[] }> {
  const self = direction === 'egress' ? src : dst;
  const other = direction === 'egress' ? dst : src;
  const classId = self.kind === 'workload' ? self.workload.classId : self.kind === 'ingress-controller' ? analysis.ingressController?.id : undefined;
  if (classId === undefined) return OUTSIDE.map((s) => ({ ...s, reasons: [{ kind: 'external' }] }));
  const ctx = analysis.context(direction, classId);
  const otherClass = other.kind === 'workload' ? other.workload.classId : other.kind === 'ingress-controller' ? analysis.ingressController?.id : undefined;
  const matches = (rule: Parameters<typeof analysis.selection.ruleSelects>[0]) => {
    const index = otherClass !== undefined ? otherClass : analysis.classes.length + (other.kind === 'external' ? other.atom : 0);
    const selected = analysis.selection.ruleSelects(rule);
    let lo = 0;
    let hi = selected.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = selected[mid] ?? 0;
      if (v === index) return true;
      if (v < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  const dstClass = direction === 'ingress' ? classId : otherClass;
  const named = dstClass === undefined ? NO_NAMED_PORTS : analysis.classNamedPorts(dstClass);
  return explainDirection(ctx, matches, named).map((s) => ({ conns: s.conns, allowed: s.allowed, reasons: [...s.reasons] }));
}

/** Splits the ingress side of the ingress controller by what its Ingresses and Routes expose. */
function withRoutes(segments: Array<{ conns: ConnSet; allowed: boolean; reasons: PairReason[] }>, routes: readonly IngressRoute[]) {
  const exposed = routes.reduce((acc, r) => acc.union(r.conns), ConnSet.NONE);
  const out: typeof segments = [];
  for (const s of segments) {
    const inside = s.conns.intersect(exposed);
    const outside = s.conns.subtract(exposed);
    if (!inside.isEmpty()) out.push({ conns: inside, allowed: s.allowed, reasons: [...s.reasons, ...routes.filter((r) => !r.conns.intersect(inside).isEmpty()).map((route): PairReason => ({ kind: 'ingress-route', route, matched: true }))] });
    if (!outside.isEmpty()) out.push({ conns: outside, allowed: false, reasons: [...s.reasons, ...routes.map((route): PairReason => ({ kind: 'ingress-route', route, matched: false }))] });
  }
  return out;
}

function reasonsKey(reasons: readonly PairReason[]): string {
  return reasons
    .map((r) => {
      switch (r.kind) {
        case 'rule':
          return `r${r.rule.direction}${r.rule.index}@${r.rule.policy.kind}/${r.rule.policy.name}/${r.rule.policy.kind === 'NetworkPolicy' ? r.rule.policy.namespace : ''}:${r.effect}`;
        case 'not-selected':
          return `n${r.policy.namespace}/${r.policy.name}`;
        case 'ports-not-matched':
          return `p${r.rule.index}@${r.rule.policy.name}`;
        case 'ingress-route':
          return `i${r.route.object.name}/${r.route.service}:${r.matched}`;
        default:
          return r.kind;
      }
    })
    .join('|');
}

/**
 * Why connections from `src` to `dst` are allowed or denied: the connection space split into
 * parts, each with the decision and the policies and rules behind it in each direction. Both
 * directions must allow a connection.
 */
export function explainPair(analysis: NetpolAnalysis, src: ExplainTarget, dst: ExplainTarget): PairExplanation {
  const egress = sideSegments(analysis, src, dst, 'egress');
  let ingress = sideSegments(analysis, src, dst, 'ingress');
  if (src.kind === 'ingress-controller' && dst.kind === 'workload') {
    const routes = ingressRoutes(analysis.cluster.ingressObjects, analysis.cluster.index, analysis.workloads).get(dst.workload) ?? [];
    ingress = withRoutes(ingress, routes);
  }
  const merged = new Map<string, PairSegment>();
  for (const e of egress) {
    for (const i of ingress) {
      const conns = e.conns.intersect(i.conns);
      if (conns.isEmpty()) continue;
      const key = `${e.allowed}${i.allowed}#${reasonsKey(e.reasons)}#${reasonsKey(i.reasons)}`;
      const existing = merged.get(key);
      if (existing) merged.set(key, { ...existing, conns: existing.conns.union(conns) });
      else merged.set(key, { conns, allowed: e.allowed && i.allowed, egress: { allowed: e.allowed, reasons: e.reasons }, ingress: { allowed: i.allowed, reasons: i.reasons } });
    }
  }
  const segments = [...merged.values()];
  const allowed = segments.filter((s) => s.allowed).reduce((acc, s) => acc.union(s.conns), ConnSet.NONE);
  return { src, dst, allowed, segments };
}

/** The explanation limited to some connections (`--port`). */
export function restrictExplanation(explanation: PairExplanation, conns: ConnSet): PairExplanation {
  const segments = explanation.segments.flatMap((s) => {
    const c = s.conns.intersect(conns);
    return c.isEmpty() ? [] : [{ ...s, conns: c }];
  });
  return { ...explanation, allowed: explanation.allowed.intersect(conns), segments };
}
