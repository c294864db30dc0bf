/**
 * Falco resolves lists by text substitution in a condition before it is parsed
 * (rule_loader_compiler.cpp `resolve_list`), and reproducing that exactly keeps its corner cases:
 * a list name is replaced wherever it stands between delimiters, items holding a space are quoted,
 * and an empty list drops a neighbouring comma.
 */

const BLANKS = ' \t\n\r';
const DELIMS = `${BLANKS}(),=`;

export function quoteItem(e: string): string {
  return e.includes(' ') && e[0] !== '"' && e[0] !== "'" ? `"${e}"` : e;
}

export function parenItem(e: string): string {
  return e[0] === '(' ? e : `(${e})`;
}

/** Substitutes every delimited occurrence of `name` in `cnd` with the list's items; returns the new text and whether it was used. */
export function resolveList(cnd: string, name: string, items: readonly string[]): { text: string; used: boolean } {
  let used = false;
  let start = cnd.indexOf(name);
  while (start !== -1) {
    let end = start + name.length;
    if ((start === 0 || DELIMS.includes(cnd.charAt(start - 1))) && (end >= cnd.length || DELIMS.includes(cnd.charAt(end)))) {
      while (start > 0 && BLANKS.includes(cnd.charAt(start - 1))) start--;
      while (end < cnd.length && BLANKS.includes(cnd.charAt(end))) end++;
      const sub = items.map(quoteItem).join(', ');
      if (sub === '') {
        if (start > 0 && cnd.charAt(start - 1) === ',') start--;
        else if (end < cnd.length && cnd.charAt(end) === ',') end++;
      }
      let next = '';
      if (start > 0) next += `${cnd.slice(0, start)} `;
      next += `${sub} `;
      if (end <= cnd.length) next += cnd.slice(end);
      cnd = next;
      start += sub.length + 1;
      used = true;
    }
    start = cnd.indexOf(name, start + 1);
  }
  return { text: cnd, used };
}
