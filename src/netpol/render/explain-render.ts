import pc from 'picocolors';
import type { Path } from '../../core/path.js';
import type { PairExplanation, PairReason, PairSegment, SideDecision } from '../explain/explain.js';
import { targetName } from '../explain/explain.js';
import { ConnSet } from '../ports/conn-set.js';
import { type Policy, policyLabel, ruleLabel } from '../policy/types.js';

interface ReasonView {
  readonly text: string;
  readonly file?: string;
  readonly line?: number;
  readonly json: Record<string, unknown>;
}

function at(policy: Policy, path: Path): { file: string; line: number } {
  return { file: policy.object.source.file, line: policy.object.locate(path).line };
}

function policyJson(policy: Policy): Record<string, unknown> {
  return { kind: policy.kind, name: policy.name, ...(policy.kind === 'NetworkPolicy' ? { namespace: policy.namespace } : {}) };
}

function view(reason: PairReason, direction: 'ingress' | 'egress', e: PairExplanation): ReasonView {
  const self = targetName(direction === 'egress' ? e.src : e.dst);
  const other = targetName(direction === 'egress' ? e.dst : e.src);
  switch (reason.kind) {
    case 'rule': {
      const where = at(reason.rule.policy, reason.rule.path);
      const text = `${policyLabel(reason.rule.policy)} ${reason.effect} by its ${ruleLabel(reason.rule)}`;
      return { text, ...where, json: { kind: 'rule', effect: reason.effect, policy: policyJson(reason.rule.policy), rule: reason.rule.name, text, ...where } };
    }
    case 'not-selected': {
      const where = at(reason.policy, ['spec', 'podSelector']);
      const text = reason.noRules
        ? `${policyLabel(reason.policy)} isolates ${self} for ${direction} and has no ${direction} rules`
        : `${policyLabel(reason.policy)} isolates ${self} for ${direction}, and none of its ${direction} rules selects ${other}`;
      return { text, ...where, json: { kind: 'isolated', policy: policyJson(reason.policy), text, ...where } };
    }
    case 'ports-not-matched': {
      const where = at(reason.rule.policy, reason.rule.path);
      // A NetworkPolicy's named port is one name and one protocol (TCP by default): the destination
      // may declare the name for another protocol only, so the protocol is said.
      const unmatched = reason.unmatchedNamedPorts.map((n) => `named port "${n.name}"${n.protocol === 'any' ? '' : ` (${n.protocol})`}`);
      const named = unmatched.length > 0 ? `; ${unmatched.join(', ')} not declared by the destination` : '';
      const text = `${policyLabel(reason.rule.policy)} ${ruleLabel(reason.rule)} selects ${other}, but not on these ports${named}`;
      return { text, ...where, json: { kind: 'ports-not-matched', policy: policyJson(reason.rule.policy), rule: reason.rule.name, ...(named ? { unmatchedNamedPorts: reason.unmatchedNamedPorts.map((n) => n.name) } : {}), text, ...where } };
    }
    case 'ingress-route': {
      const o = reason.route.object;
      const where = { file: o.source.file, line: o.locate([]).line };
      const text = reason.matched ? `${o.kind} "${o.name}" sends traffic to ${self} through Service "${reason.route.service}"` : `${o.kind} "${o.name}" reaches ${self} through Service "${reason.route.service}", but not on these ports`;
      return { text, ...where, json: { kind: 'ingress-route', object: { kind: o.kind, name: o.name }, service: reason.route.service, matched: reason.matched, text, ...where } };
    }
    case 'external': {
      const text = `${self} is outside the cluster: no policy applies to its ${direction}`;
      return { text, json: { kind: 'external', text } };
    }
    default: {
      const text = `no NetworkPolicy isolates ${self} for ${direction}: allowed by default`;
      return { text, json: { kind: 'default', text } };
    }
  }
}

function sideJson(side: SideDecision, direction: 'ingress' | 'egress', e: PairExplanation): Record<string, unknown> {
  return { allowed: side.allowed, reasons: side.reasons.map((r) => view(r, direction, e).json) };
}

function ordered(e: PairExplanation): PairSegment[] {
  return [...e.segments].sort((a, b) => Number(b.allowed) - Number(a.allowed) || (a.conns.key < b.conns.key ? -1 : 1));
}

function directionJson(e: PairExplanation, direction: 'ingress' | 'egress'): Record<string, unknown> {
  const allowed = e.segments.filter((s) => s[direction].allowed).reduce((acc, s) => acc.union(s.conns), ConnSet.NONE);
  const decisions = ordered(e).map((s) => ({ ports: s.conns.toList(), ...sideJson(s[direction], direction, e) }));
  return { allowed: !allowed.isEmpty(), connections: allowed.toList(), decisions };
}

/** `{ "allowed", "src", "dst", "connections", "ingress", "egress", "segments" }`. */
export function explanationJson(e: PairExplanation, port: string | undefined): Record<string, unknown> {
  return {
    src: targetName(e.src),
    dst: targetName(e.dst),
    port: port ?? null,
    allowed: !e.allowed.isEmpty(),
    connections: e.allowed.toList(),
    egress: directionJson(e, 'egress'),
    ingress: directionJson(e, 'ingress'),
    segments: ordered(e).map((s) => ({ ports: s.conns.toList(), allowed: s.allowed, egress: sideJson(s.egress, 'egress', e), ingress: sideJson(s.ingress, 'ingress', e) })),
  };
}

export function explanationText(e: PairExplanation, port: string | undefined, color: boolean): string {
  const c = pc.createColors(color);
  const scope = port ? ` on ${port}` : '';
  const allowed = !e.allowed.isEmpty();
  const verdict = allowed ? c.green('ALLOWED') : c.red('DENIED');
  const summary = allowed && !port ? ` (${e.allowed.toString()})` : '';
  const lines = [`${targetName(e.src)} => ${targetName(e.dst)}${scope}: ${verdict}${summary}`, ''];
  for (const s of ordered(e)) {
    lines.push(`${s.allowed ? c.green('allowed') : c.red('denied')} ${s.conns.toString()}`);
    for (const direction of ['egress', 'ingress'] as const) {
      const side = s[direction];
      const mark = side.allowed ? c.green('allows') : c.red('denies');
      for (const [i, r] of side.reasons.entries()) {
        const v = view(r, direction, e);
        const where = v.file ? c.dim(`  ${v.file}:${v.line}`) : '';
        lines.push(`  ${i === 0 ? `${direction.padEnd(7)} ${mark}` : ' '.repeat(14)}  ${v.text}${where}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
