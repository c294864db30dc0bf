import { escapeRegExp, fullMatcher } from '../core/full-match.js';

/** Shell-style glob for names (`*` any run of characters, `?` one character); case-sensitive. */
export function compileGlob(glob: string): (value: string) => boolean {
  if (!glob.includes('*') && !glob.includes('?')) return (value) => value === glob;
  const source = glob
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : escapeRegExp(part)))
    .join('');
  return fullMatcher(source, { dotAll: true });
}
