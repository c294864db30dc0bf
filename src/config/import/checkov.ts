import { isCheckovPolicy, readCheckovPolicy, readExternalChecks } from './checkov-policies.js';
import { checkIdsOf, rulesFor } from '../../checks/equivalents.js';
import { escapeRegExp } from '../../core/full-match.js';
import { noEquivalent, parseYaml, record, settleSkips, stringList, turnOff, turnRuleOff } from './shared.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

const KUBERNETES_CHECK = /^CKV2?_K8S_\d+$/;

/**
 * Checkov's `.checkov.yaml`: `skip-check` ids are turned off, `soft-fail` is `failOn: never`, the
 * YAML policies of `external-checks-dir` become custom rules; wildcards, severities, `check`
 * allow-lists and `skip-path` are reported. A Checkov YAML policy file itself becomes one custom rule.
 */
export const checkovImporter: ConfigImporter = {
  tool: 'Checkov',
  read(text, file, into) {
    const config = record(parseYaml(text, file)) ?? {};
    if (isCheckovPolicy(config)) {
      readCheckovPolicy(config, file, into);
      return;
    }
    const custom = readExternalChecks(stringList(config['external-checks-dir']), file, into);
    for (const written of checkovList(config['skip-check'])) {
      if (namesNothing(written, `${file} skip-check`, into)) continue;
      const ids = expand(written, custom);
      if (!ids) {
        into.notImported.push(`${file} skip-check: "${written}" is not a Kubernetes check id (severities, and ids with a path pattern after ":", are not carried over)`);
        continue;
      }
      const setting = ids.wildcard ? `${file} skip-check ${written}` : `${file} skip-check`;
      for (const id of ids.matched) {
        const ruleId = custom.get(id);
        if (ruleId) turnRuleOff(into, ruleId, setting);
        else if (!ids.wildcard || rulesFor('Checkov', id).length > 0) turnOff(into, 'Checkov', id, setting);
      }
      if (ids.wildcard) wildcardNote(written, ids.matched, custom, `${file} skip-check`, into);
    }
    settleSkips(into);
    readAllowList(checkovList(config.check), custom, `${file} check`, into);
    // soft-fail: Checkov exits 0 whatever it finds.
    if (config['soft-fail'] === true) into.thresholds.set('failOn', { value: 'never', from: `${file} soft-fail: true` });
    // What changes Checkov's verdict or exit code, and has no Rampart setting of its own.
    for (const key of ['soft-fail-on', 'hard-fail-on'] as const) {
      if (checkovList(config[key]).length > 0) into.notImported.push(`${file} ${key}: ${checkovList(config[key]).join(', ')}: not carried over (Rampart's failOn is one severity for every rule; rules: can change a rule's severity)`);
    }
    const frameworks = stringList(config.framework).map((f) => f.toLowerCase());
    if (frameworks.length > 0 && !frameworks.some((f) => ['all', 'kubernetes', 'helm', 'kustomize'].includes(f))) {
      into.notImported.push(`${file} framework: ${frameworks.join(', ')}: Checkov does not read Kubernetes manifests with this configuration; the settings above are imported all the same`);
    }
    if (stringList(config['skip-path']).length > 0) into.notImported.push(`${file} skip-path: Checkov's paths are regular expressions searched anywhere in a path; write them as exclude: globs`);
  },
};

/**
 * Checkov's `check:`: only the checks named run. Their rules (and the custom rules of the policies
 * named) become `onlyRules:`; ids that are not Kubernetes checks are listed. A list none of whose
 * checks has a rule is not carried over, rather than running nothing.
 */
function readAllowList(ids: readonly string[], custom: ReadonlyMap<string, string>, setting: string, into: ImportedConfig): void {
  if (ids.length === 0) return;
  const rules = new Set<string>();
  for (const written of ids) {
    if (namesNothing(written, setting, into)) continue;
    const expanded = expand(written, custom);
    if (!expanded) {
      into.notImported.push(`${setting}: "${written}" is not a Kubernetes check id (severities, and ids with a path pattern after ":", are not carried over)`);
      continue;
    }
    for (const id of expanded.matched) {
      const ruleId = custom.get(id);
      if (ruleId) rules.add(ruleId);
      else if (rulesFor('Checkov', id).length === 0) {
        if (!expanded.wildcard) into.notImported.push(noEquivalent(setting, 'Checkov', 'check', id));
      } else for (const rule of rulesFor('Checkov', id)) rules.add(rule);
    }
    if (expanded.wildcard) wildcardNote(written, expanded.matched, custom, setting, into);
  }
  if (rules.size === 0) {
    into.notImported.push(`${setting}: none of the checks it allows has a Rampart rule, so no allow-list is written`);
    return;
  }
  for (const rule of rules) into.only.rules.add(rule);
  into.only.from.push(`${setting} (Checkov runs only these checks)`);
}

/**
 * A list setting as Checkov reads it from its file: configargparse makes a scalar one item and each
 * item of a sequence one item (Python's str() of it), and convert_csv_string_arg_to_list
 * (checkov/common/util/type_forcers.py) splits the items at commas only when there is exactly one,
 * trimming nothing: `skip-check: [A, "B,C"]` is A and "B,C", and `"A, B"` is A and " B".
 */
function checkovList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = (Array.isArray(value) ? value : [value]).map(pythonStr);
  return items.length === 1 ? (items[0] ?? '').split(',') : items;
}

function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  return String(value);
}

/**
 * Whether an item of check or skip-check names no check in Checkov, which matches ids as written:
 * one with spaces around it, or holding a comma (an item of a longer list, which Checkov does not
 * split), is listed; an empty one (`A,`) is dropped.
 */
function namesNothing(written: string, setting: string, into: ImportedConfig): boolean {
  if (written === '') return true;
  if (written.includes(',')) into.notImported.push(`${setting}: "${written}" names no check: Checkov splits at commas only a list of one item (write each id as an item of its own)`);
  else if (written.trim() !== written) into.notImported.push(`${setting}: "${written}" names no check: Checkov does not trim the spaces around an id`);
  else return false;
  return true;
}

/**
 * The check ids an entry of check or skip-check names: itself, for a Kubernetes id or a custom
 * policy's; for a pattern with Checkov's wildcards (Python's fnmatch: `*`, `?`, `[...]`), every
 * Kubernetes check of the coverage table and custom policy it matches. Undefined for anything else.
 */
function expand(written: string, custom: ReadonlyMap<string, string>): { matched: string[]; wildcard: boolean } | undefined {
  if (!/[*?[]/.test(written)) return custom.has(written) || KUBERNETES_CHECK.test(written) ? { matched: [written], wildcard: false } : undefined;
  const matches = fnmatch(written);
  const matched = [...checkIdsOf('Checkov').filter((id) => KUBERNETES_CHECK.test(id)), ...custom.keys()].filter(matches);
  return matched.length > 0 ? { matched, wildcard: true } : undefined;
}

/** Python's fnmatch.fnmatchcase as a test: `*` any text, `?` one character, `[...]` a class (`[!...]` negated). */
function fnmatch(pattern: string): (id: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[' && pattern.indexOf(']', i + 2) !== -1) {
      const end = pattern.indexOf(']', i + 2);
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else source += escapeRegExp(ch);
  }
  const re = new RegExp(`^(?:${source})$`, 's');
  return (id) => re.test(id);
}

/** What a wildcard entry left out: the Kubernetes checks it matches that no rule checks exactly. */
function wildcardNote(written: string, matched: readonly string[], custom: ReadonlyMap<string, string>, setting: string, into: ImportedConfig): void {
  const without = matched.filter((id) => !custom.has(id) && rulesFor('Checkov', id).length === 0);
  if (without.length > 0) into.notImported.push(`${setting}: ${written} matches ${without.length} Kubernetes check${without.length === 1 ? '' : 's'} with no exact Rampart rule (${without.join(', ')}), whose rules stay as they are`);
}
