import yaml from 'js-yaml';

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
  return Number(value);
}

type Resolved = { readonly value: unknown } | undefined;

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
  if (special !== undefined) return { value: special };

  if (first === 46) return DOT_FLOAT.test(text) ? { value: Number.parseFloat(text) } : undefined;
  if (!isDigitOrSign) return undefined;

  // Timestamps decode to strings when the target is untyped, which is how Kubernetes reads manifests.
  if (TIMESTAMP_PREFIX.test(text)) return undefined;
  const plain = text.replaceAll('_', '');
  const int = parseGoInt(plain);
  if (int !== undefined) return { value: int };
  if (YAML_STYLE_FLOAT.test(plain)) return { value: Number.parseFloat(plain) };
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
  }
  return memoResult;
}

const goPlainScalar = (tag: string, accept: (value: unknown) => boolean) =>
  new yaml.Type(tag, {
    kind: 'scalar',
    resolve: (data: string | null) => {
      if (data === null) return false;
      const resolved = resolveMemo(data);
      return resolved !== undefined && accept(resolved.value);
    },
    construct: (data: string) => resolveMemo(data)?.value ?? null,
  });

// `!!binary` decodes to the raw text: manifests carry it as base64 strings.
const binaryAsString = new yaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string',
  construct: (data: string) => data.replace(/\s+/g, ''),
});

// The loader merges mappings under a key of this tag (`<<`), as go-yaml v2 does.
const mergeKey = new yaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' });

export const KUBERNETES_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    goPlainScalar('tag:yaml.org,2002:null', (v) => v === null),
    goPlainScalar('tag:yaml.org,2002:bool', (v) => typeof v === 'boolean'),
    goPlainScalar('tag:yaml.org,2002:int', (v) => typeof v === 'number' && Number.isInteger(v)),
    goPlainScalar('tag:yaml.org,2002:float', (v) => typeof v === 'number'),
    mergeKey,
  ],
  explicit: [binaryAsString],
});
