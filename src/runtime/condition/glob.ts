/**
 * fnmatch(3) with flags 0 (or FNM_CASEFOLD), which is what libsinsp's `glob`/`iglob` call:
 * `*` and `?` match any character including `/`, `[...]` / `[!...]` / `[^...]` bracket
 * expressions with ranges and POSIX classes, and `\` escapes the next character.
 * Iterative with single-star backtracking, so the cost is bounded by pattern × text length.
 */
export function globMatch(pattern: string, text: string, caseFold = false): boolean {
  const p = caseFold ? pattern.toLowerCase() : pattern;
  const s = caseFold ? text.toLowerCase() : text;
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = -1;
  while (si < s.length) {
    if (pi < p.length) {
      const c = p.charAt(pi);
      if (c === '*') {
        starP = ++pi;
        starS = si;
        continue;
      }
      if (c === '?') {
        pi++;
        si++;
        continue;
      }
      if (c === '[') {
        const m = matchBracket(p, pi, s.charAt(si));
        if (m !== undefined) {
          if (m.matched) {
            pi = m.next;
            si++;
            continue;
          }
        } else if (s.charAt(si) === '[') {
          // An unterminated bracket is a literal '['.
          pi++;
          si++;
          continue;
        }
      } else {
        let literal = c;
        let width = 1;
        if (c === '\\' && pi + 1 < p.length) {
          literal = p.charAt(pi + 1);
          width = 2;
        }
        if (literal === s.charAt(si)) {
          pi += width;
          si++;
          continue;
        }
      }
    }
    if (starP < 0) return false;
    pi = starP;
    si = ++starS;
  }
  while (pi < p.length && p.charAt(pi) === '*') pi++;
  return pi === p.length;
}

const CLASSES: Readonly<Record<string, (c: string) => boolean>> = {
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => /[0-9]/.test(c),
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  upper: (c) => /[A-Z]/.test(c),
  lower: (c) => /[a-z]/.test(c),
  space: (c) => /[ \t\n\v\f\r]/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
};

/** Matches one bracket expression starting at p[start] === '['; undefined when it is not terminated. */
function matchBracket(p: string, start: number, ch: string): { matched: boolean; next: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (p.charAt(i) === '!' || p.charAt(i) === '^') {
    negate = true;
    i++;
  }
  let matched = false;
  let first = true;
  while (i < p.length) {
    let c = p.charAt(i);
    if (c === ']' && !first) return { matched: matched !== negate, next: i + 1 };
    first = false;
    if (c === '[' && p.charAt(i + 1) === ':') {
      const end = p.indexOf(':]', i + 2);
      if (end > 0) {
        const test = CLASSES[p.slice(i + 2, end)];
        if (test?.(ch)) matched = true;
        i = end + 2;
        continue;
      }
    }
    if (c === '\\' && i + 1 < p.length) c = p.charAt(++i);
    if (p.charAt(i + 1) === '-' && i + 2 < p.length && p.charAt(i + 2) !== ']') {
      let hi = p.charAt(i + 2);
      let skip = 3;
      if (hi === '\\' && i + 3 < p.length) {
        hi = p.charAt(i + 3);
        skip = 4;
      }
      if (ch >= c && ch <= hi) matched = true;
      i += skip;
      continue;
    }
    if (c === ch) matched = true;
    i++;
  }
  return undefined;
}
