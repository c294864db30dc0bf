import { fullMatcher } from '../../core/full-match.js';
import { JsonPathError, parseJsonPath, type JsonPath } from './jsonpath/parser.js';
import { operatorFor, type Operator } from './operators.js';
import { isDict, pyIn, pyTruthy, PyTypeError, type PyValue } from './python.js';
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
 * Checkov's graph (connections.ts). A `jsonpath_` operator reads its attribute as a JSONPath
 * (jsonpath/) over the resource's attributes: every value it finds must pass the operator, and
 * when it finds none the condition is judged as above on an attribute that has no value.
 */

/**
 * Passed or failed, with the attribute and condition that decided (for the finding's words, and its
 * place unless `at` names the flattened key of the value); undefined: no verdict.
 */
export type Verdict = { readonly passed: boolean; readonly attribute?: string; readonly at?: string; readonly condition?: string } | undefined;

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
  const jsonPath = opName.startsWith(JSONPATH_PREFIX) ? compiledJsonPath(name, where) : undefined;
  const value = definition.value as PyValue;
  let op: Operator | undefined;
  try {
    op = operatorFor(jsonPath ? opName.slice(JSONPATH_PREFIX.length) : opName, value);
  } catch (error) {
    throw new PolicyError(`${where}: its regular expression is not one RE2 runs (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!op) throw new PolicyError(`${where}: operator ${JSON.stringify(opName)} is not supported`);
  const judged = new Set(kinds);
  let wildcard: ((key: string) => boolean) | undefined;
  try {
    wildcard = !jsonPath && isWildcard(name) ? wildcardMatchers(name) : undefined;
  } catch (error) {
    throw new PolicyError(`${where}: its attribute's segments are read as regular expressions, and RE2 refuses one (${error instanceof Error ? error.message : String(error)})`);
  }
  const test = op;
  const condition = `${opName}${definition.value === undefined ? '' : ` ${JSON.stringify(definition.value)}`}`;
  const verdict = (passed: boolean, at: string): Verdict => ({ passed, attribute: at, condition });
  return {
    kinds,
    evaluate: (vertex) => {
        // Checkov runs the JSONPath before it looks at the kind: where it raises, no verdict on any kind.
        const matches = jsonPath ? jsonPathMatches(jsonPath, vertex) : [];
        if (!judged.has(String(vertex.get('resource_type')))) return { passed: false, condition: `resource_types ${JSON.stringify(kinds)}` };
        if (jsonPath) {
          if (matches.length > 0) {
            const failing = matches.find((m) => !test.test(m.value, value));
            const decided = failing ?? matches[0]!;
            return { passed: failing === undefined, attribute: decided.fullPath, at: decided.at, condition };
          }
        }
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

const JSONPATH_PREFIX = 'jsonpath_';

function compiledJsonPath(text: string, where: string): JsonPath {
  let path: JsonPath;
  try {
    path = parseJsonPath(text);
  } catch (error) {
    if (error instanceof JsonPathError) throw new PolicyError(`${where}: its attribute is not a JSONPath Checkov reads (${error.message})`);
    throw error;
  }
  // Checkov's resource also holds its own copies of the object (its raw config with line numbers),
  // which these reach; Rampart's does not.
  if (path.descends) throw new PolicyError(`${where}: a JSONPath that reaches keys it does not name (\`..\`, or a \`*\` or filter on the top level) is not supported (in Checkov it also searches its internal copies of the object)`);
  return path;
}

/**
 * Checkov's mappings also hold their first and last line (`__startline__`, `__endline__`), which
 * a JSONPath can see: they count as keys (`annotations[0]` on a mapping raises, an empty mapping is
 * not empty) and `*` lists them. The JSONPath runs on a copy of the attributes in which every
 * mapping ends with the two, holding LINE; a value found that is LINE (a line number Rampart does
 * not reproduce) leaves the resource without a verdict.
 */
const LINE = -4_503_599_627_370_449;
const LINE_KEYS = ['__startline__', '__endline__'];

interface JsonPathView {
  readonly dict: Record<string, unknown>;
  /** The attributes' own value of each copied mapping or list. */
  readonly originals: WeakMap<object, PyValue>;
}

const views = new WeakMap<Vertex, JsonPathView>();

function jsonPathView(vertex: Vertex): JsonPathView {
  let view = views.get(vertex);
  if (view) return view;
  const originals = new WeakMap<object, PyValue>();
  const copies = new Map<object, unknown>();
  const copy = (value: PyValue): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const done = copies.get(value);
    if (done !== undefined) return done;
    const made: unknown = Array.isArray(value) ? value.map(copy) : { ...Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])), __startline__: LINE, __endline__: LINE };
    copies.set(value, made);
    originals.set(made as object, value);
    return made;
  };
  // A key's value is copied when the path first reads it: a path names one or two of the many keys.
  const made = new Map<string, unknown>();
  const value = (key: string): unknown => {
    if (LINE_KEYS.includes(key)) return LINE;
    if (!made.has(key)) made.set(key, copy(vertex.get(key)!));
    return made.get(key);
  };
  const keys = [...vertex.keys(), ...LINE_KEYS];
  const owns = (key: string | symbol): key is string => typeof key === 'string' && (vertex.has(key) || LINE_KEYS.includes(key));
  const dict = new Proxy({} as Record<string, unknown>, {
    get: (target, key) => (owns(key) ? value(key) : Reflect.get(target, key)),
    has: (_target, key) => owns(key),
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (_target, key) => (owns(key) ? { value: value(key), enumerable: true, configurable: true, writable: true } : undefined),
  });
  view = { dict, originals };
  views.set(vertex, view);
  return view;
}

/** The attributes' value of what a JSONPath found: copies back to their originals, LINE keys dropped from mappings built from them. */
function original(value: unknown, originals: WeakMap<object, PyValue>): PyValue {
  if (value === LINE) throw new PyTypeError('the JSONPath found a line number of Checkov\'s');
  if (value === null || typeof value !== 'object') return value as PyValue;
  const own = originals.get(value);
  if (own !== undefined) return own;
  if (Array.isArray(value)) return value.map((v) => original(v, originals));
  return Object.fromEntries(Object.entries(value).filter(([k]) => !LINE_KEYS.includes(k)).map(([k, v]) => [k, original(v, originals)]));
}

/**
 * What a JSONPath finds in a resource's attributes, as Checkov's get_attribute_matches does: each
 * match's full path is a key whose value, when the attributes already hold that key, is theirs.
 */
function jsonPathMatches(path: JsonPath, vertex: Vertex): Array<{ fullPath: string; at: string; value: PyValue }> {
  const view = jsonPathView(vertex);
  let found;
  try {
    found = path.find(view.dict);
  } catch (error) {
    // Python raised inside the JSONPath (a comparison of values of different types): no verdict.
    if (error instanceof JsonPathError) throw new PyTypeError(error.message);
    throw error;
  }
  return found.map((m) => ({ fullPath: m.fullPath, at: m.path.map(String).join('.'), value: vertex.has(m.fullPath) ? vertex.get(m.fullPath)! : original(m.value, view.originals) }));
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
