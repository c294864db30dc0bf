import { isUtf8 } from 'node:buffer';
import yaml from 'js-yaml';
import { withEmptyEntriesMarked } from './empty-entries.js';
import { goFlowReading, mayReadFlowDifferently, restoreStandIns, withStandIns } from './go-flow.js';
import { LineIndex } from './line-index.js';
import { splitDocuments } from './split-documents.js';
import { MERGE_KEY_PREFIX, applyGoMerges } from './merge-keys.js';
import { utf8SequenceLength } from '../../core/utf8.js';

/*
 * Kubernetes reads YAML with go-yaml v2 (through sigs.k8s.io/yaml), which resolves plain scalars
 * by YAML 1.1 rules: `yes`/`on`/`y` are booleans and `0644` is octal. A scanner that read
 * `privileged: on` as a string would miss a privileged container the API server accepts, so
 * plain scalars are resolved here exactly as go-yaml v2 does. Quoted scalars stay strings.
 */

const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
]);
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, Number.NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Number.POSITIVE_INFINITY] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, Number.NEGATIVE_INFINITY] as const),
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const TIMESTAMP_PREFIX = /^[0-9]{4}-/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) falling back to ParseUint, as go-yaml v2 does; undefined when not an integer. */
function parseGoInt(plain: string): number | undefined {
  const value = parseGoBigInt(plain);
  return value === undefined ? undefined : Number(value);
}

/** parseGoInt's integer, exact (underscores already removed). */
export function parseGoBigInt(plain: string): bigint | undefined {
  const match = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1n : 1n;
  const digits = match[2] ?? '';
  let magnitude: bigint;
  if (/^0[oO]/.test(digits)) magnitude = BigInt(`0o${digits.slice(2)}`);
  else if (/^0[0-7]+$/.test(digits)) magnitude = BigInt(`0o${digits.slice(1)}`);
  else magnitude = BigInt(digits);
  const value = sign * magnitude;
  if (value < INT64_MIN || value > UINT64_MAX || (sign < 0n && value < INT64_MIN)) return undefined;
  return value;
}

type Resolved = { readonly value: unknown } | undefined;

/** strconv.ParseFloat refuses a number too large for a float64 (`1e999`): go-yaml then reads a string. */
function finiteFloat(text: string): Resolved {
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? { value } : undefined;
}

/*
 * `.inf` and `.nan` read as numbers, which no JSON holds: kubectl and the API server, which turn a
 * manifest into JSON, refuse a document with one as a value ("json: unsupported value: +Inf"). The
 * parser checks a document for them only when one was read (as a key, sigs.k8s.io/yaml writes it
 * as a string instead).
 */
let nonFiniteRead = false;

/** Whether `.inf` or `.nan` was read since the last call. */
export function takeNonFiniteRead(): boolean {
  const read = nonFiniteRead;
  nonFiniteRead = false;
  return read;
}

const NULL_VALUE: Resolved = { value: null };

/** Resolves a plain scalar as go-yaml v2; undefined means "a string". */
export function resolveGoYamlV2(text: string): Resolved {
  if (text === '') return NULL_VALUE;
  const first = text.charCodeAt(0);
  const isDigitOrSign = (first >= 48 && first <= 57) || first === 43 || first === 45;
  // Most scalars (keys above all) are words: only the short ones below can be anything but a string.
  if (!isDigitOrSign && first !== 46 && (text.length > 5 || !'yYnNtTfFoO~'.includes(text[0] ?? ''))) return undefined;

  const bool = BOOLS.get(text);
  if (bool !== undefined) return { value: bool };
  if (NULLS.has(text)) return NULL_VALUE;
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) {
    nonFiniteRead = true;
    return { value: special };
  }

  if (first === 46) return DOT_FLOAT.test(text) ? finiteFloat(text) : undefined;
  if (!isDigitOrSign) return undefined;

  // Timestamps decode to strings when the target is untyped, which is how Kubernetes reads manifests.
  if (TIMESTAMP_PREFIX.test(text)) return undefined;
  const plain = text.replaceAll('_', '');
  const int = parseGoInt(plain);
  if (int !== undefined) return { value: int };
  if (YAML_STYLE_FLOAT.test(plain)) return finiteFloat(plain);
  const negBinary = /^-0b([01]+)$/.exec(plain);
  if (negBinary?.[1]) return { value: -Number(BigInt(`0b${negBinary[1]}`)) };
  return undefined;
}

// js-yaml asks each implicit type in turn about the same scalar; remember the last answer.
let memoText: string | undefined;
let memoResult: Resolved;
function resolveMemo(text: string): Resolved {
  if (text !== memoText) {
    memoText = text;
    memoResult = resolveGoYamlV2(text);
  } else if (typeof memoResult?.value === 'number' && !Number.isFinite(memoResult.value)) nonFiniteRead = true;
  return memoResult;
}

const goPlainScalar = (tag: string, accept: (value: unknown) => boolean) =>
  new yaml.Type(tag, {
    kind: 'scalar',
    // An empty node (null here) is "" to go-yaml: `!!null` alone is null, `!!int` alone an error.
    resolve: (data: string | null) => {
      const resolved = resolveMemo(data ?? '');
      return resolved !== undefined && accept(resolved.value);
    },
    construct: (data: string | null) => resolveMemo(data ?? '')?.value ?? null,
  });

// `!!binary` decodes base64 (Go's standard encoding, padded; line breaks ignored, spaces not), and
// sigs.k8s.io/yaml turns the bytes into a JSON string: the decoded text, as Go's JSON encoder
// writes it.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64Text = (data: string | null) => (data ?? '').replace(/[\r\n]/g, '');
const binaryAsText = new yaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: string | null) => BASE64.test(base64Text(data)),
  construct: (data: string | null) => goJsonText(Buffer.from(base64Text(data), 'base64')),
});

/**
 * Bytes as Go's JSON encoder writes them into a string: each byte that does not start a valid
 * UTF-8 sequence becomes one U+FFFD (utf8.DecodeRune's rule), where a UTF-8 decoder would replace
 * a whole truncated sequence with one.
 */
export function goJsonText(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const size = utf8SequenceLength(bytes, i);
    text += size === 0 ? '\ufffd' : bytes.toString('utf8', i, i + size);
    i += size === 0 ? 1 : size;
  }
  return text;
}

/*
 * `!!timestamp` takes what go-yaml v2 parses as a timestamp (time.Parse with its four layouts, date
 * fields of one or two digits, days checked against the month) and refuses anything else; the
 * value stays the text, as go-yaml leaves a timestamp decoded into an untyped value.
 */
const GO_TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2})))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/;

export function isGoTimestamp(text: string): boolean {
  const m = GO_TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  const [hour = 0, minute = 0, second = 0] = [m[4] ?? m[9], m[5] ?? m[10], m[6] ?? m[11]].map(Number);
  if (hour > 23 || minute > 59 || second > 59) return false;
  // time.Parse takes zone offsets up to 24:60.
  return !(Number(m[7] ?? 0) > 24 || Number(m[8] ?? 0) > 60);
}

const timestampAsText = new yaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isGoTimestamp(data),
});

/*
 * Any other tag (CloudFormation's `!Ref`, mkdocs' `!!python/name:...`, `!!set`) is read as
 * go-yaml v2 reads it: the node as if untagged, a scalar as a string. js-yaml would stop at it
 * with "unknown tag", so a repository's mkdocs.yml would be a syntax error in a walk.
 */
const anyOtherTag = (kind: 'scalar' | 'sequence' | 'mapping', empty: unknown) =>
  new yaml.Type('', { kind, multi: true, resolve: () => true, construct: (data: unknown) => data ?? empty });

// A scalar (an empty node too) tagged `!!map` or `!!seq` is a string to go-yaml.
const scalarAsText = (tag: string) => new yaml.Type(tag, { kind: 'scalar', resolve: () => true, construct: (data: string | null) => data ?? '' });

let mergeKeys = 0;
let mergeKeyRead = false;

/** Whether a `<<` was read since the last call: the document needs applyGoMerges. */
export function takeMergeKeyRead(): boolean {
  const read = mergeKeyRead;
  mergeKeyRead = false;
  return read;
}

// A plain `<<` becomes a key of its own, unique per occurrence, so that js-yaml keeps it in place
// instead of merging by the YAML spec's rules; applyGoMerges (merge-keys.ts) merges as go-yaml v2.
const mergeKey = new yaml.Type('tag:rampart.dev,2026:merge-key', {
  kind: 'scalar',
  resolve: (data: unknown) => data === '<<',
  construct: () => {
    mergeKeyRead = true;
    return `${MERGE_KEY_PREFIX}${mergeKeys++}`;
  },
});
// Written out (`!!merge`), go-yaml v2 reads any other scalar as a string; the implicit type above
// stays the one plain scalars are resolved with.
const explicitMerge = new yaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: () => true, construct: (data: unknown) => data ?? '' });

export const KUBERNETES_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    goPlainScalar('tag:yaml.org,2002:null', (v) => v === null),
    goPlainScalar('tag:yaml.org,2002:bool', (v) => typeof v === 'boolean'),
    goPlainScalar('tag:yaml.org,2002:int', (v) => typeof v === 'number' && Number.isInteger(v)),
    goPlainScalar('tag:yaml.org,2002:float', (v) => typeof v === 'number'),
    mergeKey,
  ],
  explicit: [binaryAsText, explicitMerge, timestampAsText, scalarAsText('tag:yaml.org,2002:map'), scalarAsText('tag:yaml.org,2002:seq'), anyOtherTag('scalar', ''), anyOtherTag('sequence', []), anyOtherTag('mapping', {})],
});

/** js-yaml's load with the schema above and go-yaml v2's merge keys: what Rampart's own YAML files are read with. */
export function loadGoYaml(text: string, options: Omit<yaml.LoadOptions, 'schema'> = {}): unknown {
  const flow = withGoFlowReading(withEmptyEntriesMarked(text), options.filename);
  return withGoMerges([flow.restore(yaml.load(flow.text, { ...options, schema: KUBERNETES_SCHEMA }))], options.filename)[0];
}

/** loadGoYaml for a stream of documents. */
export function loadAllGoYaml(text: string, options: Omit<yaml.LoadOptions, 'schema'> = {}): unknown[] {
  const flow = withGoFlowReading(withEmptyEntriesMarked(text), options.filename);
  return withGoMerges(yaml.loadAll(flow.text, undefined, { ...options, schema: KUBERNETES_SCHEMA }).map(flow.restore), options.filename);
}

/**
 * The text js-yaml is to read so that its flow collections and anchor names read as go-yaml reads
 * them (go-flow.ts), and how to give the loaded values back their characters; what go-yaml refuses
 * is thrown as js-yaml's error would be, with its place.
 */
function withGoFlowReading(text: string, file: string | undefined): { readonly text: string; readonly restore: (value: unknown) => unknown } {
  const placeholders: number[] = [];
  for (const range of splitDocuments(text)) {
    const chunk = text.slice(range.start, range.end);
    if (!mayReadFlowDifferently(chunk)) continue;
    const reading = goFlowReading(text, range.start, range.end);
    if (reading.error) {
      const at = new LineIndex(text).position(reading.error.offset);
      throw new yaml.YAMLException(reading.error.reason, { name: file ?? null, buffer: text, position: reading.error.offset, line: at.line - 1, column: at.column - 1, snippet: null } as unknown as yaml.Mark);
    }
    placeholders.push(...reading.placeholders);
  }
  const standIns = placeholders.length > 0 ? withStandIns(text, placeholders) : undefined;
  return standIns === undefined ? { text, restore: (value) => value } : { text: standIns, restore: (value) => restoreStandIns(value) };
}

function withGoMerges(documents: unknown[], file: string | undefined): unknown[] {
  if (!takeMergeKeyRead()) return documents;
  for (const document of documents) {
    const error = applyGoMerges(document);
    if (error) throw new yaml.YAMLException(file ? `${error} in "${file}"` : error);
  }
  return documents;
}

/**
 * The name sigs.k8s.io/yaml gives a mapping key go-yaml read as a number: an integer's digits, and
 * a float's shortest form as a 32-bit float in Go's `%g` (`strconv.FormatFloat(f, 'g', -1, 32)`),
 * with `.inf`, `-.inf` and `.nan` for what has no digits. So `3.14159265358979: x` is the key
 * "3.1415927", `1e6: x` is "1e+06" and `.inf: x` is ".inf", as kubectl sends them.
 */
export function goNumberKey(plain: string, value: number): string {
  if (parseGoBigInt(plain.replaceAll('_', '')) !== undefined) return String(value);
  if (Number.isNaN(value)) return '.nan';
  const f = Math.fround(value);
  if (f === Number.POSITIVE_INFINITY) return '.inf';
  if (f === Number.NEGATIVE_INFINITY) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const magnitude = Math.abs(f);
  // The fewest significant digits that read back as the same 32-bit float.
  let exponential = magnitude.toExponential(8);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = magnitude.toExponential(digits - 1);
    if (Math.fround(Number(candidate)) === magnitude) {
      exponential = candidate;
      break;
    }
  }
  const [mantissa = '', exponentText = '0'] = exponential.split('e');
  const significant = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  const exponent = Number(exponentText);
  const sign = f < 0 ? '-' : '';
  // %g with the shortest precision: %e when the exponent is below -4 or at least 6 (Go's eprec).
  if (exponent < -4 || exponent >= 6) {
    const fraction = significant.length > 1 ? `.${significant.slice(1)}` : '';
    return `${sign}${significant[0]}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${significant}`;
  const whole = significant.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = significant.slice(exponent + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
