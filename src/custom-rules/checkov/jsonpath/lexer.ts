/* bc_jsonpath_ng's port (parser.ts): the lexer (lexer.py and ExtendedJsonPathLexer). */
import { JsonPathError, MAX_STR_DIGITS, PY_SPACE, PyFloat, asciiDigits, intFromText } from './python.js';


// ---------------------------------------------------------------------------------------------
// Lexer (lexer.py and ExtendedJsonPathLexer)
// ---------------------------------------------------------------------------------------------

export interface Token {
  readonly type: string;
  readonly value: unknown;
  readonly pos: number;
}

/** PLY's master pattern for the initial state, its rules in PLY's order; Python's \d and \s are Unicode. */
export const INITIAL_RULES: ReadonlyArray<readonly [type: string, pattern: string]> = [
  ['BOOL', 'true|false'],
  ['SORT_DIRECTION', `,?[${PY_SPACE}]*[/\\\\]`],
  ['ID', '@?[a-zA-Z_][a-zA-Z0-9_@\\-]*'],
  ['FLOAT', '-?\\p{Nd}+\\.\\p{Nd}+'],
  ['NUMBER', '-?\\p{Nd}+'],
  ['QUOTE', '[\'"`]'],
  ['NEWLINE', '\\n'],
  ['FILTER_OP', '=~|==?|<=|>=|!=|<|>'],
  ['DOUBLEDOT', '\\.\\.'],
  ['DOUBLE_OR', '\\|\\|'],
  ['DOUBLE_AND', '&&'],
];
export const INITIAL = new RegExp(INITIAL_RULES.map(([, pattern]) => `(${pattern})`).join('|'), 'uy');
export const LITERALS = '*.[]()$,:|&~?@+*/-!';
export const RESERVED: Readonly<Record<string, string>> = { where: 'WHERE', contains: 'CONTAINS' };

/** Inside quotes: content, an escaped character (not a newline), the closing quote; backquotes try escapes first. */
export const QUOTED: Readonly<Record<string, RegExp>> = {
  "'": /([^'\\]+)|\\([^\n])|(')/uy,
  '"': /([^"\\]+)|\\([^\n])|(")/uy,
  '`': /([^`\\]+)|\\([^\n])|(`)/uy,
};

/** Python's int() of a NUMBER-like token (Unicode digits, at most 4300 of them). */
export function intToken(text: string): bigint {
  const n = intFromText(text);
  if (n === undefined) throw new JsonPathError(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion`);
  return n;
}

export function floatToken(text: string): number | PyFloat {
  const n = Number(asciiDigits(text));
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

export function tokenValue(type: string, text: string): unknown {
  switch (type) {
    case 'BOOL':
      return text === 'true';
    case 'SORT_DIRECTION':
      return text.at(-1);
    case 'FLOAT':
      return floatToken(text);
    case 'NUMBER':
      return intToken(text);
    default:
      return text;
  }
}

/** Reads a quoted field or backquoted operator whose opening quote is at `start`. */
export function lexQuoted(text: string, start: number): { token: Token; end: number } {
  const quote = text[start]!;
  const rules = QUOTED[quote]!;
  let value = '';
  let pos = start + 1;
  for (;;) {
    if (pos >= text.length) throw new JsonPathError('Unexpected EOF in string literal or identifier');
    rules.lastIndex = pos;
    const m = rules.exec(text);
    if (!m) throw new JsonPathError(`Unexpected character ${JSON.stringify(text[pos])} at ${pos} in a quoted field`);
    pos += m[0].length;
    if (m[3] !== undefined) return { token: { type: quote === '`' ? 'NAMED_OPERATOR' : 'ID', value, pos: start }, end: pos };
    value += m[1] ?? m[2];
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === ' ' || ch === '\t') {
      pos++;
      continue;
    }
    INITIAL.lastIndex = pos;
    const m = INITIAL.exec(text);
    const rule = m ? INITIAL_RULES[m.slice(1).findIndex((group) => group !== undefined)]![0] : undefined;
    if (m && rule === 'QUOTE') {
      const { token, end } = lexQuoted(text, pos);
      tokens.push(token);
      pos = end;
    } else if (m && rule) {
      if (rule !== 'NEWLINE') {
        const type = rule === 'ID' ? (RESERVED[m[0]] ?? 'ID') : rule;
        tokens.push({ type, value: tokenValue(type, m[0]), pos });
      }
      pos += m[0].length;
    } else if (LITERALS.includes(ch)) {
      tokens.push({ type: ch, value: ch, pos });
      pos++;
    } else {
      throw new JsonPathError(`Unexpected character ${JSON.stringify(ch)} at ${pos}`);
    }
  }
  return tokens;
}
