import { compareGo } from '../../pss/go.js';
import { GO_API_VERSIONS, GO_KINDS, GO_KINDS_OF_EVERY_VERSION, GO_STRUCTS, GO_UNVERSIONED_KINDS } from './go-types.generated.js';

/*
 * An object as kube-linter's CEL checks see it. kube-linter loads a manifest with client-go's
 * scheme (UniversalDeserializer, from the JSON that sigs.k8s.io/yaml makes of the YAML) into its
 * typed struct, then hands CEL json.Unmarshal(json.Marshal(obj)). That adds every field that is not
 * omitempty with its zero value (`status: {}`, a container's `resources: {}`, a Role's
 * `rules: null`), drops unknown fields, writes quantities in canonical form and times as RFC 3339
 * in UTC. The struct shapes come from go-types.generated.ts; test/oracles/go-json.oracle.test.ts
 * compares the result with Go's.
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

/** json.Unmarshal(json.Marshal(object)) as kube-linter loads the object; a plain copy when it does not decode into a type. */
export function goJsonForm(body: Record<string, unknown>): Record<string, unknown> {
  return goJson(body).form;
}

const MISMATCH = 'json: cannot unmarshal';

/** A decode error: whether its message holds MISMATCH decides how kube-linter goes on. */
class Abort {
  constructor(readonly mismatch: boolean) {}
}

export function goJson(body: Record<string, unknown>): GoJson {
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
      const state: DecodeState = {};
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
  if (value === null) return decodeNull(shape);
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
        const item = decoded.has(field.name) ? decoded.get(field.name) : zero(field.shape);
        if (field.omitEmpty && isEmpty(item, field.shape)) continue;
        if (field.omitZero && isZero(item, field.shape)) continue;
        setKey(out, field.name, item ?? null);
      }
      return out;
    }
    case 'B':
      return decodeBytes(value, state);
    case 'Q': {
      // Quantity's UnmarshalJSON parses the JSON text itself, a string without its quotes (not unescaped).
      const text = typeof value === 'string' ? value : typeof value === 'object' ? '{' : String(value);
      const parsed = typeof value === 'string' && GO_ESCAPED.test(value) ? undefined : quantityJson(text.replace(GO_SPACE_AT_ENDS, ''));
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
function decodeNull(shape: Shape): unknown {
  return shape.code === '*' || shape.code === '[' || shape.code === '{' || shape.code === 'B' ? NIL : zero(shape);
}

/** The marshaled zero value of a shape. */
function zero(shape: Shape): unknown {
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
      return decode({}, shape, {});
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


// ---------------------------------------------------------------------------------------------
// resource.Quantity: ParseQuantity, then MarshalJSON (a string it caches when already canonical, else CanonicalizeBytes)

/** Characters encoding/json escapes: in a quantity the backslash reaches the parser and fails it. */
// eslint-disable-next-line no-control-regex -- the control characters are the point
const GO_ESCAPED = /["\\<>&\u0000-\u001f\u2028\u2029]/;
/** What strings.TrimSpace trims (unicode.IsSpace) among the characters encoding/json leaves unescaped. */
const GO_SPACE_AT_ENDS = /^[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g;

type Format = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const DECIMAL_SI: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL_SI).map(([suffix, exponent]) => [exponent, suffix]));
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const INT64_MAX = 2n ** 63n - 1n;

/** The JSON string Quantity marshals to after parsing `str`; undefined where ParseQuantity fails. */
export function quantityJson(str: string): string | undefined {
  if (str === '') return undefined;
  if (str === '0') return '0';
  const scanned = scanQuantity(str);
  if (!scanned) return undefined;
  const { positive, value, num, denom, suffix } = scanned;

  let base: 2 | 10;
  let exponent: number;
  let format: Format;
  if (Object.hasOwn(DECIMAL_SI, suffix)) [base, exponent, format] = [10, DECIMAL_SI[suffix]!, 'DecimalSI'];
  else if (Object.hasOwn(BINARY_SI, suffix)) [base, exponent, format] = [2, BINARY_SI[suffix]!, 'BinarySI'];
  else {
    if (suffix.length < 2 || (suffix[0] !== 'e' && suffix[0] !== 'E') || !/^[+-]?\d+$/.test(suffix.slice(1))) return undefined;
    const parsed = BigInt(suffix.slice(1));
    if (BigInt.asIntN(64, parsed) !== parsed) return undefined;
    [base, exponent, format] = [10, Number(BigInt.asIntN(32, parsed)), 'DecimalExponent'];
  }

  // The int64 fast path, which keeps the text as written when it looks canonical.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc(Math.fround(exponent) * 3 / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const n = BigInt(shifted);
      const product = n * mantissa;
      if (product <= INT64_MAX) {
        const cached = format === 'BinarySI' ? exponent % 10 === 0 && (n & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        if (cached) return str;
        return canonical(positive ? product : -product, scale, format);
      }
    }
  }

  // The inf.Dec path: needs a digit; rounds up to the nanounit; BinarySI is capped at the int64 maximum.
  if (!/\d/.test(value)) return undefined;
  const fraction = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  let unscaled = BigInt(value.replace(/^[+-]/, '').replace('.', '') || '0');
  let exp10 = -fraction;
  if (base === 10) exp10 += exponent;
  else unscaled <<= BigInt(exponent);
  if (unscaled !== 0n && exp10 < -9) {
    const drop = -9 - exp10;
    if (drop >= unscaled.toString().length) unscaled = 1n;
    else {
      const unit = 10n ** BigInt(drop);
      unscaled = (unscaled + unit - 1n) / unit;
    }
    exp10 = -9;
  }
  if (format === 'BinarySI') {
    if (exp10 >= 0 ? unscaled * 10n ** BigInt(exp10) > INT64_MAX : unscaled > INT64_MAX * 10n ** BigInt(-exp10)) [unscaled, exp10] = [INT64_MAX, 0];
    if (exp10 < 0 && unscaled !== 0n && unscaled < 10n ** BigInt(-exp10)) format = 'DecimalSI';
  }
  return canonical(positive ? unscaled : -unscaled, exp10, format);
}

/** parseQuantityString: sign, digits (leading zeros dropped), fraction, and suffix. */
function scanQuantity(str: string): { positive: boolean; value: string; num: string; denom: string; suffix: string } | undefined {
  const match = /^([+-]?)(0*)(\d*)(?:(\.)(\d*))?/.exec(str)!;
  const [whole, sign, , digits, point, fraction = ''] = match;
  const positive = sign !== '-';
  // Only zeros (after the sign): zero, whatever follows.
  if (digits === '' && point === undefined && whole.length === str.length) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  const rest = str.slice(whole.length);
  if (!/^[eEinumkKMGTP]*[+-]?\d*$/.test(rest)) return undefined;
  return { positive, value: whole, num: digits || '0', denom: fraction, suffix: rest };
}

/** Quantity.CanonicalizeBytes of the amount unscaled * 10^exp10. */
function canonical(unscaled: bigint, exp10: number, format: Format): string {
  if (unscaled === 0n) return '0';
  if (format === 'BinarySI') {
    const integer = exp10 >= 0 ? unscaled * 10n ** BigInt(exp10) : undefined;
    const exact = integer !== undefined || unscaled % 10n ** BigInt(-exp10) === 0n;
    const whole = integer ?? unscaled / 10n ** BigInt(-exp10);
    if (exact && (whole <= -1024n || whole >= 1024n)) {
      let [amount, times] = [whole, 0];
      while ((amount >= 1024n || amount <= -1024n) && amount % 1024n === 0n) [amount, times] = [amount / 1024n, times + 1];
      return `${amount}${BINARY_SUFFIX[times]}`;
    }
    format = 'DecimalSI';
  }
  let [amount, exponent] = [unscaled, exp10];
  while (amount % 10n === 0n) [amount, exponent] = [amount / 10n, exponent + 1];
  while (exponent % 3 !== 0) [amount, exponent] = [amount * 10n, exponent - 1];
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  // Upstream writes no suffix past E (10^18) rather than fail.
  return `${amount}${DECIMAL_SUFFIX.get(exponent) ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// metav1.Time (RFC 3339, written in UTC without fraction) and metav1.MicroTime (six fraction digits)

/**
 * time.Parse with layout RFC3339 (or RFC3339Micro), as its general parser reads it (the fast path
 * accepts a subset with the same result): a one-digit hour, a comma before the fraction, and zone
 * offsets up to 24:60 pass. The marshaled text, null for the zero time; undefined if it does not parse.
 */
function goTime(text: string, micro: boolean): string | null | undefined {
  const match = micro
    ? /^(\d{4})-(\d\d)-(\d\d)T(\d\d?):(\d\d):(\d\d)[.,]([+-]?\d*)(Z|[+-]\d\d:\d\d)$/.exec(text)
    : /^(\d{4})-(\d\d)-(\d\d)T(\d\d?):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  // RFC3339Micro: exactly six characters after the point, which time's atoi reads with an optional sign.
  if (micro && (frac.length !== 6 || /^-\d*[1-9]/.test(frac))) return undefined;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day < 1 || day > daysIn(year, month)) return undefined;
  let offset = 0;
  if (zone !== 'Z') {
    const [zh, zm] = [Number(zone!.slice(1, 3)), Number(zone!.slice(4, 6))];
    if (zh > 24 || zm > 60) return undefined;
    offset = (zone![0] === '-' ? -1 : 1) * (zh * 60 + zm) * 60;
  }
  // Six characters are one integer of microseconds (a sign shifts the digits); more digits of a
  // fraction after RFC 3339 seconds are cut at nanoseconds.
  const nanos = micro ? Math.abs(Number(frac)) * 1000 : Number(frac.slice(0, 9).padEnd(9, '0'));
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (seconds === daysFromCivil(1, 1, 1) * 86400 && nanos === 0) return null;
  const days = Math.floor(seconds / 86400);
  const clock = seconds - days * 86400;
  const [uy, um, ud] = civilFromDays(days);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${uy < 0 ? '-' + pad(-uy, 4) : pad(uy, 4)}-${pad(um)}-${pad(ud)}`;
  const time = `${pad(Math.floor(clock / 3600))}:${pad(Math.floor(clock / 60) % 60)}:${pad(clock % 60)}`;
  return `${date}T${time}${micro ? '.' + pad(Math.floor(nanos / 1000), 6) : ''}Z`;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
