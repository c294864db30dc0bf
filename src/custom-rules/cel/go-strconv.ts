/*
 * Go's strconv as cel-go uses it: string(double) is fmt's %g (strconv.FormatFloat(x, 'g', -1, 64)),
 * string(duration) is FormatFloat(seconds, 'f', -1, 64), and double(), int() and uint() of a string
 * are ParseFloat, ParseInt(s, 10, 64) and ParseUint(s, 10, 64). Each parser returns undefined where
 * Go returns an error (a syntax error, or a value out of range).
 */

/** The shortest decimal digits that read back as x (x finite and > 0): x = 0.digits × 10^point. */
function shortestDigits(x: number): { digits: string; point: number } {
  // JavaScript's String(number) gives the same shortest digits as Go (the closest of the shortest).
  const [mantissa = '', exponent = '0'] = String(x).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const all = whole + fraction;
  const leadingZeros = all.length - all.replace(/^0+/, '').length;
  return { digits: all.slice(leadingZeros).replace(/0+$/, ''), point: whole.length + Number(exponent) - leadingZeros };
}

/** Go's strconv.FormatFloat(x, format, -1, 64) (what fmt's %g prints for 'g'). */
export function formatGoFloat(x: number, format: 'g' | 'f'): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const { digits, point } = shortestDigits(Math.abs(x));
  const exponent = point - 1;
  // With the shortest digits, %g takes the exponent form below 1e-4 and from 1e6 (Go's eprec = 6).
  if (format === 'g' && (exponent < -4 || exponent >= 6)) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const whole = point > 0 ? digits.slice(0, point).padEnd(point, '0') : '0';
  const fraction = point >= digits.length ? '' : point >= 0 ? digits.slice(point) : '0'.repeat(-point) + digits;
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * Go's rule for underscores in a number (strconv's underscoreOK): only between digits, or between
 * a base prefix and a digit.
 */
function underscoresOk(text: string): boolean {
  let s = text.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (/^0[xX]/.test(s)) {
    s = s.slice(2);
    saw = '0';
    hex = true;
  }
  for (const c of s) {
    if (/\d/.test(c) || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

// Underscores are checked first (underscoresOk), which also rejects a mantissa without digits.
const DECIMAL_FLOAT = /^[+-]?(?:[\d_]+(?:\.[\d_]*)?|\.[\d_]+)(?:[eE][+-]?\d[\d_]*)?$/;
// Go reads hexadecimal only with a p exponent; matched with the underscores taken out.
const HEX_FLOAT = /^([+-]?)0[xX](?=\.?[\da-fA-F])([\da-fA-F]*)(?:\.([\da-fA-F]*))?[pP]([+-]?\d+)$/;
const SPECIAL_FLOAT = /^(?:([+-]?)inf(?:inity)?|nan)$/i;

/** Go's strconv.ParseFloat(text, 64); undefined where it fails (syntax, or out of range). */
export function parseGoFloat(text: string): number | undefined {
  const special = SPECIAL_FLOAT.exec(text);
  if (special) return special[1] === undefined ? NaN : special[1] === '-' ? -Infinity : Infinity;
  if (!underscoresOk(text)) return undefined;
  let value: number;
  if (DECIMAL_FLOAT.test(text)) {
    // JavaScript reads a decimal number with the same (correct) rounding as Go.
    value = Number(text.replaceAll('_', ''));
  } else {
    const hex = HEX_FLOAT.exec(text.replaceAll('_', ''));
    if (!hex) return undefined;
    const [, sign, whole = '', fraction = '', exponent = ''] = hex;
    const magnitude = scaleByPowerOfTwo(BigInt(`0x0${whole}${fraction}`), Number(exponent) - 4 * fraction.length);
    value = sign === '-' ? -magnitude : magnitude;
  }
  return Number.isFinite(value) ? value : undefined;
}

/** mantissa × 2^exponent rounded to the nearest double (ties to even), Infinity past the largest. */
function scaleByPowerOfTwo(mantissa: bigint, exponent: number): number {
  if (mantissa === 0n) return 0;
  const bits = mantissa.toString(2).length;
  // Keep 53 significant bits, and no bit below 2^-1074 (the subnormal range).
  const drop = Math.max(bits - 53, -1074 - exponent);
  if (drop <= 0) return Number(mantissa) * 2 ** exponent;
  if (drop > bits) return 0;
  let kept = mantissa >> BigInt(drop);
  const rest = mantissa - (kept << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  return Number(kept) * 2 ** (exponent + drop);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt(text, 10, 64): an optional sign and decimal digits, nothing else. */
export function parseGoInt(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

/** Go's strconv.ParseUint(text, 10, 64): decimal digits only (no sign). */
export function parseGoUint(text: string): bigint | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= UINT64_MAX ? value : undefined;
}
