import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import { quantityValue } from '../checks/workload/resources.js';
import { searchMatcher } from '../core/full-match.js';
import { pointerTokens } from '../core/json-pointer.js';
import { POLARIS_FORMATS } from './formats/formats.js';
import { useJsonEqualInAjv } from './json-equal.js';
import { withQriTypes } from './qri-types.js';
import { type InterpretedError, SchemaInterpreter } from './schema-interpreter.js';

/*
 * JSON Schema (draft 2019-09, the dialect Polaris loads; draft-07 schemas read the same) for
 * custom rules, read as Polaris' library reads it rather than as a plain validator would:
 * - a `pattern` is a RE2 pattern, matched by re2js in time linear in the input (a user's pattern
 *   cannot hang the scan, and Go's syntax is what Polaris users wrote);
 * - the keywords `resourceMinimum` and `resourceMaximum` compare Kubernetes quantities (`100m`, `6G`);
 * - `format` asserts: the formats the library knows are checked as it checks them
 *   (formats/formats.ts), any other is an annotation;
 * - `type: boolean` and `type: integer` as qri-types.ts says.
 */

/** Finds `pattern` anywhere in the string, as JSON Schema's `pattern` does. */
function re2(pattern: string): { test: (s: string) => boolean; toString: () => string } {
  // ajv keys compiled patterns by their text.
  return { test: searchMatcher(pattern), toString: () => `re2:${pattern}` };
}
re2.code = 're2js';

/** The quantity keywords, each with when an amount fails its limit. */
const QUANTITY_KEYWORDS = {
  resourceMinimum: (amount: number, limit: number) => amount < limit,
  resourceMaximum: (amount: number, limit: number) => amount > limit,
};

/** An ajv instance of this dialect; `optimize` false for schemas compiled once and used once. */
function makeAjv(optimize: boolean): Ajv2019 {
  useJsonEqualInAjv();
  const formats = Object.fromEntries(Object.entries(POLARIS_FORMATS).map(([name, validate]) => [name, { type: 'string' as const, validate }]));
  // ajv warns of each format it does not know, which are annotations here as in Polaris.
  const logger = { log: () => undefined, warn: () => undefined, error: (...args: unknown[]) => console.error(...args) };
  const made = new Ajv2019({ allErrors: false, strict: false, formats, logger, verbose: true, code: { regExp: re2 as never, optimize } });
  for (const [keyword, fails] of Object.entries(QUANTITY_KEYWORDS)) {
    made.addKeyword({
      keyword,
      schemaType: 'string',
      errors: false,
      compile: (limit: string) => {
        const bound = quantityValue(limit);
        if (bound === undefined) throw new Error(`${keyword}: "${limit}" is not a Kubernetes quantity (100m, 2, 256Mi, 6G)`);
        // Polaris fails a value that is no quantity string (`cpu: 1` written as a number too).
        return (data: unknown) => {
          const amount = typeof data === 'string' ? quantityValue(data) : undefined;
          return amount !== undefined && !fails(amount, bound);
        };
      },
    });
  }
  return made;
}

const ajv = makeAjv(true);
const interpreter = new SchemaInterpreter(ajv, QUANTITY_KEYWORDS, POLARIS_FORMATS);

export interface SchemaFailure {
  /** The path of the offending value within the document checked. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** A compiled schema: the first failure of a document, or undefined when it is valid. */
export type SchemaValidator = (document: unknown) => SchemaFailure | undefined;

/** Compiles a schema; throws an Error whose message says what is wrong with it. */
export function compileSchema(schema: Record<string, unknown>): SchemaValidator {
  return validatorOf(compiled(schema));
}

/** A validator walking the schema (schema-interpreter.ts), or undefined when it holds keywords the walk leaves to ajv. */
function walkedValidator(schema: Record<string, unknown>): SchemaValidator | undefined {
  const walk = interpreter.validator(schema);
  if (!walk) return undefined;
  return (document) => {
    const error = walk(document);
    return error ? failureAt(error.path, error) : undefined;
  };
}

/** compileSchema for a schema made for one object (a rendered template), of which a scan may compile thousands. */
export function compileTransientSchema(schema: Record<string, unknown>): SchemaValidator {
  // Walked rather than compiled when it can be (schema-interpreter.ts), once the meta-schema
  // accepts it; ajv compiles the rest and says what is wrong with a schema it refuses.
  const { $schema: _dialect, ...rest } = schema;
  const walk = ajv.validateSchema(rest) === true ? walkedValidator(withQriTypes(rest)) : undefined;
  if (walk) return walk;
  // An instance's shared scope grows with every schema it compiles (about 6 KB each), removed or
  // not: a fresh instance every so often lets the old one go with the last of its validators.
  // Without optimizing, ajv compiles such a schema in a quarter of the time.
  if (transientCompiled++ % TRANSIENT_PER_INSTANCE === 0) transientAjv = makeAjv(false);
  return validatorOf(compiled(schema, transientAjv));
}

const TRANSIENT_PER_INSTANCE = 1000;
let transientCompiled = 0;
let transientAjv = ajv;

function compiled(schema: Record<string, unknown>, instance = ajv): ValidateFunction {
  // The dialect is ours: Polaris' checks name 2019-09 and draft-07 by URIs ajv does not know (http, no #).
  const { $schema: _dialect, ...rest } = schema;
  try {
    try {
      return instance.compile(withQriTypes(rest));
    } catch {
      // Compiled as written, for ajv to say what is wrong with the schema the user wrote.
      return instance.compile(rest);
    }
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function validatorOf(validate: ValidateFunction): SchemaValidator {
  return (document) => {
    if (validate(document)) return undefined;
    const error = validate.errors?.[0];
    return error ? failureOf(error, document) : { path: [], message: 'does not match the schema' };
  };
}

const quantityString = (data: unknown) => typeof data === 'string' && quantityValue(data) !== undefined;
// A value is named only when it is a quantity: any other string could be a secret's.
const MESSAGES: Readonly<Record<string, (error: ErrorFacts) => string>> = {
  not: () => 'matches what the schema\'s "not" forbids',
  resourceMinimum: (e) => (quantityString(e.data) ? `${JSON.stringify(e.data)} is below the minimum of ${String(e.schema)}` : 'is no quantity string'),
  resourceMaximum: (e) => (quantityString(e.data) ? `${JSON.stringify(e.data)} is above the maximum of ${String(e.schema)}` : 'is no quantity string'),
};

/** What an error of ajv's or of the interpreter's tells: its keyword, message, and (verbose) the data and schema value. */
type ErrorFacts = Pick<ErrorObject, 'keyword' | 'message' | 'data' | 'schema'> | InterpretedError;

/** The error's place in the document (array indices as numbers) and what it says. */
function failureOf(error: ErrorObject, document: unknown): SchemaFailure {
  const tokens = pointerTokens(error.instancePath);
  const path: Array<string | number> = [];
  let current = document;
  for (const token of tokens) {
    const index = Array.isArray(current) ? Number(token) : undefined;
    path.push(index ?? token);
    current = index !== undefined ? (current as unknown[])[index] : (current as Record<string, unknown> | undefined)?.[token];
  }
  return failureAt(path, error);
}

function failureAt(path: ReadonlyArray<string | number>, error: ErrorFacts): SchemaFailure {
  const at = path.length > 0 ? `${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')} ` : '';
  const text = MESSAGES[error.keyword]?.(error) ?? error.message ?? 'does not match the schema';
  return { path, message: `${at}${text}` };
}
