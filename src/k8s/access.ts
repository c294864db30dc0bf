/*
 * Manifests are untrusted input: a field documented as a list may hold a string. Checks read
 * values through these narrowing helpers instead of trusting the Kubernetes types.
 */
export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of a list, other entries left out. */
export function asStrings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Follows mapping keys from `value`; undefined as soon as one is missing. */
export function getIn(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    const record = asRecord(current);
    if (!record) return undefined;
    current = record[key];
  }
  return current;
}

/** The value at a path of keys and list indexes; undefined where the path leaves the value. */
export function valueAtPath(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const key of path) current = typeof key === 'number' ? asArray(current)[key] : asRecord(current)?.[key];
  return current;
}

/** A string-to-string map (labels, annotations, selectors); other values are dropped. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value);
  if (!record) return {};
  // Nearly always every value is a string already: hand out the record itself instead of a copy.
  let allStrings = true;
  for (const k in record) {
    if (typeof record[k] !== 'string') {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return record as Readonly<Record<string, string>>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Records in a list, each with its index in the original list (so paths stay exact). */
export function recordsWithIndex(value: unknown): Array<{ readonly record: JsonRecord; readonly index: number }> {
  const out: Array<{ record: JsonRecord; index: number }> = [];
  asArray(value).forEach((item, index) => {
    const record = asRecord(item);
    if (record) out.push({ record, index });
  });
  return out;
}

/** Sets a field as an own data property, even `__proto__`: what a document writes never reaches an object's prototype. */
export function setOwnField(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
