import { compareGo } from '../../pss/go.js';

/*
 * encoding/json's Marshal of a value decoded from YAML (maps, lists, strings, numbers, booleans,
 * null), byte for byte: keys sorted by their bytes, `<`, `>`, `&`, U+2028 and U+2029 escaped, and
 * numbers as Go writes a float64 (the same shortest form and exponent thresholds as JavaScript's).
 * Polaris turns a check's `schema:` map into template text this way before it renders it, so the
 * text of an imported template must be the same.
 */
export function goJsonMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJsonMarshal).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareGo(a, b));
  return `{${entries.map(([k, v]) => `${goJsonString(k)}:${goJsonMarshal(v)}`).join(',')}}`;
}

const HTML_SAFE: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

function goJsonString(text: string): string {
  // Go writes a lone surrogate (invalid UTF-8 once encoded) as U+FFFD.
  const valid = text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return JSON.stringify(valid).replace(/[<>&\u2028\u2029]/g, (c) => HTML_SAFE[c] ?? c);
}
