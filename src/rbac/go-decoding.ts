/*
 * The fields of a Role or ClusterRole as the API server's JSON decoding reads them: a value that
 * does not fit its Go type fails to decode, and the whole object is refused before it is validated
 * (`decoding` gets why). Absent and null read as Go's zero value.
 */
import type { Path } from '../core/path.js';
import type { FieldError } from './binding-validation.js';

/** A value as Go's json.Marshal writes it, for field.Invalid's value: `["/metrics"]`. */
export const goJson = (value: unknown) => (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const absent = (value: unknown) => value === undefined || value === null;

/** A string: absent or null is ''. */
export function stringField(record: Record<string, unknown>, field: string, path: Path, decoding: FieldError[]): string {
  const value = record[field];
  if (absent(value)) return '';
  if (typeof value === 'string') return value;
  decoding.push({ path: [...path, field], message: `Invalid value: ${goJson(value)}: must be a string` });
  return '';
}

/** A list of strings: absent or null is empty. */
export function stringList(record: Record<string, unknown>, field: string, path: Path, decoding: FieldError[]): string[] {
  const value = record[field];
  if (absent(value)) return [];
  if (!Array.isArray(value)) {
    decoding.push({ path: [...path, field], message: `Invalid value: ${goJson(value)}: must be a list of strings` });
    return [];
  }
  const out: string[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item === 'string') out.push(item);
    else decoding.push({ path: [...path, field, i], message: `Invalid value: ${goJson(item)}: must be a string` });
  });
  return out;
}

/** A map of strings (labels), in input order: absent or null is empty. */
export function stringMap(record: Record<string, unknown>, field: string, path: Path, decoding: FieldError[]): Array<[string, string]> {
  const value = record[field];
  if (absent(value)) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    decoding.push({ path: [...path, field], message: 'Invalid value: must be an object' });
    return [];
  }
  const out: Array<[string, string]> = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item === 'string') out.push([key, item]);
    else decoding.push({ path: [...path, field, key], message: `Invalid value: ${goJson(item)}: must be a string` });
  }
  return out;
}

/** A list of structs: absent or null is empty; a null item is the zero struct (`{}`). */
export function recordList(record: Record<string, unknown>, field: string, path: Path, decoding: FieldError[]): Array<Record<string, unknown> | undefined> {
  const value = record[field];
  if (absent(value)) return [];
  if (!Array.isArray(value)) {
    decoding.push({ path: [...path, field], message: 'Invalid value: must be a list' });
    return [];
  }
  return value.map((item: unknown, i) => {
    if (item === null) return {};
    if (typeof item === 'object' && !Array.isArray(item)) return item as Record<string, unknown>;
    decoding.push({ path: [...path, field, i], message: 'Invalid value: must be an object' });
    return undefined;
  });
}
