import { compareGo } from '../../pss/go.js';
import { decodeQuantity } from './go-quantity.js';
import { goTime } from './go-time.js';
import { GO_API_VERSIONS, GO_KINDS, GO_KINDS_OF_EVERY_VERSION, GO_STRUCTS, GO_UNVERSIONED_KINDS } from './go-types.generated.js';

/*
 * An object as kube-linter's CEL checks see it. kube-linter loads a manifest with client-go's
 * scheme (UniversalDeserializer, from the JSON that sigs.k8s.io/yaml makes of the YAML) into its
 * typed struct, then hands CEL json.Unmarshal(json.Marshal(obj)). That adds every field that is not
 * omitempty with its zero value (`status: {}`, a container's `resources: {}`, a Role's
 * `rules: null`), drops unknown fields, writes quantities in canonical form and times as RFC 3339
 * in UTC. The struct shapes come from go-types.generated.ts (client-go v0.37.2);
 * test/oracles/go-json.oracle.test.ts compares the result with Go's. kube-linter's own
 * apimachinery (v0.32.1) differs from it in one tag: no `omitzero` on creationTimestamp, which it
 * writes as `null` (KUBE_LINTER_JSON).
 *
 * How kube-linter loads (pkg/lintcontext/parse_yaml.go): an error that says "json: cannot
 * unmarshal" (a value of the wrong JSON type) makes the object unloadable; any other error (a kind
 * the scheme does not know, a quantity or time that does not parse, bad base64) makes it fall back
 * to an unstructured map, kept as written. An object without object metadata (Status, the option
 * kinds) is refused too.
 */

export interface GoJson {
  /** What kube-linter's CEL sees as `object`: the typed round trip, else a plain copy. */
  readonly form: Record<string, unknown>;
  /**
   * `typed`: decoded into its client-go type. `unstructured`: kept as written (a kind the scheme
   * does not know, or a value its type's own decoder refuses). `unloadable`: kube-linter refuses
   * the object (a value of the wrong JSON type, no kind), and `form` is the plain copy.
   */
  readonly decoding: 'typed' | 'unstructured' | 'unloadable';
}

export interface GoJsonOptions {
  /**
   * Whether `omitzero` tags are honoured, as the types of the table (client-go v0.37.2) write
   * them: the zero `creationTimestamp` of ObjectMeta is left out (true when unset). kube-linter
   * builds with k8s.io/apimachinery v0.32.1, whose types have no `omitzero`: encoding/json writes
   * that time as `null`, in the object's metadata and in a pod template's (KUBE_LINTER_JSON).
   */
  readonly omitZero?: boolean;
}

/** What kube-linter's CEL checks see: the types as apimachinery v0.32.1 writes them. */
export const KUBE_LINTER_JSON: GoJsonOptions = { omitZero: false };

/** json.Unmarshal(json.Marshal(object)) as kube-linter loads the object; a plain copy when it does not decode into a type. */
export function goJsonForm(body: Record<string, unknown>, options: GoJsonOptions = {}): Record<string, unknown> {
  return goJson(body, options).form;
}

const MISMATCH = 'json: cannot unmarshal';

/** A decode error: whether its message holds MISMATCH decides how kube-linter goes on. */
class Abort {
  constructor(readonly mismatch: boolean) {}
}

export function goJson(body: Record<string, unknown>, options: GoJsonOptions = {}): GoJson {
  const plain = (): Record<string, unknown> => plainCopy(body) as Record<string, unknown>;
  // The deserializer first reads apiVersion and kind with encoding/json, whose field names match
  // case-insensitively; a value of another type than string fails the whole load.
  let apiVersion = '';
  let kind = '';
  for (const [key, value] of goEntries(body)) {
    const folded = goFold(key);
    if (folded !== 'APIVERSION' && folded !== 'KIND') continue;
    if (value === null) continue;
    if (typeof value !== 'string') return { form: plain(), decoding: 'unloadable' };
    if (folded === 'KIND') kind = goString(value);
    else apiVersion = goString(value);
  }
  const gv = parseGroupVersion(apiVersion);
  let error: Abort;
  if (!gv) error = new Abort(apiVersion.includes(MISMATCH));
  // The error of a missing kind or version quotes the whole object.
  else if (kind === '' || gv.version === '') error = new Abort(JSON.stringify(body).includes(MISMATCH));
  else {
    const version = gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
    let root = GO_KINDS[`${version} ${kind}`] ?? (KNOWN_VERSIONS.has(version) ? GO_KINDS_OF_EVERY_VERSION[kind] : undefined) ?? GO_UNVERSIONED_KINDS[kind];
    if (root === undefined) error = new Abort(`${kind} ${version}`.includes(MISMATCH));
    else {
      const metadata = !root.startsWith('-');
      if (!metadata) root = root.slice(1);
      const state: DecodeState = { omitZero: options.omitZero !== false };
      try {
        const form = decode(body, { code: '@', name: root }, state) as Record<string, unknown>;
        if (state.saved === undefined) return metadata ? { form, decoding: 'typed' } : { form: plain(), decoding: 'unloadable' };
        error = state.saved;
      } catch (thrown) {
        if (!(thrown instanceof Abort)) throw thrown;
        error = thrown;
      }
    }
  }
  if (error.mismatch) return { form: plain(), decoding: 'unloadable' };
  // The unstructured decoder takes a top-level `items` for a list, which kube-linter refuses, and
  // needs a kind (read case-sensitively now) and an apiVersion that parses.
  const exact = (key: string): unknown => (Object.hasOwn(body, key) ? body[key] : undefined);
  const exactKind = exact('kind');
  const exactVersion = exact('apiVersion');
  const loads =
    !Object.hasOwn(body, 'items') &&
    typeof exactKind === 'string' &&
    exactKind !== '' &&
    (typeof exactVersion !== 'string' || parseGroupVersion(goString(exactVersion)) !== undefined);
  return { form: plain(), decoding: loads ? 'unstructured' : 'unloadable' };
}

const KNOWN_VERSIONS = new Set(GO_API_VERSIONS);

/** schema.ParseGroupVersion. */
function parseGroupVersion(text: string): { group: string; version: string } | undefined {
  if (text === '' || text === '/') return { group: '', version: '' };
  const parts = text.split('/');
  if (parts.length === 1) return { group: '', version: text };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

/** encoding/json's folding of names: ASCII upper case, and the smallest of a letter's simple case folds (the Kelvin sign is K, long s is S). */
function goFold(key: string): string {
  return key.replace(/\u212a/g, 'K').replace(/\u017f/g, 'S').replace(/[a-z]+/g, (s) => s.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// Shapes (the syntax is described in test/oracles/go-json/cmd/gen/main.go)

type Shape =
  | { readonly code: 's' | 'b' | 'i' | 'l' | 'f' | 'B' | 'Q' | 'N' | 'T' | 'M' | 'R' }
  | { readonly code: '*' | '[' | '{'; readonly of: Shape }
  | { readonly code: '@'; readonly name: string };

interface Field {
  readonly name: string;
  readonly omitEmpty: boolean;
  readonly omitZero: boolean;
  readonly shape: Shape;
}

function parseShape(text: string): Shape {
  const code = text[0];
  switch (code) {
    case '*':
    case '[':
    case '{':
      return { code, of: parseShape(text.slice(1)) };
    case '@':
      return { code, name: text.slice(1) };
    case 's': case 'b': case 'i': case 'l': case 'f': case 'B': case 'Q': case 'N': case 'T': case 'M': case 'R':
      if (text.length === 1) return { code };
  }
  throw new Error(`go-types.generated.ts: unknown shape ${text}`);
}

const structCache = new Map<string, { readonly list: readonly Field[]; readonly byName: ReadonlyMap<string, Field> }>();

function structFields(name: string): { readonly list: readonly Field[]; readonly byName: ReadonlyMap<string, Field> } {
  let known = structCache.get(name);
  if (!known) {
    const text = GO_STRUCTS[name];
    if (text === undefined) throw new Error(`go-types.generated.ts: no struct ${name}`);
    const list = text === '' ? [] : text.split(',').map((part): Field => {
      const colon = part.indexOf(':');
      const flags = /[?!]*$/.exec(part.slice(0, colon))![0];
      return { name: part.slice(0, colon - flags.length), omitEmpty: flags.includes('?'), omitZero: flags.includes('!'), shape: parseShape(part.slice(colon + 1)) };
    });
    known = { list, byName: new Map(list.map((f) => [f.name, f])) };
    structCache.set(name, known);
  }
  return known;
}

// ---------------------------------------------------------------------------------------------
// Decoding into a shape and marshaling it again, in one walk

interface DecodeState {
  /** Whether omitzero tags are honoured (GoJsonOptions). */
  readonly omitZero: boolean;
  /** encoding/json keeps decoding after a type error and reports the first one at the end. */
  saved?: Abort;
}

/** Go's nil (pointer, slice, map): marshals as null, empty for omitempty. */
const NIL = undefined;

function save(state: DecodeState, mismatch = true): undefined {
  state.saved ??= new Abort(mismatch);
  return NIL;
}

/**
 * The marshaled form of `value` decoded into `shape`. Once an error is saved the result no longer
 * matters (the form is dropped), so wrong-typed values just yield nil.
 */
function decode(value: unknown, shape: Shape, state: DecodeState): unknown {
  if (value === null) return decodeNull(shape, state);
  switch (shape.code) {
    case 's':
      return typeof value === 'string' ? goString(value) : save(state);
    case 'b':
      return typeof value === 'boolean' ? value : save(state);
    case 'i':
    case 'l':
      return typeof value === 'number' && inRange(value, shape.code === 'i' ? 32 : 64) ? value + 0 : save(state);
    case 'f':
      return typeof value === 'number' ? value + 0 : save(state);
    case '*':
      return decode(value, shape.of, state);
    case '[':
      if (!Array.isArray(value)) return save(state);
      return value.map((item) => decode(item, shape.of, state) ?? null);
    case '{': {
      if (!isObject(value)) return save(state);
      const out: Record<string, unknown> = {};
      for (const [key, item] of goEntries(value)) setKey(out, key, decode(item, shape.of, state) ?? null);
      return out;
    }
    case '@': {
      if (!isObject(value)) return save(state);
      const { list, byName } = structFields(shape.name);
      const decoded = new Map<string, unknown>();
      for (const [key, item] of goEntries(value)) {
        const field = byName.get(key);
        if (field) decoded.set(key, decode(item, field.shape, state));
      }
      const out: Record<string, unknown> = {};
      for (const field of list) {
        const item = decoded.has(field.name) ? decoded.get(field.name) : zero(field.shape, state);
        if (field.omitEmpty && isEmpty(item, field.shape)) continue;
        if (field.omitZero && state.omitZero && isZero(item, field.shape)) continue;
        setKey(out, field.name, item ?? null);
      }
      return out;
    }
    case 'B':
      return decodeBytes(value, state);
    case 'Q': {
      const parsed = decodeQuantity(value);
      if (parsed === undefined) throw new Abort(false);
      return parsed;
    }
    case 'N':
      // IntOrString's UnmarshalJSON hands the value to json.Unmarshal: a string or an int32.
      if (typeof value === 'string') return goString(value);
      if (typeof value === 'number' && inRange(value, 32)) return value + 0;
      throw new Abort(true);
    case 'T':
    case 'M': {
      if (typeof value !== 'string') throw new Abort(true);
      const text = goString(value);
      const formatted = goTime(text, shape.code === 'M');
      // time.Parse's error quotes the text, which may hold the words kube-linter looks for.
      if (formatted === undefined) throw new Abort(text.includes(MISMATCH));
      return formatted;
    }
    case 'R':
      return plainCopy(value);
  }
}

/** JSON null decoded into a fresh value of the shape: nil, or the zero value (structs and scalars ignore it). */
function decodeNull(shape: Shape, state: DecodeState): unknown {
  return shape.code === '*' || shape.code === '[' || shape.code === '{' || shape.code === 'B' ? NIL : zero(shape, state);
}

/** The marshaled zero value of a shape. */
function zero(shape: Shape, state: DecodeState): unknown {
  switch (shape.code) {
    case 's':
      return '';
    case 'b':
      return false;
    case 'i': case 'l': case 'f': case 'N':
      return 0;
    case 'Q':
      return '0';
    case 'T': case 'M': case 'R':
      return null;
    case '@':
      return decode({}, shape, { omitZero: state.omitZero });
    default:
      return NIL;
  }
}

/** encoding/json's omitempty: false, 0, "", nil, an empty slice or map; never a struct. */
function isEmpty(value: unknown, shape: Shape): boolean {
  switch (shape.code) {
    case 's': case 'b': case 'i': case 'l': case 'f':
      return value === '' || value === false || value === 0;
    case '*':
      return value === NIL;
    case '[':
      return value === NIL || (value as unknown[]).length === 0;
    case '{':
      return value === NIL || Object.keys(value as object).length === 0;
    case 'B':
      return value === NIL || value === '';
    default:
      return false;
  }
}

/** omitzero: the zero value (a time's IsZero); the generator allows it on these shapes only. */
function isZero(value: unknown, shape: Shape): boolean {
  switch (shape.code) {
    case 'T': case 'M':
      return value === null;
    case '[': case '{': case 'B':
      return value === NIL;
    default:
      return isEmpty(value, shape);
  }
}

/** Whether a JSON number is an integer literal ParseInt reads within intN (its text, as JSON.stringify and Go write it). */
function inRange(value: number, bits: 32 | 64): boolean {
  const text = String(value);
  if (!/^-?\d+$/.test(text)) return false;
  const n = BigInt(text);
  return BigInt.asIntN(bits, n) === n;
}

/** []byte: base64 (StdEncoding: padded, line breaks skipped), or a JSON array of bytes. */
function decodeBytes(value: unknown, state: DecodeState): unknown {
  if (typeof value === 'string') {
    const text = value.replace(/[\r\n]/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return save(state, false);
    return Buffer.from(text, 'base64').toString('base64');
  }
  if (!Array.isArray(value)) return save(state);
  const bytes = value.map((item) => (item === null ? 0 : typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= 255 ? item : save(state)));
  return state.saved ? NIL : Buffer.from(bytes as number[]).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// Plain values: strings and keys as Go reads them, keys in the order of Go's sorted maps

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates (JSON.stringify writes them as escapes) become U+FFFD in Go. */
function goString(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A JSON value as Go's map[string]any round trip gives it back. */
function plainCopy(value: unknown): unknown {
  if (typeof value === 'string') return goString(value);
  // -0 is written 0 (JSON.stringify).
  if (typeof value === 'number') return value + 0;
  if (Array.isArray(value)) return value.map(plainCopy);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of goEntries(value)) setKey(out, key, plainCopy(item));
  return out;
}

/**
 * An object's entries in the order Go's decoder meets them: sigs.k8s.io/yaml writes the JSON of a
 * manifest from Go maps, with keys sorted by bytes (code points); keys that become equal once lone
 * surrogates are replaced keep the last value.
 */
function goEntries(value: Record<string, unknown>): [string, unknown][] {
  const entries = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) {
    const fixed = goString(key);
    entries.delete(fixed);
    entries.set(fixed, item);
  }
  return [...entries].sort(([a], [b]) => compareGo(a, b));
}
