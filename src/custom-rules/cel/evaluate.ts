import { celEnv, celList, CelScalar, isCelError, isCelType, listType, mapType, parse, plan } from '@bufbuild/cel';
import { celGoIssues } from './cel-go-check.js';
import { CEL_GO_FUNCS } from './cel-go-funcs.js';

/*
 * CEL expressions as kube-linter's cel-expression template evaluates them (cel-go's standard
 * environment with two variables): `object`, the object checked, and `objects`, every object of
 * the input, each a map from string to dyn as Go's encoding/json writes it (numbers are doubles).
 * The result must be a string: "" passes, any other text is the finding's message. An evaluation
 * error, or a result of another type, is a finding too, as kube-linter reports it.
 *
 * The CEL implementation is @bufbuild/cel, which runs CEL's conformance tests and matches
 * regular expressions with RE2, as cel-go does. Where cel-go answers differently, its answer is
 * reproduced: cel-go-funcs.ts replaces functions, cel-go-check.ts refuses what cel-go's Compile
 * refuses. What remains different is listed in test/oracles/README.md (CEL).
 */

/** A CEL expression that cel-go does not compile (short of its type checks): the message says where. */
export class CelSyntaxError extends Error {}

export type CelOutcome = { readonly message: string } | { readonly error: string };

export interface CelProgram {
  /** Evaluates the expression on one object (Go's JSON form) with every object of the input. */
  run(object: unknown, objects: readonly unknown[]): CelOutcome;
}

const variables = {
  object: mapType(CelScalar.STRING, CelScalar.DYN),
  objects: listType(mapType(CelScalar.STRING, CelScalar.DYN)),
};
const env = celEnv({ variables, funcs: CEL_GO_FUNCS });

/** Compiles an expression; throws CelSyntaxError when cel-go would not compile it. */
export function compileCel(expression: string): CelProgram {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (error) {
    throw new CelSyntaxError(oneLine(error instanceof Error ? error.message : String(error)));
  }
  // Said in one line, as every configuration error is: cel-go prints one issue a line.
  const issues = celGoIssues(parsed, expression, Object.keys(variables));
  if (issues.length > 0) throw new CelSyntaxError(oneLine(issues.join('\n')));
  const evaluate = plan(env, parsed);
  return {
    run(object, objects) {
      let result: unknown;
      try {
        result = evaluate({ object: celValue(object) as never, objects: celValue(objects) as never });
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
      if (isCelError(result)) return { error: result.message };
      if (typeof result === 'string') return { message: result };
      // cel-go's value of a type is its name, which kube-linter takes for the result string.
      if (isCelType(result)) return { message: result.name };
      return { error: `expected string, got ${goText(result)}` };
    },
  };
}

// @bufbuild/cel's own map of a JavaScript object answers has() with false for a key whose value is
// null; CEL (and cel-go) test the key's presence. Objects are handed over as maps of this class,
// which the library recognizes by its registered brand symbol.
const CEL_MAP_BRAND = Symbol.for('@bufbuild/cel/map');

class PresenceMap {
  readonly [CEL_MAP_BRAND] = {};
  readonly #fields: Record<string, unknown>;

  // Values are converted when read: an expression reads few of an object's fields.
  constructor(fields: Record<string, unknown>) {
    this.#fields = fields;
  }

  get size(): number {
    return Object.keys(this.#fields).length;
  }

  get(key: unknown): unknown {
    return typeof key === 'string' && Object.hasOwn(this.#fields, key) ? celValue(this.#fields[key]) : undefined;
  }

  has(key: unknown): boolean {
    return typeof key === 'string' && Object.hasOwn(this.#fields, key);
  }

  forEach(callback: (value: unknown, key: string, map: PresenceMap) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  *entries(): IterableIterator<[string, unknown]> {
    for (const [key, value] of Object.entries(this.#fields)) yield [key, celValue(value)];
  }

  keys(): IterableIterator<string> {
    return Object.keys(this.#fields)[Symbol.iterator]();
  }

  *values(): IterableIterator<unknown> {
    for (const value of Object.values(this.#fields)) yield celValue(value);
  }

  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    return this.entries();
  }
}

const converted = new WeakMap<object, unknown>();

/** A JSON value as CEL values: objects as maps that know null-valued keys (their fields converted when read), arrays as lists. Cached per object. */
export function celValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = converted.get(value);
  if (known !== undefined) return known;
  const made = Array.isArray(value) ? celList(value.map(celValue) as never) : new PresenceMap(value as Record<string, unknown>);
  converted.set(value, made);
  return made;
}

/** Lines joined with "; ", blank ones left out. */
function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** A result as Go's %v prints it, for the message of a result that is not a string. */
function goText(value: unknown): string {
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return String(value);
  if (value === null) return '<nil>';
  if (typeof value === 'object' && value !== null && Symbol.iterator in value) return 'a list or map';
  return String(value);
}
