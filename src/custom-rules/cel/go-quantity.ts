/*
 * resource.Quantity as encoding/json writes it after decoding: ParseQuantity, then MarshalJSON (the
 * text as written when Go's parser finds it canonical already, else CanonicalizeBytes).
 */

/** Characters encoding/json escapes: in a quantity the backslash reaches the parser and fails it. */
// eslint-disable-next-line no-control-regex -- the control characters are the point
const GO_ESCAPED = /["\\<>&\u0000-\u001f\u2028\u2029]/;
/** What strings.TrimSpace trims (unicode.IsSpace) among the characters encoding/json leaves unescaped. */
const GO_SPACE_AT_ENDS = /^[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g;

/** A quantity field's JSON value decoded and written again; undefined where Go's decoder fails. */
export function decodeQuantity(value: unknown): string | undefined {
  // Quantity's UnmarshalJSON parses the JSON text itself, a string without its quotes (not unescaped).
  const text = typeof value === 'string' ? value : typeof value === 'object' ? '{' : String(value);
  return typeof value === 'string' && GO_ESCAPED.test(value) ? undefined : quantityJson(text.replace(GO_SPACE_AT_ENDS, ''));
}

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

