/*
 * Where a container's argument vector runs sudo as a command, not merely mentions it: the program
 * itself (after wrappers such as env or tini --), or a command of a shell script passed with -c.
 * `usermod -aG sudo app`, `apt-get install -y sudo`, `command -v sudo`, quoted text and comments
 * name sudo without running it.
 */

/**
 * sudo, or doas (OpenBSD's, packaged by Alpine in its place), as a program name, bare or as a path
 * (`/usr/bin/sudo`); not sudoers, visudo, doas.conf or /usr/lib/sudo/….
 */
const SUDO_PROGRAM = /^(?:.*\/)?(?:sudo|doas)$/;

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Programs that run the program named after their own options, and the options that take a value. */
const WRAPPERS: ReadonlyMap<string, { readonly valued: ReadonlySet<string>; readonly assignments?: true }> = new Map([
  ['env', { valued: new Set(['-u', '--unset', '-C', '--chdir']), assignments: true }],
  ['tini', { valued: new Set(['-p', '-e']) }],
  ['tini-static', { valued: new Set(['-p', '-e']) }],
  ['dumb-init', { valued: new Set(['-r', '--rewrite']) }],
  ['catatonit', { valued: new Set<string>() }],
  ['exec', { valued: new Set(['-a']) }],
  ['nohup', { valued: new Set<string>() }],
  ['setsid', { valued: new Set<string>() }],
  ['nice', { valued: new Set(['-n', '--adjustment']) }],
  ['time', { valued: new Set(['-o', '--output', '-f', '--format']) }],
  ['busybox', { valued: new Set<string>() }],
]);

const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'yash']);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Index of the program argv runs, past any wrappers; undefined when it is not a string. */
function programIndex(argv: readonly unknown[]): number | undefined {
  let i = 0;
  for (;;) {
    const word = argv[i];
    if (typeof word !== 'string') return undefined;
    const wrapper = WRAPPERS.get(basename(word));
    if (!wrapper) return i;
    i++;
    for (;;) {
      const option = argv[i];
      if (typeof option !== 'string') return undefined;
      if (option === '--') {
        i++;
        break;
      }
      if (option.startsWith('-')) i += wrapper.valued.has(option) ? 2 : 1;
      else if (wrapper.assignments && ASSIGNMENT.test(option)) i++;
      else break;
    }
  }
}

/** For a shell at argv[program], the index of the script it runs with -c (`sh -euo pipefail -c SCRIPT`). */
function scriptIndex(argv: readonly unknown[], program: number): number | undefined {
  let command = false;
  let i = program + 1;
  for (;;) {
    const word = argv[i];
    if (typeof word !== 'string') return undefined;
    if (word === '--' || word === '-') return command ? i + 1 : undefined;
    if (word === '--rcfile' || word === '--init-file') i += 2;
    else if (word.startsWith('--')) i++;
    else if (/^[-+][A-Za-z]+$/.test(word)) {
      if (word.startsWith('-') && word.includes('c')) command = true;
      // -o and -O take an option name: `-euo pipefail`.
      i += /[oO]/.test(word) ? 2 : 1;
    } else return command ? i : undefined;
  }
}

/** Where argv runs sudo: the element, for a shell script the offset of sudo in it, and which program it is. */
export interface SudoHit {
  readonly element: number;
  readonly offset?: number;
  readonly program: 'sudo' | 'doas';
}

const programOf = (word: string): 'sudo' | 'doas' => (basename(word) === 'doas' ? 'doas' : 'sudo');

export function findSudo(argv: readonly unknown[]): SudoHit | undefined {
  const program = programIndex(argv);
  if (program === undefined) return undefined;
  const name = argv[program] as string;
  if (SUDO_PROGRAM.test(name)) return { element: program, program: programOf(name) };
  if (!SHELLS.has(basename(name))) return undefined;
  const script = scriptIndex(argv, program);
  const text = script === undefined ? undefined : argv[script];
  if (typeof text !== 'string') return undefined;
  const found = sudoCommandInScript(text);
  return found === undefined ? undefined : { element: script as number, offset: found.offset, program: found.program };
}

/*
 * In a shell script, sudo runs where a command starts: at the start, after ; & && | || ( ` $( or a
 * newline, after a keyword (then, do, else, if, while, ! {), after a wrapper (exec, env, nohup,
 * xargs, time, command, nice, setsid, timeout) or after VAR=value assignments. The script is first
 * masked (see shellCode) so that quoted text, comments and here-documents cannot match.
 */
// The alternatives of each option loop must never match the same text two ways (`-uA` as `-u A`
// and as a flag): a script that then runs no sudo would make the search try every split of its
// words, exponentially many. A value option takes its value as the next word; written joined
// (`-uA`, `-n5`) it is read as one flag, which skips it just the same.
const PREFIX_WORD = [
  String.raw`then|do|else|elif|if|while|until|!|\{|exec|nohup|setsid`,
  String.raw`time(?:[ \t]+-p)?`,
  String.raw`command(?:[ \t]+-p)?`,
  String.raw`env(?:[ \t]+(?:-[uC][ \t]+[^\s;&|]+|-(?![uC](?:[ \t]|$))[^\s;&|]*))*`,
  String.raw`xargs(?:[ \t]+-[^\s;&|]+)*`,
  String.raw`nice(?:[ \t]+-n[ \t]+[^\s;&|]+|[ \t]+-(?!n(?:[ \t]|$))[^\s;&|]+)*`,
  String.raw`timeout(?:[ \t]+-[^\s;&|]+)*[ \t]+\d[^\s;&|]*`,
  String.raw`[A-Za-z_][A-Za-z0-9_]*=[^\s;&|]*`,
].join('|');
const SUDO_COMMAND = new RegExp(String.raw`(?:^|[;&|(\x60\n])[ \t]*(?:(?:${PREFIX_WORD})[ \t]+)*((?:[^\s;&|()<>\x60]*\/)?(?:sudo|doas))(?=$|[\s;&|()<>\x60])`);

/** The first sudo (or doas) the script runs as a command: its offset, and which it is. */
function sudoCommandInScript(script: string): { readonly offset: number; readonly program: 'sudo' | 'doas' } | undefined {
  const match = SUDO_COMMAND.exec(shellCode(script));
  if (!match) return undefined;
  const word = match[1] as string;
  return { offset: match.index + match[0].length - word.length, program: programOf(word) };
}

/** Offset of the first sudo (or doas) the script runs as a command. */
export function sudoInScript(script: string): number | undefined {
  return sudoCommandInScript(script)?.offset;
}

/** A here-document operator and its delimiter (`<<EOF`, `<<-'END'`); not `$((1 << 2))`. */
const HEREDOC = /<<(-?)[ \t]*\\?(['"]?)([A-Za-z_][^\s'";&|<>()]*)\2/y;

/** Quotes and substitutions nested deeper than this are masked whole. */
const MAX_NESTING = 32;

/** A shell or su option word ending in c before a quoted argument: that argument is a script too. */
const NESTED_SCRIPT = /(?:^|[\s;&|(`/])(?:sh|bash|dash|ash|zsh|ksh|mksh|su|runuser)(?:[ \t]+[^\s;&|<>()]+)*?[ \t]+-[A-Za-z]*c[ \t]+$/;

/**
 * The script with what the shell does not run as commands overwritten by `_` (same length, so
 * offsets carry over): quoted text, escaped characters, comments and here-document bodies. Command
 * substitutions inside double quotes stay, and so does a quoted script passed to `sh -c` or `su -c`.
 */
export function shellCode(script: string): string {
  const out = script.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) out[k] = '_';
  };
  const nestedScript = (quote: number): boolean => NESTED_SCRIPT.test(script.slice(Math.max(0, quote - 200), quote));

  /**
   * Scans code in [start, limit) until `stop` (a `)` only at depth 0); returns its index, or limit.
   * `nesting` counts enclosing quotes and substitutions: past MAX_NESTING the rest is masked, so
   * that a manifest cannot exhaust the stack.
   */
  const code = (start: number, limit: number, stop: string | undefined, nesting: number): number => {
    if (nesting > MAX_NESTING) {
      blank(start, limit);
      return limit;
    }
    let depth = 0;
    const heredocs: Array<{ readonly delimiter: string; readonly tabs: boolean }> = [];
    let i = start;
    while (i < limit) {
      const ch = script[i] as string;
      if (ch === stop && (stop !== ')' || depth === 0)) return i;
      if (stop === ')' && ch === '(') depth++;
      else if (stop === ')' && ch === ')') depth--;
      if (ch === '\\') {
        blank(i, i + 2);
        i += 2;
      } else if (ch === "'") {
        const found = script.indexOf("'", i + 1);
        const end = found < 0 || found >= limit ? limit : found;
        if (nestedScript(i)) {
          out[i] = ';';
          code(i + 1, end, undefined, nesting + 1);
          if (end < limit) out[end] = ';';
        } else blank(i, end + 1);
        i = end + 1;
      } else if (ch === '"') {
        i = doubleQuoted(i, limit, nesting + 1);
      } else if (ch === '$' && script[i + 1] === "'") {
        let k = i + 2;
        while (k < limit && script[k] !== "'") k += script[k] === '\\' ? 2 : 1;
        blank(i, k + 1);
        i = k + 1;
      } else if (ch === '#' && (i === start || /[\s;&|(]/.test(script[i - 1] as string))) {
        const eol = script.indexOf('\n', i);
        const end = eol < 0 || eol > limit ? limit : eol;
        blank(i, end);
        i = end;
      } else if (ch === '<' && script.startsWith('<<', i) && script[i + 2] !== '<') {
        HEREDOC.lastIndex = i;
        const heredoc = HEREDOC.exec(script);
        if (heredoc) heredocs.push({ delimiter: heredoc[3] as string, tabs: heredoc[1] === '-' });
        i += heredoc ? heredoc[0].length : 2;
      } else if (ch === '\n' && heredocs.length > 0) {
        let line = i + 1;
        for (const { delimiter, tabs } of heredocs.splice(0)) {
          while (line < limit) {
            const eol = script.indexOf('\n', line);
            const end = eol < 0 || eol > limit ? limit : eol;
            const text = script.slice(line, end);
            blank(line, end);
            line = end + 1;
            if ((tabs ? text.replace(/^\t+/, '') : text) === delimiter) break;
          }
        }
        // Resume at the newline that ends the last body, a command boundary.
        i = Math.max(i + 1, line - 1);
      } else i++;
    }
    return limit;
  };

  /** A double-quoted string from its opening quote; returns the index after the closing one. */
  const doubleQuoted = (open: number, limit: number, nesting: number): number => {
    if (nestedScript(open)) {
      const end = code(open + 1, limit, '"', nesting);
      out[open] = ';';
      if (end < limit) out[end] = ';';
      return end + 1;
    }
    out[open] = '_';
    let k = open + 1;
    while (k < limit) {
      const ch = script[k];
      if (ch === '"') break;
      if (ch === '\\') {
        blank(k, k + 2);
        k += 2;
      } else if (ch === '$' && script[k + 1] === '(') k = code(k + 2, limit, ')', nesting) + 1;
      else if (ch === '`') k = code(k + 1, limit, '`', nesting) + 1;
      else blank(k, ++k);
    }
    blank(k, k + 1);
    return k + 1;
  };

  code(0, script.length, undefined, 0);
  return out.join('');
}
