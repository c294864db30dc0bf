import { type Json, isObject } from './sources/json-value.js';

export const REDACTED = '<redacted>';

const SENSITIVE_KEY = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key|auth)/i;
const SENSITIVE_VALUE = /(-----BEGIN [A-Z ]*PRIVATE KEY-----|aws_secret_access_key|AKIA[0-9A-Z]{16})/;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function redactMap(map: Json | undefined, all: boolean): Json | undefined {
  if (!isObject(map)) return map;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(map)) out[k] = all || SENSITIVE_KEY.test(k) || (typeof v === 'string' && SENSITIVE_VALUE.test(v)) ? REDACTED : v;
  return out;
}

function redactObject(obj: Json | undefined, isSecret: boolean): Json | undefined {
  if (Array.isArray(obj)) return redactPatch(obj, isSecret);
  if (!isObject(obj)) return obj;
  const kind = obj.kind;
  const secret = isSecret || kind === 'Secret';
  const out: Record<string, Json> = { ...obj };
  if (secret) {
    if ('data' in obj) out.data = redactMap(obj.data, true) ?? null;
    if ('stringData' in obj) out.stringData = redactMap(obj.stringData, true) ?? null;
  } else if (kind === 'ConfigMap' || 'data' in obj) {
    if (isObject(obj.data)) out.data = redactMap(obj.data, false) ?? null;
  }
  const meta = obj.metadata;
  if (isObject(meta) && isObject(meta.annotations) && LAST_APPLIED in meta.annotations) {
    out.metadata = { ...meta, annotations: { ...meta.annotations, [LAST_APPLIED]: REDACTED } };
  }
  if (Array.isArray(obj.items)) out.items = obj.items.map((i: Json) => redactObject(i, secret) ?? null);
  return out;
}

/**
 * A JSON patch (`kubectl patch --type=json`), which the audit log records as the request object:
 * each operation's `value` is redacted as the field its `path` (RFC 6901) writes would be.
 */
function redactPatch(ops: readonly Json[], isSecret: boolean): Json[] {
  return ops.map((op) => {
    if (!isObject(op) || !('value' in op)) return op;
    const value = redactAt(pointerSegments(op.path), op.value ?? null, isSecret);
    return value === op.value ? op : { ...op, value };
  });
}

function pointerSegments(path: Json | undefined): string[] {
  if (typeof path !== 'string' || path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function wrap(segments: readonly string[], value: Json): Json {
  let wrapped = value;
  for (let i = segments.length - 1; i >= 0; i--) wrapped = { [segments[i] as string]: wrapped };
  return wrapped;
}

/** A value written at `segments` of an object, redacted as that field of the object would be. */
function redactAt(segments: readonly string[], value: Json, isSecret: boolean): Json {
  // Wrap the value in the object it lands in, redact that, and take the value back out.
  const wrapped = wrap(segments, value);
  if (!sensitive(wrapped, isSecret)) return value;
  let out: Json | undefined = redactObject(wrapped, isSecret);
  for (const segment of segments) out = isObject(out) ? out[segment] : undefined;
  return out ?? REDACTED;
}

/** Whether anything in the event's request or response objects would be redacted (most events: no). */
function needsRedaction(event: { readonly [key: string]: Json }): boolean {
  const ref = event.objectRef;
  const secret = isObject(ref) && ref.resource === 'secrets';
  return sensitive(event.requestObject, secret) || sensitive(event.responseObject, secret);
}

function sensitive(obj: Json | undefined, isSecret: boolean): boolean {
  if (Array.isArray(obj)) return obj.some((op) => isObject(op) && 'value' in op && sensitive(wrap(pointerSegments(op.path), op.value ?? null), isSecret));
  if (!isObject(obj)) return false;
  const secret = isSecret || obj.kind === 'Secret';
  if (secret && ('data' in obj || 'stringData' in obj)) return true;
  if (isObject(obj.data)) for (const [k, v] of Object.entries(obj.data)) if (SENSITIVE_KEY.test(k) || (typeof v === 'string' && SENSITIVE_VALUE.test(v))) return true;
  const meta = obj.metadata;
  if (isObject(meta) && isObject(meta.annotations) && LAST_APPLIED in meta.annotations) return true;
  return Array.isArray(obj.items) && obj.items.some((i: Json) => sensitive(i, secret));
}

/**
 * A copy of an audit event safe to print (the event itself when there is nothing to redact): Secret data and stringData values, credential-looking
 * ConfigMap entries and last-applied-configuration annotations are replaced by `<redacted>`.
 * Rules still match on the original event; only what is written out is redacted.
 */
export function redactAuditEvent(event: unknown): unknown {
  if (!isObject(event) || !needsRedaction(event)) return event;
  const ref = event.objectRef;
  const secret = isObject(ref) && ref.resource === 'secrets';
  const out: Record<string, Json> = { ...event };
  if ('requestObject' in event) out.requestObject = redactObject(event.requestObject, secret) ?? null;
  if ('responseObject' in event) out.responseObject = redactObject(event.responseObject, secret) ?? null;
  return out;
}
