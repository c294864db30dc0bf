import { fullMatcher } from '../../core/full-match.js';
import { operatorFor, type Operator } from './operators.js';
import { isDict, pyIn, pyTruthy, type PyValue } from './python.js';
import type { Vertex } from './vertex.js';

/*
 * A Checkov YAML policy's `definition`, evaluated as Checkov's graph checks evaluate it on a
 * Kubernetes object: attribute conditions (cond_type: attribute) with Checkov's operators, filters
 * on resource_type, and `and` / `or` / `not` of them. An attribute with `*` segments
 * (`spec.containers.*.image`) is every flattened key it matches; a condition passes when one of
 * them passes (every one, for not_contains), and when none exists it is judged on the attribute
 * as written, which has no value. Each attribute condition judges only the kinds it names: on
 * another kind it fails. It judges the resources Checkov makes of an object (vertex.ts): a
 * workload's pod template is a Pod of its own. Connections between resources are evaluated on
 * Checkov's graph (connections.ts); JSONPath operators are not supported.
 */

/** Passed or failed, with the attribute and condition that decided (for the finding's place and words); undefined: no verdict. */
export type Verdict = { readonly passed: boolean; readonly attribute?: string; readonly condition?: string } | undefined;

export interface Node {
  /** The kinds this node judges (the union of its conditions'); empty is every kind. */
  readonly kinds: readonly string[];
  evaluate(vertex: Vertex): Verdict;
}

/** A definition that Rampart cannot evaluate as Checkov would: the message says what and where. */
export class PolicyError extends Error {}

export function hasConditionKinds(definition: unknown): boolean {
  if (!isDict(definition)) return false;
  const complex = complexOperator(definition);
  if (complex) return toList(definition[complex]).some(hasConditionKinds);
  return kindsOf(definition.resource_types).length > 0;
}

export const COMPLEX = ['and', 'or', 'not'] as const;

/** Checkov's get_complex_operator: the first of and / or / not that the mapping has. */
export function complexOperator(definition: Record<string, unknown>): (typeof COMPLEX)[number] | undefined {
  return COMPLEX.find((op) => Object.hasOwn(definition, op));
}

export const toList = (value: unknown): unknown[] => (Array.isArray(value) ? value : isDict(value) ? [value] : []);

export function kindsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function node(definition: unknown, where: string): Node {
  if (!isDict(definition)) throw new PolicyError(`${where}: expected a condition or and/or/not, found ${Array.isArray(definition) ? 'a list' : JSON.stringify(definition)}`);
  const complex = complexOperator(definition);
  if (complex) {
    const children = toList(definition[complex]).map((child, i) => node(child, `${where}.${complex}[${i}]`));
    if (complex === 'not' && children.length !== 1) throw new PolicyError(`${where}.not: must have exactly one condition, as Checkov requires`);
    const kinds = [...new Set(children.flatMap((c) => c.kinds))];
    return { kinds, evaluate: COMBINE[complex](children) };
  }
  const type = definition.cond_type ?? '';
  if (type === 'filter') return filter(definition, where);
  if (type !== 'attribute') throw new PolicyError(`${where}: cond_type ${JSON.stringify(type)} is not supported (attribute and filter conditions are)`);
  return attribute(definition, where);
}

const COMBINE: Readonly<Record<(typeof COMPLEX)[number], (children: readonly Node[]) => (vertex: Vertex) => Verdict>> = {
  and: (children) => (vertex) => {
    let unknown = false;
    for (const child of children) {
      const v = child.evaluate(vertex);
      if (v === undefined) unknown = true;
      else if (!v.passed) return v;
    }
    return unknown ? undefined : { passed: true };
  },
  or: (children) => (vertex) => {
    let unknown = false;
    let failed: Verdict;
    for (const child of children) {
      const v = child.evaluate(vertex);
      if (v?.passed) return v;
      if (v === undefined) unknown = true;
      // The place to report: a condition that judged the object's kind, rather than one of other kinds.
      else if (failed?.attribute === undefined) failed = v.attribute !== undefined || failed === undefined ? v : failed;
    }
    return unknown ? undefined : (failed ?? { passed: false });
  },
  not: ([child]) => (vertex) => {
    const v = child!.evaluate(vertex);
    return v === undefined ? undefined : { ...v, passed: !v.passed, ...(v.condition !== undefined ? { condition: `not ${v.condition}` } : {}) };
  },
};

/** Checkov's within filter: the attribute's value is set and among the values. */
function filter(definition: Record<string, unknown>, where: string): Node {
  if (definition.operator !== 'within') throw new PolicyError(`${where}: a filter's operator must be within, as Checkov requires`);
  const name = typeof definition.attribute === 'string' ? definition.attribute : '';
  const values = definition.value;
  return {
    kinds: kindsOf(definition.resource_types),
    evaluate: (vertex) => {
      const value = name === '' ? undefined : vertex.get(name);
      return { passed: pyTruthy(value) && pyIn(value, values), attribute: name, condition: `within ${JSON.stringify(values)}` };
    },
  };
}

function attribute(definition: Record<string, unknown>, where: string): Node {
  const kinds = kindsOf(definition.resource_types);
  if (kinds.length === 0 || kinds.some((k) => k.toLowerCase() === 'all')) throw new PolicyError(`${where}: resource_types must name the kinds it judges (Kubernetes kinds; "all" is not supported)`);
  const name = definition.attribute;
  if (typeof name !== 'string' || name === '') throw new PolicyError(`${where}: needs an attribute`);
  const opName = typeof definition.operator === 'string' ? definition.operator : '';
  if (opName.startsWith('jsonpath_')) throw new PolicyError(`${where}: JSONPath operators (${opName}) are not supported`);
  const value = definition.value as PyValue;
  let op: Operator | undefined;
  try {
    op = operatorFor(opName, value);
  } catch (error) {
    throw new PolicyError(`${where}: its regular expression is not one RE2 runs (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!op) throw new PolicyError(`${where}: operator ${JSON.stringify(opName)} is not supported`);
  const judged = new Set(kinds);
  let wildcard: ((key: string) => boolean) | undefined;
  try {
    wildcard = isWildcard(name) ? wildcardMatchers(name) : undefined;
  } catch (error) {
    throw new PolicyError(`${where}: its attribute's segments are read as regular expressions, and RE2 refuses one (${error instanceof Error ? error.message : String(error)})`);
  }
  const test = op;
  const condition = `${opName}${definition.value === undefined ? '' : ` ${JSON.stringify(definition.value)}`}`;
  const verdict = (passed: boolean, at: string): Verdict => ({ passed, attribute: at, condition });
  return {
    kinds,
    evaluate: (vertex) => {
        if (!judged.has(String(vertex.get('resource_type')))) return { passed: false, condition: `resource_types ${JSON.stringify(kinds)}` };
        if (wildcard) {
          const matches = [...vertex.keys()].filter(wildcard);
          if (matches.length > 0) {
            if (test.all) {
              const failing = matches.find((key) => !test.test(vertex.get(key), value));
              return verdict(failing === undefined, failing ?? matches[0]!);
            }
            const passing = matches.find((key) => test.test(vertex.get(key), value));
            return verdict(passing !== undefined, passing ?? matches[0]!);
          }
        }
        return verdict(test.test(vertex.get(name), value), name);
    },
  };
}

/** Checkov's WILDCARD_PATTERN, `(\S+[.][*][.]*)+` matched at the start: a `.*` after at least one character, before any white space. */
function isWildcard(name: string): boolean {
  const space = name.search(/\s/);
  const head = space === -1 ? name : name.slice(0, space);
  return head.indexOf('.*', 1) !== -1;
}

/**
 * Checkov's two patterns for an attribute with `*` segments: each segment as a regular expression
 * between dots and each `*` an index (`\d+`), and the same without the indices. A key must also
 * hold every other segment as text.
 */
function wildcardMatchers(name: string): (key: string) => boolean {
  const parts = name.split('.');
  const named = parts.filter((p) => p !== '*');
  const withIndex = fullMatcher(parts.map((p) => (p === '*' ? '[\\d]+' : `(${p})`)).join('[.]'));
  const withoutIndex = fullMatcher(named.map((p) => `(${p})`).join('[.]'));
  return (key) => named.every((p) => key.includes(p)) && (withIndex(key) || withoutIndex(key));
}
