import type { Ajv2019 } from 'ajv/dist/2019.js';
import { quantityValue } from '../checks/workload/resources.js';
import { searchMatcher } from '../core/full-match.js';
import { jsonEqual } from './json-equal.js';

/*
 * A JSON Schema validator that walks the schema instead of compiling it, for schemas made for one
 * object (rendered schema templates). ajv turns a schema into JavaScript, which pays off for a
 * schema run on thousands of objects and costs about half a millisecond for one run once; no
 * interpreting validator reports what ajv reports, so this one is written to: it finds the first
 * error ajv's (allErrors: false) validators put first in their `errors`, with ajv's message, for
 * the keywords below, in the order ajv's rule groups check them (read from the ajv instance). A
 * schema with any other keyword ajv knows is left to ajv. The property test in
 * schema-interpreter.test.ts holds the two to the same answers.
 */

/** The first error: what ajv's ErrorObject says, with the path as keys and indices. */
export interface InterpretedError {
  readonly path: ReadonlyArray<string | number>;
  readonly keyword: string;
  readonly message: string;
  readonly data: unknown;
  readonly schema: unknown;
}

type Schema = boolean | Record<string, unknown>;
/**
 * One keyword's check. `composite`: under anyOf, oneOf, not, if or contains, where ajv appends
 * errors instead of returning the first at once; it shows only in what contains reports.
 */
type KeywordCheck = (schema: Record<string, unknown>, data: unknown, path: Array<string | number>, value: unknown, composite: boolean) => InterpretedError | undefined;

/** The keywords walked here; any other keyword of ajv's leaves the schema to ajv. `$comment` checks nothing. */
const SUPPORTED = new Set([
  '$comment',
  'type',
  'format',
  'const',
  'enum',
  'not',
  'anyOf',
  'oneOf',
  'allOf',
  'if',
  'then',
  'else',
  'resourceMinimum',
  'resourceMaximum',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'items',
  'contains',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'properties',
  'patternProperties',
]);

/** ajv's rule groups, in the order its validators check them: the keywords of any type, then those of numbers, strings, arrays, objects. */
interface Group {
  readonly type: 'number' | 'string' | 'array' | 'object' | undefined;
  /** Each keyword with those whose presence also makes it run (contains runs for minContains). */
  readonly rules: ReadonlyArray<{ readonly keyword: string; readonly implements: readonly string[] }>;
}

interface Plan {
  readonly types: readonly string[];
  /** The groups whose keywords the schema uses, in ajv's order. */
  readonly groups: readonly Group[];
  readonly groupChecksType: boolean;
}

export class SchemaInterpreter {
  private readonly groups: readonly Group[];
  private readonly known: ReadonlySet<string>;
  private readonly matchers = new Map<string, (value: string) => boolean>();

  /**
   * `quantityFails`: the quantity keywords added to ajv, each with when an amount fails its limit;
   * `formats`: the string formats given to ajv (any other format checks nothing).
   */
  constructor(
    ajv: Ajv2019,
    private readonly quantityFails: Readonly<Record<string, (amount: number, limit: number) => boolean>>,
    private readonly formats: Readonly<Record<string, (text: string) => boolean>>,
  ) {
    const rules = ajv.RULES;
    this.groups = rules.rules.map((group) => ({
      type: group.type as Group['type'],
      rules: group.rules.map((rule) => ({ keyword: rule.keyword, implements: rule.definition.implements ?? [] })),
    }));
    this.known = new Set(Object.keys(rules.all));
  }

  /**
   * A validator for `schema` (already valid against the meta-schema), or undefined when it uses a
   * keyword not walked here, a pattern or quantity ajv would refuse, or anything else whose
   * outcome is better left to ajv.
   */
  validator(schema: Record<string, unknown>): ((data: unknown) => InterpretedError | undefined) | undefined {
    if (!this.supports(schema, 0)) return undefined;
    return (data) => this.check(schema, data, [], false);
  }

  /** Whether every subschema ajv would compile uses only the keywords walked here, and their patterns and quantities compile. */
  private supports(schema: unknown, depth: number): boolean {
    if (typeof schema === 'boolean') return true;
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema) || depth > MAX_DEPTH) return false;
    const s = schema as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (ID_KEYWORDS.has(key)) return false;
      if (this.known.has(key) && !SUPPORTED.has(key)) return false;
    }
    if (s.nullable !== undefined) return false;
    for (const key of ['not', 'if', 'then', 'else', 'contains', 'additionalProperties'] as const) {
      if (s[key] !== undefined && !this.supports(s[key], depth + 1)) return false;
    }
    if (s.items !== undefined && (Array.isArray(s.items) || !this.supports(s.items, depth + 1))) return false;
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = s[key];
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.length === 0 || !list.every((sub) => this.supports(sub, depth + 1))) return false;
    }
    for (const key of ['properties', 'patternProperties'] as const) {
      const map = s[key];
      if (map === undefined) continue;
      if (map === null || typeof map !== 'object' || Array.isArray(map)) return false;
      for (const [name, sub] of Object.entries(map)) {
        if (name === '__proto__' || !this.supports(sub, depth + 1)) return false;
        if (key === 'patternProperties' && !this.compiles(name)) return false;
      }
    }
    if (s.pattern !== undefined && (typeof s.pattern !== 'string' || !this.compiles(s.pattern))) return false;
    for (const key of Object.keys(this.quantityFails)) {
      const limit = s[key];
      if (limit !== undefined && (typeof limit !== 'string' || quantityValue(limit) === undefined)) return false;
    }
    return true;
  }

  private compiles(pattern: string): boolean {
    try {
      this.matcher(pattern);
      return true;
    } catch {
      return false;
    }
  }

  private matcher(pattern: string): (value: string) => boolean {
    let made = this.matchers.get(pattern);
    if (!made) {
      made = searchMatcher(pattern);
      if (this.matchers.size >= MATCHER_CACHE) this.matchers.clear();
      this.matchers.set(pattern, made);
    }
    return made;
  }

  /** The first error of `data` against `schema`, found as ajv's generated code finds it. */
  private check(schema: Schema, data: unknown, path: Array<string | number>, composite: boolean): InterpretedError | undefined {
    if (schema === true) return undefined;
    if (schema === false) return error(path, 'false schema', 'boolean schema is false', data, false);
    const { types, groupChecksType, groups } = this.planOf(schema);
    if (types.length > 0 && !groupChecksType && !types.some((t) => isType(t, data))) return typeError(schema, data, path);
    for (const group of groups) {
      if (group.type !== undefined && !isType(group.type, data)) {
        if (groupChecksType && types[0] === group.type) return typeError(schema, data, path);
        continue;
      }
      for (const rule of group.rules) {
        const value = schema[rule.keyword];
        if (value === undefined) continue;
        const failed = this.checks[rule.keyword]?.(schema, data, path, value, composite);
        if (failed) return failed;
      }
    }
    return undefined;
  }

  /** What a schema object's checks need, worked out once per object. */
  private planOf(schema: Record<string, unknown>): Plan {
    let plan = this.plans.get(schema);
    if (!plan) {
      const types = typesOf(schema.type);
      const groups = this.groups.filter((group) => group.rules.some((rule) => schema[rule.keyword] !== undefined || rule.implements.some((k) => schema[k] !== undefined)));
      // ajv checks the type first unless it names one type whose group of keywords the schema
      // uses: then that group checks it, after the keywords of any type.
      plan = { types, groups, groupChecksType: types.length === 1 && groups.some((g) => g.type === types[0]) };
      this.plans.set(schema, plan);
    }
    return plan;
  }

  private readonly plans = new WeakMap<object, Plan>();

  private readonly checks: Readonly<Record<string, KeywordCheck>> = {
    const: (_s, data, path, value) => (typeof value === 'object' && value !== null ? jsonEqual(data, value) : value === data) ? undefined : error(path, 'const', 'must be equal to constant', data, value),
    enum: (_s, data, path, value) => {
      const list = value as unknown[];
      const useLoop = list.length >= LOOP_ENUM;
      const found = list.some((v) => (useLoop || (typeof v === 'object' && v !== null) ? jsonEqual(data, v) : data === v));
      return found ? undefined : error(path, 'enum', 'must be equal to one of the allowed values', data, value);
    },
    not: (_s, data, path, value) => (this.check(value as Schema, data, path, true) ? undefined : error(path, 'not', 'must NOT be valid', data, value)),
    anyOf: (_s, data, path, value) => {
      let first: InterpretedError | undefined;
      for (const sub of value as Schema[]) {
        const failed = this.check(sub, data, path, true);
        if (!failed) return undefined;
        first ??= failed;
      }
      return first ?? error(path, 'anyOf', 'must match a schema in anyOf', data, value);
    },
    oneOf: (_s, data, path, value) => {
      let first: InterpretedError | undefined;
      let passing = 0;
      for (const sub of value as Schema[]) {
        const failed = this.check(sub, data, path, true);
        if (failed) first ??= failed;
        // ajv stops at the second schema that passes.
        else if (++passing === 2) break;
      }
      if (passing === 1) return undefined;
      return first ?? error(path, 'oneOf', 'must match exactly one schema in oneOf', data, value);
    },
    allOf: (_s, data, path, value, composite) => {
      for (const sub of value as Schema[]) {
        const failed = this.check(sub, data, path, composite);
        if (failed) return failed;
      }
      return undefined;
    },
    if: (schema, data, path, value, composite) => {
      const clause = this.check(value as Schema, data, path, true) ? 'else' : 'then';
      const sub = schema[clause];
      return sub === undefined ? undefined : this.check(sub as Schema, data, path, composite);
    },
    resourceMinimum: (schema, data, path, value) => this.quantity('resourceMinimum', schema, data, path, value),
    resourceMaximum: (schema, data, path, value) => this.quantity('resourceMaximum', schema, data, path, value),
    maximum: (_s, data, path, value) => limit(data as number, value as number, 'maximum', '<=', (d, l) => d > l, path),
    minimum: (_s, data, path, value) => limit(data as number, value as number, 'minimum', '>=', (d, l) => d < l, path),
    exclusiveMaximum: (_s, data, path, value) => limit(data as number, value as number, 'exclusiveMaximum', '<', (d, l) => d >= l, path),
    exclusiveMinimum: (_s, data, path, value) => limit(data as number, value as number, 'exclusiveMinimum', '>', (d, l) => d <= l, path),
    maxLength: (_s, data, path, value) => (ucs2length(data as string) > (value as number) ? error(path, 'maxLength', `must NOT have more than ${String(value)} characters`, data, value) : undefined),
    minLength: (_s, data, path, value) => (ucs2length(data as string) < (value as number) ? error(path, 'minLength', `must NOT have fewer than ${String(value)} characters`, data, value) : undefined),
    pattern: (_s, data, path, value) => (this.matcher(value as string)(data as string) ? undefined : error(path, 'pattern', `must match pattern "${String(value)}"`, data, value)),
    // In ajv's groups of numbers and of strings; every format here is one of strings.
    format: (_s, data, path, value) => {
      const valid = typeof data === 'string' && typeof value === 'string' && Object.hasOwn(this.formats, value) ? this.formats[value]!(data) : true;
      return valid ? undefined : error(path, 'format', `must match format "${String(value)}"`, data, value);
    },
    maxItems: (_s, data, path, value) => ((data as unknown[]).length > (value as number) ? error(path, 'maxItems', `must NOT have more than ${String(value)} items`, data, value) : undefined),
    minItems: (_s, data, path, value) => ((data as unknown[]).length < (value as number) ? error(path, 'minItems', `must NOT have fewer than ${String(value)} items`, data, value) : undefined),
    items: (_s, data, path, value, composite) => {
      const list = data as unknown[];
      for (let i = 0; i < list.length; i++) {
        const failed = this.at(path, i, () => this.check(value as Schema, list[i], path, composite));
        if (failed) return failed;
      }
      return undefined;
    },
    contains: (_s, data, path, value, composite) => {
      const list = data as unknown[];
      let first: InterpretedError | undefined;
      for (let i = 0; i < list.length; i++) {
        const failed = this.at(path, i, () => this.check(value as Schema, list[i], path, true));
        if (!failed) return undefined;
        first ??= failed;
      }
      // Outside a composite keyword, ajv's contains error replaces those of the items.
      return (composite ? first : undefined) ?? error(path, 'contains', 'must contain at least 1 valid item(s)', data, value);
    },
    maxProperties: (_s, data, path, value) =>
      Object.keys(data as object).length > (value as number) ? error(path, 'maxProperties', `must NOT have more than ${String(value)} properties`, data, value) : undefined,
    minProperties: (_s, data, path, value) =>
      Object.keys(data as object).length < (value as number) ? error(path, 'minProperties', `must NOT have fewer than ${String(value)} properties`, data, value) : undefined,
    required: (_s, data, path, value) => {
      const record = data as Record<string, unknown>;
      // ajv asks `data[name] === undefined`, inherited names included.
      const missing = (value as string[]).find((name) => record[name] === undefined);
      return missing === undefined ? undefined : error(path, 'required', `must have required property '${missing}'`, data, value);
    },
    additionalProperties: (schema, data, path, value, composite) => {
      if (value === true || (typeof value === 'object' && value !== null && this.alwaysValid(value as Record<string, unknown>))) return undefined;
      const record = data as Record<string, unknown>;
      const isDeclared = this.declaredProperty(schema);
      for (const key in record) {
        if (isDeclared(key)) continue;
        if (value === false) return error(path, 'additionalProperties', 'must NOT have additional properties', data, value);
        const failed = this.at(path, key, () => this.check(value as Schema, record[key], path, composite));
        if (failed) return failed;
      }
      return undefined;
    },
    properties: (_s, data, path, value, composite) => {
      const record = data as Record<string, unknown>;
      for (const [name, sub] of Object.entries(value as Record<string, Schema>)) {
        // ajv asks `data[name] !== undefined`, inherited names included.
        if (record[name] === undefined) continue;
        const failed = this.at(path, name, () => this.check(sub, record[name], path, composite));
        if (failed) return failed;
      }
      return undefined;
    },
    patternProperties: (_s, data, path, value, composite) => {
      const record = data as Record<string, unknown>;
      for (const [pattern, sub] of Object.entries(value as Record<string, Schema>)) {
        const matches = this.matcher(pattern);
        for (const key in record) {
          if (!matches(key)) continue;
          const failed = this.at(path, key, () => this.check(sub, record[key], path, composite));
          if (failed) return failed;
        }
      }
      return undefined;
    },
  };

  private quantity(keyword: string, _schema: Record<string, unknown>, data: unknown, path: Array<string | number>, value: unknown): InterpretedError | undefined {
    const bound = quantityValue(value as string) as number;
    const amount = typeof data === 'string' ? quantityValue(data) : undefined;
    if (amount !== undefined && !this.quantityFails[keyword]!(amount, bound)) return undefined;
    return error(path, keyword, `must pass "${keyword}" keyword validation`, data, value);
  }

  /** ajv's test for a property additionalProperties leaves alone: named in properties, or matching a patternProperties pattern. */
  private declaredProperty(schema: Record<string, unknown>): (key: string) => boolean {
    const properties = schema.properties as Record<string, unknown> | undefined;
    const names = properties ? Object.keys(properties) : [];
    const patterns = Object.keys((schema.patternProperties as Record<string, unknown> | undefined) ?? {}).map((p) => this.matcher(p));
    // Over eight names, ajv looks the key up in the properties object (an own property).
    const named = names.length > 8 ? (key: string) => Object.hasOwn(properties as object, key) : (key: string) => names.includes(key);
    return (key) => named(key) || patterns.some((matches) => matches(key));
  }

  /** ajv's alwaysValidSchema: an object schema with no keyword ajv knows. */
  private alwaysValid(schema: Record<string, unknown>): boolean {
    return !Object.keys(schema).some((key) => this.known.has(key));
  }

  private at<T>(path: Array<string | number>, step: string | number, run: () => T): T {
    path.push(step);
    try {
      return run();
    } finally {
      path.pop();
    }
  }
}

const MAX_DEPTH = 200;
const MATCHER_CACHE = 1000;
/** ajv's loopEnum default: from this many values on, every value is compared with its deep equality. */
const LOOP_ENUM = 200;
/** Keywords that name, hold or point at schemas elsewhere: with these, ajv's resolution decides, not a walk. */
const ID_KEYWORDS = new Set(['$id', '$anchor', '$ref', '$recursiveRef', '$recursiveAnchor', '$dynamicRef', '$dynamicAnchor', 'id', '$defs', 'definitions']);

function error(path: ReadonlyArray<string | number>, keyword: string, message: string, data: unknown, schema: unknown): InterpretedError {
  return { path: [...path], keyword, message, data, schema };
}

function typeError(schema: Record<string, unknown>, data: unknown, path: ReadonlyArray<string | number>): InterpretedError {
  return error(path, 'type', `must be ${String(schema.type)}`, data, schema.type);
}

/** ajv's limitNumber: a bound fails NaN too. */
function limit(data: number, bound: number, keyword: string, ok: string, fails: (d: number, l: number) => boolean, path: ReadonlyArray<string | number>): InterpretedError | undefined {
  return fails(data, bound) || Number.isNaN(data) ? error(path, keyword, `must be ${ok} ${String(bound)}`, data, bound) : undefined;
}

function typesOf(type: unknown): string[] {
  if (type === undefined) return [];
  return Array.isArray(type) ? (type as string[]) : [type as string];
}

/** ajv's checkDataType with strictNumbers off (a YAML .nan or .inf is a number, and Infinity an integer). */
const TYPE_TESTS: Readonly<Record<string, (data: unknown) => boolean>> = {
  null: (data) => data === null,
  boolean: (data) => typeof data === 'boolean',
  number: (data) => typeof data === 'number',
  integer: (data) => typeof data === 'number' && !(data % 1) && !Number.isNaN(data),
  string: (data) => typeof data === 'string',
  array: (data) => Array.isArray(data),
  object: (data) => typeof data === 'object' && data !== null && !Array.isArray(data),
};

const isType = (type: string, data: unknown): boolean => TYPE_TESTS[type]?.(data) ?? false;

/** ajv's string length: code points, a surrogate pair counting once. */
function ucs2length(text: string): number {
  return text.length - (text.match(SURROGATE_PAIR)?.length ?? 0);
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
