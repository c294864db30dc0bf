import { escapeRegExp, fullMatcher } from '../core/full-match.js';

/** Shell-style glob for names (`*` any run of characters, `?` one character); case-sensitive. */
export function compileGlob(glob: string): (value: string) => boolean {
  if (!glob.includes('*') && !glob.includes('?')) return (value) => value === glob;
  const source = glob
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : escapeRegExp(part)))
    .join('');
  const matches = fullMatcher(source, { dotAll: true });
  // Asked once per finding, about the few names and namespaces the findings come from.
  const seen = new Map<string, boolean>();
  return (value) => {
    let hit = seen.get(value);
    if (hit === undefined) {
      if (seen.size >= 10_000) seen.clear();
      hit = matches(value);
      seen.set(value, hit);
    }
    return hit;
  };
}
