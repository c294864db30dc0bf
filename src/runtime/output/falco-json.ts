import type { Alert } from '../engine.js';
import type { FieldJson } from './format.js';
import { formatAlertTime } from '../time-format.js';

export interface FalcoJsonOptions {
  /** Falco's json_include_output_property (default true). */
  readonly includeOutput?: boolean;
  /** Falco's json_include_tags_property (default true). */
  readonly includeTags?: boolean;
}

/**
 * One alert in Falco's JSON format, byte for byte: the alert properties in key order, then
 * `, "output_fields": {...}` grafted before the closing brace, as falco's formats.cpp writes it.
 */
export function falcoJson(alert: Alert, options: FalcoJsonOptions = {}): string {
  let out = `{"hostname":${JSON.stringify(alert.hostname)}`;
  if (options.includeOutput !== false) out += `,"output":${JSON.stringify(alert.output)}`;
  out += `,"priority":"${alert.priority}","rule":${quoted(alert.rule)},"source":${quoted(alert.source)}`;
  if (options.includeTags !== false) out += `,"tags":${tagsJson(alert.tags)}`;
  return `${out},"time":"${formatAlertTime(alert.time)}", "output_fields": ${fieldsJson(alert.outputFields)}}`;
}

// Rule names, sources and tag lists repeat from alert to alert: their JSON is kept.
const quotedCache = new Map<string, string>();
function quoted(s: string): string {
  let q = quotedCache.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quotedCache.size > 10_000) quotedCache.clear();
    quotedCache.set(s, q);
  }
  return q;
}

const tagsCache = new WeakMap<readonly string[], string>();
function tagsJson(tags: readonly string[]): string {
  let t = tagsCache.get(tags);
  if (t === undefined) {
    t = JSON.stringify(tags);
    tagsCache.set(tags, t);
  }
  return t;
}

/** `output_fields` as compact JSON: the keys are already sorted; big integers are written exactly. */
function fieldsJson(fields: Readonly<Record<string, FieldJson>>): string {
  let out = '{';
  for (const k in fields) {
    if (out.length > 1) out += ',';
    out += `${quoted(k)}:${value(fields[k])}`;
  }
  return `${out}}`;
}

function value(v: FieldJson | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${(v as readonly (string | number | bigint | boolean)[]).map((x) => value(x)).join(',')}]`;
  return JSON.stringify(v);
}
