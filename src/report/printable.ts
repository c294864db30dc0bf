/*
 * Text from manifests (names, values quoted in messages, file names) printed to a terminal or a CI
 * log: a newline there could start a forged line (GitHub Actions runs `::error ...` lines as
 * workflow commands) and an escape sequence could move the cursor and erase what was printed.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- control characters are what this replaces
const UNPRINTABLE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with control characters, line separators and bidirectional overrides shown as escapes (`\n`, `\x1b`, `\u202e`). */
export function printable(text: string): string {
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE_ALL, escapeOne) : text;
}
