import { printable } from '../report/printable.js';

/** Where a JSON text breaks the grammar, and why, in words fit for one line of a terminal. */
export interface JsonSyntaxError {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units from the start of the line. */
  readonly column: number;
  /** What is wrong; characters of the text in it are quoted with control characters escaped. */
  readonly reason: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

type Expected = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

/**
 * The first place where `text` is not JSON (RFC 8259, as JSON.parse reads it), or undefined when it
 * is. For the message of a file JSON.parse refused: its own message quotes the text raw and gives
 * an offset, not a line and column. Nesting is tracked on a stack, so any depth is fine.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const at = (offset: number, reason: string): JsonSyntaxError => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return { line, column: offset - lineStart + 1, reason };
  };
  const found = (offset: number) => {
    const code = text.codePointAt(offset) as number;
    return `"${printable(String.fromCodePoint(code))}"`;
  };
  const closers: string[] = [];
  let expected = 'value' as Expected;
  let i = 0;
  const afterValue = () => {
    expected = closers.length > 0 ? 'comma-or-close' : 'end';
  };
  /** Reads the string at `i`; a problem with it, or undefined. */
  const string = (): JsonSyntaxError | undefined => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) return at(start, 'a string is not closed');
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c.charCodeAt(0) < 0x20) return at(i, `control character ${found(i)} in a string (write it as an escape)`);
      if (c !== '\\') {
        i++;
        continue;
      }
      const next = text[i + 1];
      if (next === 'u') {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) return at(i, 'a \\u escape needs four hexadecimal digits');
        i += 6;
      } else if (next !== undefined && ESCAPES.has(next)) {
        i += 2;
      } else {
        return at(i, next === undefined ? 'a string is not closed' : `invalid escape \\${printable(next)} in a string`);
      }
    }
  };
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
    if (i >= text.length) return expected === 'end' ? undefined : at(i, 'the file ends before the JSON value does');
    const c = text[i] as string;
    switch (expected) {
      case 'end':
        return at(i, `unexpected ${found(i)} after the end of the JSON value`);
      case 'colon':
        if (c !== ':') return at(i, `expected ":" after a property name, found ${found(i)}`);
        i++;
        expected = 'value';
        break;
      case 'comma-or-close': {
        const closer = closers[closers.length - 1] as string;
        if (c === ',') {
          i++;
          expected = closer === '}' ? 'key' : 'value';
        } else if (c === closer) {
          i++;
          closers.pop();
          afterValue();
        } else return at(i, `expected "," or "${closer}", found ${found(i)}`);
        break;
      }
      case 'key-or-close':
      case 'key':
        if (c === '}' && expected === 'key-or-close') {
          i++;
          closers.pop();
          afterValue();
        } else if (c === '"') {
          const problem = string();
          if (problem) return problem;
          expected = 'colon';
        } else return at(i, `expected a property name in double quotes, found ${found(i)}`);
        break;
      case 'value-or-close':
      case 'value':
        if (c === ']' && expected === 'value-or-close') {
          i++;
          closers.pop();
          afterValue();
        } else if (c === '{' || c === '[') {
          i++;
          closers.push(c === '{' ? '}' : ']');
          expected = c === '{' ? 'key-or-close' : 'value-or-close';
        } else if (c === '"') {
          const problem = string();
          if (problem) return problem;
          afterValue();
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return at(i, 'invalid number');
          i = NUMBER.lastIndex;
          afterValue();
        } else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
          if (!literal) return at(i, `unexpected ${found(i)} where a value should be`);
          i += literal.length;
          afterValue();
        }
        break;
    }
  }
}
