import { searchMatcher } from '../../core/full-match.js';

/*
 * The building blocks of the JSON Schemas kube-linter's template checks become: its string
 * matcher (matcher.ForString: a pattern found anywhere, `!` negating it, "" matching anything)
 * over fields Go reads as "" when missing, and the capability and map tests of its templates.
 */

export type Schema = Record<string, unknown>;

/** A list parameter as kube-linter decodes it: its strings as written (a comma belongs to a pattern such as `a{1,3}`). */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The characters Go's strings.TrimSpace removes (unicode.IsSpace), in a character class. */
export const GO_SPACE = '\\t\\n\\v\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}';

/** kube-linter's "all" capability: `^(?i)all$`, found anywhere (so the whole value, any case). */
const ALL = { type: 'string', pattern: '^(?i)all$' };
export const isAll = (value: string) => /^all$/i.test(value);

/** A capability matcher (matcher.ForString): "" matches any capability. */
function capability(pattern: string): Schema | boolean {
  return pattern === '' ? true : matcherSchema(pattern);
}

/** forbiddenCapabilities ["all"]: every added capability is an exception, and the drop list holds "all". */
export function forbidAllCapabilities(exceptions: readonly string[]): Schema {
  const excepted = exceptions.map(capability);
  const add = excepted.includes(true) ? true : excepted.length === 0 ? false : { anyOf: excepted };
  return { type: 'object', required: ['drop'], properties: { add: { type: 'array', items: add }, drop: { type: 'array', contains: ALL } } };
}

/** Other forbiddenCapabilities: no added capability matches one (or is "all"), and each is dropped (or "all" is). */
export function forbidSomeCapabilities(forbidden: readonly string[]): Schema {
  const matchers = forbidden.map(capability);
  const added = matchers.includes(true) ? false : { not: { anyOf: [...matchers, ALL] } };
  const dropped = matchers.map((m) => ({ contains: m === true ? true : { anyOf: [m, ALL] } }));
  return { type: 'object', required: ['drop'], properties: { add: { type: 'array', items: added }, drop: { type: 'array', allOf: dropped } } };
}

/** A string parameter as kube-linter decodes it: "" when unset. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** kube-linter's string matcher (matcher.ForString) on a string: a pattern found anywhere, or with a leading `!` not found. Never "" here. */
export function matcherSchema(pattern: string): Schema {
  return pattern.startsWith('!') ? { type: 'string', not: { pattern: pattern.slice(1) } } : { type: 'string', pattern };
}

/** Whether kube-linter's matcher for `pattern` accepts `value` ("" accepts anything). */
function matcherAccepts(pattern: string, value: string): boolean {
  if (pattern === '') return true;
  return pattern.startsWith('!') ? !matches(pattern.slice(1), value) : matches(pattern, value);
}

/** The string field `name` of an object, read as Go reads it (missing is ""), is accepted by the matcher for `pattern`. */
export function fieldMatches(name: string, pattern: string): Schema | boolean {
  if (pattern === '') return true;
  const present = { required: [name], properties: { [name]: matcherSchema(pattern) } };
  return matcherAccepts(pattern, '') ? { anyOf: [present, { not: { required: [name] } }] } : present;
}

/** A port's protocol, TCP when unset or empty (as kube-linter reads it), is accepted by the matcher for `pattern`. */
export function protocolMatches(pattern: string): Schema | boolean {
  if (pattern === '') return true;
  const written = { required: ['protocol'], properties: { protocol: { allOf: [{ type: 'string', minLength: 1 }, matcherSchema(pattern)] } } };
  if (!matcherAccepts(pattern, 'TCP')) return written;
  return { anyOf: [written, { not: { required: ['protocol'] } }, { properties: { protocol: { const: '' } } }] };
}

export function allOf(...schemas: Array<Schema | boolean>): Schema | boolean {
  if (schemas.includes(false)) return false;
  const kept = schemas.filter((s): s is Schema => s !== true);
  return kept.length === 0 ? true : kept.length === 1 ? kept[0]! : { allOf: kept };
}

export function negate(schema: Schema | boolean): Schema | boolean {
  return typeof schema === 'boolean' ? !schema : { not: schema };
}


/** A map of strings none of whose entries has a key matching `key` and a value matching `value` (patternProperties, or additionalProperties for a negated key). */
export function everyEntryFails(key: string, value: string): Schema {
  const valueFails: Schema | boolean = value === '' ? false : value.startsWith('!') ? { pattern: value.slice(1) } : { not: { pattern: value } };
  return key.startsWith('!') ? { patternProperties: { [key.slice(1)]: true }, additionalProperties: valueFails } : { patternProperties: { [key]: valueFails } };
}

export function matches(pattern: string, value: string): boolean {
  try {
    return searchMatcher(pattern)(value);
  } catch {
    return false;
  }
}
