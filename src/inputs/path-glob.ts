import { escapeRegExp } from '../core/full-match.js';

/*
 * Path globs as .gitignore, Trivy's --skip-dirs and picomatch write them, translated by hand
 * into RE2 syntax: glob libraries compile to JavaScript regular expressions, which backtrack
 * (`*a*a*a*a*b` on a long name never ends), while these run on re2js in linear time.
 *
 *   **      any number of path segments, when it is a whole segment (`**` `/`, `/**`, `a/**` `/b`)
 *   *       any characters but `/`          ?      one character but `/`
 *   [a-z]   one of the characters           [!a] or [^a]  one character not listed (never `/`)
 *   {a,b}   either alternative (nestable)    \x     the character x itself
 *
 * Dot files are not special (`*` matches `.github`). A pattern that cannot be read as a glob
 * (an unclosed `[` or `{`) matches those characters literally.
 */
export function pathGlobSource(glob: string): string {
  let out = '';
  // The alternation groups open at this point: where each closes, and the literal braces inside it.
  const groups: { end: number; literalBraces: number }[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    const group = groups[groups.length - 1];
    const atSegmentStart = i === 0 || glob.charAt(i - 1) === '/';
    if (c === '*' && glob.charAt(i + 1) === '*' && atSegmentStart && (i + 2 === glob.length || glob.charAt(i + 2) === '/')) {
      if (i + 2 === glob.length) {
        // `a/**` is a and everything below it; a pattern that is `**` alone, everything.
        if (out.endsWith('/')) out = `${out.slice(0, -1)}(?:/.*)?`;
        else out += '.*';
        i += 1;
      } else {
        out += '(?:.*/)?';
        i += 2; // the `/` after `**` is part of what `(?:.*/)?` matches
      }
      continue;
    }
    if (c === '*') {
      while (glob.charAt(i + 1) === '*') i++;
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += escapeRegExp(glob.charAt(++i));
    else if (c === '[') {
      const end = classEnd(glob, i);
      if (end === -1) out += '\\[';
      else {
        out += bracketClass(glob.slice(i + 1, end));
        i = end;
      }
    } else if (c === '{') {
      const end = braceEnd(glob, i);
      if (end !== -1) {
        groups.push({ end, literalBraces: 0 });
        out += '(?:';
      } else {
        if (group) group.literalBraces++;
        out += '\\{';
      }
    } else if (c === '}' && group?.end === i) {
      groups.pop();
      out += ')';
    } else if (c === '}' && group && group.literalBraces > 0) {
      group.literalBraces--;
      out += '\\}';
    } else if (c === ',' && group && group.literalBraces === 0) out += '|';
    else out += escapeRegExp(c);
  }
  return out;
}

/** The index of the `]` closing the class opened at `start`, or -1. A `]` right after `[`, `[!` or `[^` is a member. */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob.charAt(i) === '!' || glob.charAt(i) === '^') i++;
  if (glob.charAt(i) === ']') i++;
  for (; i < glob.length; i++) {
    if (glob.charAt(i) === '\\') i++;
    else if (glob.charAt(i) === ']') return i;
  }
  return -1;
}

/** A bracket expression's members as an RE2 class; a range written backwards (`z-a`) is three characters. */
function bracketClass(body: string): string {
  const negated = body.startsWith('!') || body.startsWith('^');
  const members: string[] = [];
  const text = negated ? body.slice(1) : body;
  for (let i = 0; i < text.length; i++) members.push(text.charAt(i) === '\\' && i + 1 < text.length ? text.charAt(++i) : text.charAt(i));
  let out = '';
  for (let i = 0; i < members.length; i++) {
    const lo = members[i] as string;
    const hi = members[i + 2];
    if (members[i + 1] === '-' && hi !== undefined && lo <= hi) {
      out += `${classMember(lo)}-${classMember(hi)}`;
      i += 2;
    } else out += classMember(lo);
  }
  return negated ? `[^/${out}]` : `[${out}]`;
}

/** One character inside an RE2 class: ASCII punctuation escaped, everything else as it is. */
function classMember(c: string): string {
  return /[!-/:-@[-`{-~]/.test(c) ? `\\${c}` : c;
}

/**
 * The index of the `}` closing the brace opened at `start`, read as the translation reads (braces
 * nest); -1 when there is none, or no comma in it: as in the shell, `{a}` is literal text.
 */
function braceEnd(glob: string, start: number): number {
  let depth = 0;
  let alternatives = false;
  for (let i = start; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '\\') i++;
    else if (c === '[') i = Math.max(i, classEnd(glob, i)); // a brace inside a class is a member
    else if (c === '{') depth++;
    else if (c === ',' && depth === 1) alternatives = true;
    else if (c === '}' && --depth === 0) return alternatives ? i : -1;
  }
  return -1;
}
