import type { Expr } from '../condition/ast.js';

/** A set of values, or every value. */
export type ValueSet = { readonly all: true } | { readonly all: false; readonly values: ReadonlySet<string> };

export const ALL: ValueSet = { all: true };
const NONE: ValueSet = { all: false, values: new Set() };

function union(a: ValueSet, b: ValueSet): ValueSet {
  if (a.all || b.all) return ALL;
  return { all: false, values: new Set([...a.values, ...b.values]) };
}

function intersect(a: ValueSet, b: ValueSet): ValueSet {
  if (a.all) return b;
  if (b.all) return a;
  return { all: false, values: new Set([...a.values].filter((v) => b.values.has(v))) };
}

/**
 * The values `field` can take for the expression to be true: used both for Falco's LOAD_NO_EVTTYPE
 * warning (with `evt.type`) and for indexing rules by `ka.verb` / `ka.target.resource`, so an event
 * only runs rules it can match. `not` over a constraint gives "any value" (a sound over-approximation).
 */
export function requiredValues(expr: Expr, field: string): ValueSet {
  switch (expr.kind) {
    case 'and':
      return expr.children.map((c) => requiredValues(c, field)).reduce(intersect, ALL);
    case 'or':
      return expr.children.map((c) => requiredValues(c, field)).reduce(union, NONE);
    case 'binary':
      if (expr.left.kind !== 'field' || expr.left.name !== field || expr.left.arg !== undefined) return ALL;
      if ((expr.op === '=' || expr.op === '==') && expr.right.kind === 'value') return { all: false, values: new Set([expr.right.value]) };
      if ((expr.op === 'in' || expr.op === 'intersects') && (expr.right.kind === 'list' || expr.right.kind === 'value')) {
        return { all: false, values: new Set(expr.right.kind === 'list' ? expr.right.values : [expr.right.value]) };
      }
      return ALL;
    default:
      return ALL;
  }
}

/**
 * filter_evttype_resolver: the event types a syscall rule can match, where `!=` and `not` over
 * `evt.type` complement within the universe and any other check inside a negation counts as none
 * (so the negation yields every type).
 */
export function eventTypes(expr: Expr, universe: ReadonlySet<string>, negated = false): ReadonlySet<string> {
  const complement = (s: ReadonlySet<string>) => new Set([...universe].filter((v) => !s.has(v)));
  switch (expr.kind) {
    case 'and': {
      let acc: ReadonlySet<string> | undefined;
      for (const c of expr.children) {
        const s = eventTypes(c, universe, negated);
        acc = acc === undefined ? s : new Set([...acc].filter((v) => s.has(v)));
      }
      return acc ?? universe;
    }
    case 'or': {
      const acc = new Set<string>();
      for (const c of expr.children) for (const v of eventTypes(c, universe, negated)) acc.add(v);
      return acc;
    }
    case 'not':
      return complement(eventTypes(expr.child, universe, !negated));
    case 'binary':
      if (expr.left.kind === 'field' && expr.left.name === 'evt.type') {
        const values = expr.right.kind === 'list' ? expr.right.values : expr.right.kind === 'value' ? [expr.right.value] : undefined;
        if (values && (expr.op === '=' || expr.op === '==' || expr.op === 'in' || expr.op === 'intersects')) return new Set(values);
        if (values && expr.op === '!=') return complement(new Set(values));
      }
      return negated ? new Set() : universe;
    default:
      return negated ? new Set() : universe;
  }
}
