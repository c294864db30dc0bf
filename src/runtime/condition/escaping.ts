/**
 * libsinsp's `unescape_str` (filter/escaping.cpp): removes the quotes of a quoted token and resolves
 * `\b \f \n \r \t \\ \/ \"` (only in "..."), `\'` (only in '...') and, for compatibility, `\ `.
 * Throws on any other escape sequence, as upstream does.
 */
export function unescapeQuoted(token: string): string {
  const quote = token[0];
  let out = '';
  let escaped = false;
  for (let i = 1; i < token.length - 1; i++) {
    const c = token.charAt(i);
    if (!escaped) {
      if (c === '\\') escaped = true;
      else out += c;
      continue;
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) out += simple;
    else if (c === '"' || c === "'") {
      if (c !== quote) throw new Error(c === '"' ? `invalid \\" escape in '-quoted string` : `invalid \\' escape in "-quoted string`);
      out += c;
    } else throw new Error(`unsupported string escape sequence: \\${c}`);
    escaped = false;
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', ' ': '\\', '\\': '\\', '/': '/' };
