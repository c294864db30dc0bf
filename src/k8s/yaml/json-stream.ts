import type { DocumentRange } from './split-documents.js';

/*
 * How kubectl splits a text that opens with `{` into documents (apimachinery's
 * YAMLOrJSONDecoder): JSON values one after another, delimited as Go's JSON decoder delimits
 * them. parse.ts reads the values and what follows them.
 */

/**
 * A stream of JSON objects, one after another (`{...}{...}`, or one per line as `jq -c` writes
 * them), which kubectl reads as apimachinery's YAMLOrJSONDecoder does: a text that opens with `{`
 * is read as JSON values one after another (after the first, of any type: a `null` is skipped,
 * others are no objects) and, where text that is no JSON value follows, after one value as YAML
 * from there, after two or more as an error. `rest` is where that text starts. Undefined when the
 * text opens with no whole object.
 */
export interface JsonStream {
  readonly values: readonly DocumentRange[];
  readonly rest?: number;
}

export function jsonStream(text: string): JsonStream | undefined {
  const values: DocumentRange[] = [];
  let p = 0;
  for (;;) {
    const before = p;
    while (isJsonSpace(text.charCodeAt(p))) p++;
    if (p >= text.length) return { values };
    const end = values.length === 0 && text.charCodeAt(p) !== 0x7b /* { */ ? undefined : valueEnd(text, p);
    if (end === undefined) return values.length === 0 ? undefined : { values, rest: restAfter(text, before) };
    values.push({ start: p, end });
    p = end;
  }
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_LITERAL = /true|false|null/y;

/**
 * Where the JSON value starting at `p` ends, as Go's JSON decoder delimits it: a collection by its
 * brackets and strings (JSON.parse then judges it), a string at its closing quote, a number or
 * literal at its last character. Undefined when no value starts there or it does not end.
 */
function valueEnd(text: string, p: number): number | undefined {
  const c = text.charCodeAt(p);
  if (c === 0x22 /* " */) {
    for (let q = p + 1; q < text.length; q++) {
      const d = text.charCodeAt(q);
      if (d === 0x5c /* \ */) q++;
      else if (d === 0x22) return q + 1;
    }
    return undefined;
  }
  if (c !== 0x7b /* { */ && c !== 0x5b /* [ */) {
    const pattern = c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39) ? JSON_NUMBER : JSON_LITERAL;
    pattern.lastIndex = p;
    return pattern.test(text) ? pattern.lastIndex : undefined;
  }
  let depth = 0;
  let inString = false;
  for (; p < text.length; p++) {
    const d = text.charCodeAt(p);
    if (inString) {
      if (d === 0x5c) p++;
      else if (d === 0x22) inString = false;
    } else if (d === 0x22) inString = true;
    else if (d === 0x7b || d === 0x5b) depth++;
    else if ((d === 0x7d /* } */ || d === 0x5d) /* ] */ && --depth === 0) return p + 1;
  }
  return undefined;
}

/** After a value, where the YAML that follows starts: past blanks up to and including the first line break. */
export function restAfter(text: string, p: number): number {
  while (isJsonSpace(text.charCodeAt(p))) {
    if (text.charCodeAt(p++) === 0x0a) break;
  }
  return p;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
