import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml, record, settleSkips, stringList, turnOff, turnOn, turnRuleOff } from './shared.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

/*
 * kube-score has no configuration file of its own in most releases: it is configured on its
 * command line. The importer reads either a file holding kube-score command lines (a CI script, a
 * Makefile, a workflow: every `kube-score score ...` in it) or the configuration file of
 * `kube-score mkconfig` (`.kube-score.yml`). A test is run by kube-score when it is a default test
 * or an optional one enabled, and not ignored; ignoring wins.
 */

/** The keys of `kube-score mkconfig`'s file. */
const CONFIG_KEYS = ['addAllDefaultChecks', 'addAllOptionalChecks', 'disableIgnoreChecksAnnotations', 'defaultChecks', 'optionalChecks', 'include', 'exclude'];

export const kubeScoreImporter: ConfigImporter = {
  tool: 'kube-score',
  read(text, file, into) {
    const config = /\.ya?ml$/i.test(file) ? record(tryYaml(text, file)) : undefined;
    if (config && Object.keys(config).some((key) => CONFIG_KEYS.includes(key))) {
      readConfigFile(config, file, into);
      settleSkips(into);
      return;
    }
    const commands = kubeScoreCommands(text);
    if (commands.length === 0) into.notImported.push(`${file}: no kube-score command line (kube-score score ...) found in it`);
    for (const { args, line } of commands) readCommandLine(args, `${file}:${line}`, path.dirname(file), into);
  },
};

function tryYaml(text: string, file: string): unknown {
  try {
    return parseYaml(text, file);
  } catch {
    return undefined;
  }
}

/** `kube-score mkconfig`'s file: exclude (and, without addAllDefaultChecks, every default check) ignored; include (and, with addAllOptionalChecks, every optional check) enabled. */
function readConfigFile(config: Record<string, unknown>, file: string, into: ImportedConfig): void {
  const ignored = [...stringList(config.exclude), ...(config.addAllDefaultChecks === false ? stringList(config.defaultChecks) : [])];
  const enabled = [...stringList(config.include), ...(config.addAllOptionalChecks === true ? stringList(config.optionalChecks) : [])];
  apply({ ignored, enabled }, { ignore: `${file} exclude (or defaultChecks without addAllDefaultChecks):`, enable: `${file} include (or optionalChecks with addAllOptionalChecks):` }, into);
  if (config.disableIgnoreChecksAnnotations === true) into.notImported.push(annotationsNote(`${file} disableIgnoreChecksAnnotations`));
}

interface Tests {
  readonly ignored: readonly string[];
  readonly enabled: readonly string[];
}

/** Turns the tests' rules off and on; `how` names the settings that ignore and enable them. */
function apply({ ignored, enabled }: Tests, how: { readonly ignore: string; readonly enable: string }, into: ImportedConfig): void {
  const ignoredSet = new Set(ignored);
  for (const id of ignoredSet) turnOff(into, 'kube-score', id, `${how.ignore} ${id}`);
  for (const id of new Set(enabled)) if (!ignoredSet.has(id)) turnOn(into, 'kube-score', id, `${how.enable} ${id}`);
}

function annotationsNote(setting: string): string {
  return `${setting}: not carried over (annotations.otherTools: false in .rampart.yaml stops honouring the exemption annotations of every other scanner, not kube-score's alone)`;
}

/** A kube-score command line: its arguments after `kube-score score` (or `kube-score`), and the line it starts on. */
interface Command {
  readonly args: readonly string[];
  readonly line: number;
}

/**
 * The kube-score invocations in a shell-like text: words split as a shell splits them (quotes,
 * backslash escapes and line continuations), a command ending at a newline, `;`, `|`, `&&`, `||`
 * or a comment.
 */
export function kubeScoreCommands(text: string): Command[] {
  const commands: Command[] = [];
  for (const { words, line } of shellCommands(text)) {
    const at = words.findIndex((w) => path.basename(w) === 'kube-score');
    if (at === -1) continue;
    const rest = words.slice(at + 1);
    // `kube-score score FILES`, or the flags given straight after the name (older releases' `kube-score FILES`).
    const args = rest[0] === 'score' ? rest.slice(1) : rest[0] === undefined || rest[0].startsWith('-') ? rest : undefined;
    if (args) commands.push({ args, line });
  }
  return commands;
}

function shellCommands(text: string): Array<{ words: string[]; line: number }> {
  const commands: Array<{ words: string[]; line: number }> = [];
  let words: string[] = [];
  let word: string | undefined;
  let line = 1;
  let start = 1;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push({ words, line: start });
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (words.length === 0 && word === undefined) start = line;
    if (ch === '\\') {
      const next = text[i + 1];
      i++;
      if (next === '\n') line++;
      else if (next !== undefined) word = (word ?? '') + next;
    } else if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      const end = close === -1 ? text.length : close;
      const quoted = text.slice(i + 1, end);
      line += quoted.split('\n').length - 1;
      word = (word ?? '') + (ch === '"' ? quoted.replace(/\\(["\\$`])/g, '$1') : quoted);
      i = end;
    } else if (ch === '#' && word === undefined) {
      const nl = text.indexOf('\n', i);
      i = (nl === -1 ? text.length : nl) - 1;
    } else if (ch === '\n' || ch === ';' || ch === '|' || ch === '&') {
      endCommand();
      if (ch === '\n') line++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') endWord();
    else word = (word ?? '') + ch;
  }
  endCommand();
  return commands;
}

/** The flags of `kube-score score` that change what is reported or the exit code. */
function readCommandLine(args: readonly string[], where: string, dir: string, into: ImportedConfig): void {
  const ignored: string[] = [];
  const enabled: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const value = () => inline ?? args[++i] ?? '';
    const flag = () => inline === undefined || inline === 'true';
    const setting = `${where} --${name}`;
    switch (name) {
      case 'ignore-test':
        ignored.push(...value().split(',').map((s) => s.trim()).filter((s) => s !== ''));
        break;
      case 'enable-optional-test':
        enabled.push(...value().split(',').map((s) => s.trim()).filter((s) => s !== ''));
        break;
      case 'ignore-container-cpu-limit':
        if (flag()) turnRuleOff(into, 'cpu-limits-missing', `${setting} (kube-score's container-resources then asks for no CPU limit)`);
        break;
      case 'ignore-container-memory-limit':
        if (flag()) turnRuleOff(into, 'memory-limits-missing', `${setting} (kube-score's container-resources then asks for no memory limit)`);
        break;
      case 'disable-ignore-checks-annotations':
        if (flag()) into.notImported.push(annotationsNote(setting));
        break;
      case 'exit-one-on-warning':
        if (flag()) into.notImported.push(`${setting}: not carried over (kube-score's grades are not Rampart's severities: set failOn to the severity that should fail the run)`);
        break;
      case 'kubernetes-version':
        into.notImported.push(`${setting} ${value()}: pass --kube-version to rampart scan (the version-dependent rules read it there)`);
        break;
      case 'config': {
        const file = path.resolve(dir, value());
        if (existsSync(file)) readConfigFile(record(parseYaml(readFileSync(file, 'utf8'), file)) ?? {}, path.relative(process.cwd(), file), into);
        else into.notImported.push(`${setting}: ${path.relative(process.cwd(), file)} not found beside the file read; import it too`);
        break;
      }
      case 'output-format':
      case 'output-version':
        value();
        break;
      case 'verbose':
      case 'help':
        break;
      default:
        into.notImported.push(`${setting}: not a kube-score flag Rampart knows`);
    }
  }
  apply({ ignored, enabled }, { ignore: `${where} --ignore-test`, enable: `${where} --enable-optional-test` }, into);
  // One run: the tests its configuration file and its flags ignore together.
  settleSkips(into);
}
