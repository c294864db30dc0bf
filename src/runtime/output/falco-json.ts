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
  const head: Record<string, unknown> = { hostname: alert.hostname };
  if (options.includeOutput !== false) head.output = alert.output;
  head.priority = alert.priority;
  head.rule = alert.rule;
  head.source = alert.source;
  if (options.includeTags !== false) head.tags = alert.tags;
  head.time = formatAlertTime(alert.time);
  const fields = fieldsJson(alert.outputFields);
  return `${JSON.stringify(head).slice(0, -1)}, "output_fields": ${fields}}`;
}

/** `output_fields` as compact JSON: the keys are already sorted; big integers are written exactly. */
function fieldsJson(fields: Readonly<Record<string, FieldJson>>): string {
  let out = '{';
  for (const k in fields) {
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(k)}:${value(fields[k])}`;
  }
  return `${out}}`;
}

function value(v: FieldJson | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${(v as readonly (string | number | bigint | boolean)[]).map((x) => value(x)).join(',')}]`;
  return JSON.stringify(v);
}

/** The parsed form of falcoJson, for sinks that send objects (webhooks). */
export function falcoJsonObject(alert: Alert, options: FalcoJsonOptions = {}): Record<string, unknown> {
  return JSON.parse(falcoJson(alert, options).replace(/:(-?\d{16,})([,}\]])/g, ':"$1"$2')) as Record<string, unknown>;
}
