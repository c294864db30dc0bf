import { createRequire } from 'node:module';

/**
 * Equality of parsed JSON or YAML values, as JSON Schema's `const`, `enum` and `uniqueItems` define
 * it: same type, arrays item by item, objects with the same keys and equal values, NaN equal to
 * NaN. Every key is compared as data, including `toString`, `valueOf` and `constructor`.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      return a.every((item, i) => jsonEqual(item, b[i]));
    }
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    const other = b as Record<string, unknown>;
    return keys.every((key) => Object.hasOwn(other, key) && jsonEqual((a as Record<string, unknown>)[key], other[key]));
  }
  return Number.isNaN(a) && Number.isNaN(b);
}

/*
 * ajv compares with fast-deep-equal, which reads an object's `constructor`, `valueOf` and
 * `toString` as methods: a document key `valueOf: yes` (a ConfigMap may have one) made every
 * const or enum check on that object throw, and two equal objects under a `constructor` key
 * compared unequal. ajv has no option for its equality; its keywords read the function from this
 * module when they generate code, so replacing it before a schema is compiled is enough.
 */
const equalModule = createRequire(import.meta.url)('ajv/dist/runtime/equal.js') as { default: unknown };
const ajvJsonEqual = Object.assign((a: unknown, b: unknown) => jsonEqual(a, b), { code: 'require("ajv/dist/runtime/equal").default' });

/** Makes ajv's const, enum and uniqueItems compare with jsonEqual. */
export function useJsonEqualInAjv(): void {
  equalModule.default = ajvJsonEqual;
}
