/*
 * Two ways in which Polaris' JSON Schema library (qri-io/jsonschema 0.2) reads `type` unlike the
 * standard, carried into a schema before ajv (or the interpreter) sees it:
 * - `boolean` also accepts a string Go's strconv.ParseBool reads ("true", "t", "1", "FALSE", ...);
 * - `integer` is a number without fraction that Go can convert to an int64 and back, so 1e19 is a
 *   number but no integer.
 * A `type` naming boolean or integer becomes an anyOf of what it accepts; the rest of the schema
 * is left as it is.
 */

const PARSE_BOOL = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
const INT64 = { minimum: -9223372036854775808, exclusiveMaximum: 9223372036854775808 };

/** Keywords whose value is a schema, a list of schemas, or a map of schemas. */
const ONE = ['not', 'if', 'then', 'else', 'items', 'additionalItems', 'contains', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
const LIST = ['anyOf', 'oneOf', 'allOf', 'items'];
const MAP = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/** `schema` with qri-io's readings of `type` spelled out; the same object when it names neither type. */
export function withQriTypes<T>(schema: T): T {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const source = schema as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const set = (key: string, value: unknown): void => {
    out ??= { ...source };
    out[key] = value;
  };
  for (const key of ONE) {
    const sub = source[key];
    if (sub !== null && typeof sub === 'object' && !Array.isArray(sub)) {
      const rewritten = withQriTypes(sub);
      if (rewritten !== sub) set(key, rewritten);
    }
  }
  for (const key of LIST) {
    const list = source[key];
    if (!Array.isArray(list)) continue;
    const rewritten = list.map((sub: unknown) => withQriTypes(sub));
    if (rewritten.some((sub, i) => sub !== list[i])) set(key, rewritten);
  }
  for (const key of MAP) {
    const map = source[key];
    if (map === null || typeof map !== 'object' || Array.isArray(map)) continue;
    const entries = Object.entries(map as Record<string, unknown>).map(([name, sub]) => [name, withQriTypes(sub)] as const);
    if (entries.some(([name, sub]) => sub !== (map as Record<string, unknown>)[name])) set(key, Object.fromEntries(entries));
  }
  const alternatives = typeAlternatives(source.type);
  if (alternatives) {
    out ??= { ...source };
    delete out.type;
    // An anyOf of the schema's own moves into an allOf beside the type's.
    if (out.anyOf !== undefined) out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), { anyOf: out.anyOf }];
    out.anyOf = alternatives;
  }
  return (out ?? source) as T;
}

/** What a `type` accepts in qri-io, as schemas ajv reads the standard way; undefined when it is standard already. */
function typeAlternatives(type: unknown): unknown[] | undefined {
  const types = typeof type === 'string' ? [type] : Array.isArray(type) && type.every((t) => typeof t === 'string') ? (type as string[]) : undefined;
  if (!types) return undefined;
  const looseBoolean = types.includes('boolean') && !types.includes('string');
  const narrowInteger = types.includes('integer') && !types.includes('number');
  if (!looseBoolean && !narrowInteger) return undefined;
  const others = types.filter((t) => !(narrowInteger && t === 'integer'));
  const alternatives: unknown[] = [];
  if (others.length > 0) alternatives.push({ type: others.length === 1 ? others[0] : others });
  if (narrowInteger) alternatives.push({ type: 'integer', ...INT64 });
  if (looseBoolean) alternatives.push({ type: 'string', enum: PARSE_BOOL });
  return alternatives;
}
