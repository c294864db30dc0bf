import path from 'node:path';
import { checkIdsOf } from '../../checks/equivalents.js';
import { listUnknownKeys, parseYaml, record, RefusedCheck, settleSkips, stringList, turnOff, turnOn, yamlLine } from './shared.js';
import { applyResourceBounds, emptyResourceBounds, readRequirementsCheck } from './kube-linter-resources.js';
import { readBuiltInCopy } from './kube-linter-builtins.js';
import { unknownIncludedChecks } from './kube-linter-check-names.js';
import { applyBuiltInParams, readReplicaCheck } from './kube-linter-rule-params.js';
import { readTemplateCheck, templateParams } from './kube-linter-templates.js';
import { readCelCheck } from './kube-linter-cel.js';
import { readPortedCheck } from './kube-linter-ported.js';
import { type ConfigImporter, type ImportedConfig, ImportInputError } from './types.js';

/** kube-linter's `.kube-linter.yaml`: `checks.include`, `checks.exclude`, `checks.ignorePaths`, and what has no counterpart. */
export const kubeLinterImporter: ConfigImporter = {
  tool: 'kube-linter',
  read(text, file, into) {
    const config = record(parseYaml(text, file)) ?? {};
    const checks = record(config.checks) ?? {};
    listUnknownKeys(config, ['checks', 'customChecks'], `${file} `, 'kube-linter', into);
    listUnknownKeys(checks, ['addAllBuiltIn', 'doNotAutoAddDefaults', 'exclude', 'include', 'ignorePaths'], `${file} checks.`, 'kube-linter', into);
    const excluded = new Set(stringList(checks.exclude));
    const custom = Array.isArray(config.customChecks) ? config.customChecks : [];
    const customNames = new Set(custom.map((entry) => record(entry)?.name).filter((name): name is string => typeof name === 'string'));
    // Excluding a check of required keys (built in or custom) takes its key away, not the rule that checks the others.
    for (const id of excluded) if (!REQUIRED_KEY_CHECKS[id] && !customNames.has(id)) turnOff(into, 'kube-linter', id, `${file} checks.exclude`);
    settleSkips(into);
    const required: RequiredKeys = { labels: [], annotations: [], from: [] };
    // addAllBuiltIn: every built-in check, as if each were included.
    const includes = [...new Set([...(checks.addAllBuiltIn === true ? checkIdsOf('kube-linter') : []), ...stringList(checks.include)])];
    for (const id of includes) {
      if (excluded.has(id)) continue;
      const builtIn = REQUIRED_KEY_CHECKS[id];
      const setting = stringList(checks.include).includes(id) ? `${file} checks.include` : `${file} checks.addAllBuiltIn`;
      if (builtIn) addRequiredKey(required, builtIn.field, builtIn.key, `${setting}: ${id}`);
      else {
        turnOn(into, 'kube-linter', id, setting);
        applyBuiltInParams(id, `${setting}: ${id}`, into);
      }
    }
    for (const pattern of patternList(checks.ignorePaths)) readIgnorePath(pattern, file, into);
    const bounds = emptyResourceBounds();
    const others = custom.filter((entry, i) => {
      const check = record(entry) ?? {};
      const where = `${file} customChecks[${i}]`;
      try {
        return (
          !readRequiredKeyCheck(check, where, excluded, required) &&
          !readRequirementsCheck(check, where, excluded, bounds, into) &&
          !readReplicaCheck(check, templateParams(check), where, excluded, into) &&
          !readTemplateCheck(check, where, excluded, into) &&
          !readCelCheck(check, templateParams(check), where, excluded, into) &&
          !readBuiltInCopy(check, templateParams(check), where, excluded, into) &&
          !readPortedCheck(check, templateParams(check), where, excluded, into)
        );
      } catch (error) {
        // kube-linter registers every custom check, excluded or not, and stops on one it refuses.
        if (!(error instanceof RefusedCheck)) throw error;
        const line = yamlLine(text, ['customChecks', i]);
        throw new ImportInputError(`${file}${line === undefined ? '' : `:${line}`}: customChecks[${i}] (${String(check.name)}): ${error.message}, so kube-linter refuses the configuration`);
      }
    });
    // After the custom checks, as kube-linter registers them before it validates the checks it runs.
    refuseUnknownIncludes(checks.include, excluded, customNames, text, file);
    for (const entry of others) {
      const check = record(entry) ?? {};
      if (typeof check.name === 'string' && excluded.has(check.name)) continue;
      const where = `${file} customChecks[${custom.indexOf(entry)}]: ${String(check.name)} (${String(check.template)})`;
      into.notImported.push(`${where}: not carried over: no Rampart rule checks what this template checks with these parameters`);
    }
    requireKeys(required, into);
    applyResourceBounds(bounds, into);
    if (checks.doNotAutoAddDefaults === true) allowOnly(into, `${file} checks.doNotAutoAddDefaults`);
  },
};

/** Throws ImportInputError, naming the line, for `checks.include` names of no check (unknownIncludedChecks), as kube-linter refuses the configuration. */
function refuseUnknownIncludes(include: unknown, excluded: ReadonlySet<string>, customNames: ReadonlySet<string>, text: string, file: string): void {
  const unknown = unknownIncludedChecks(stringList(include), excluded, customNames);
  if (unknown.length === 0) return;
  const index = Array.isArray(include) ? include.findIndex((item) => stringList(item).includes(unknown[0]!)) : -1;
  const line = yamlLine(text, index >= 0 ? ['checks', 'include', index] : ['checks', 'include']);
  const names = unknown.map((name) => JSON.stringify(name)).join(', ');
  throw new ImportInputError(`${file}${line === undefined ? '' : `:${line}`}: checks.include: kube-linter has no check ${names}, so it refuses the configuration (check ${JSON.stringify(unknown[0])} not found)`);
}

/**
 * doNotAutoAddDefaults: kube-linter runs only the checks included and the custom checks. Their
 * rules (those the import turned on or gave parameters, and its custom rules) become `onlyRules:`.
 */
function allowOnly(into: ImportedConfig, setting: string): void {
  const rules = new Set([...into.enabled, ...into.on.keys(), ...into.customRules.map(({ rule }) => String(rule.id))]);
  for (const rule of into.off.keys()) rules.delete(rule);
  if (rules.size === 0) {
    into.notImported.push(`${setting}: no check it leaves on has a Rampart rule, so no allow-list is written`);
    return;
  }
  for (const rule of rules) into.only.rules.add(rule);
  into.only.from.push(`${setting} (kube-linter runs only the checks included and the custom checks)`);
}

/** The keys kube-linter's required-label and required-annotation checks ask for, gathered into missing-required-labels' parameters. */
interface RequiredKeys {
  readonly labels: string[];
  readonly annotations: string[];
  readonly from: string[];
}

const REQUIRED_LABELS_RULE = 'missing-required-labels';

/** The built-in checks of kube-linter's required-label and required-annotation templates, and the key each asks for. */
const REQUIRED_KEY_CHECKS: Readonly<Record<string, { field: 'labels' | 'annotations'; key: string }>> = {
  'required-label-owner': { field: 'labels', key: 'owner' },
  'required-annotation-email': { field: 'annotations', key: 'email' },
};

function addRequiredKey(required: RequiredKeys, field: 'labels' | 'annotations', key: string, from: string): void {
  if (!required[field].includes(key)) required[field].push(key);
  required.from.push(from);
}

/** A custom check of the required-label or required-annotation template that names a plain key: its key, added; false for any other check. */
function readRequiredKeyCheck(check: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, required: RequiredKeys): boolean {
  const field = check.template === 'required-label' ? 'labels' : check.template === 'required-annotation' ? 'annotations' : undefined;
  const params = templateParams(check);
  const key = typeof params.key === 'string' ? params.key : '';
  if (!field || (params.value !== undefined && params.value !== '') || !/^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(key)) return false;
  if (typeof check.name !== 'string' || !excluded.has(check.name)) addRequiredKey(required, field, key, `${where}: ${String(check.name)}`);
  return true;
}

/**
 * Turns missing-required-labels on with the keys gathered. kube-linter reads each key as a regular
 * expression found anywhere in a key (`owner` is met by `team-owner`), and the email annotation's
 * value as an address; the rule requires the key itself, with any value: the comment says so.
 */
function requireKeys(required: RequiredKeys, into: ImportedConfig): void {
  if (required.from.length === 0 || into.off.has(REQUIRED_LABELS_RULE)) return;
  const from = `${required.from.join(', ')} (kube-linter matches the keys as regular expressions anywhere in a key${required.annotations.includes('email') ? ', and the email annotation\'s value as an address' : ''}; this rule requires the keys themselves)`;
  into.on.set(REQUIRED_LABELS_RULE, from);
  into.params.set(REQUIRED_LABELS_RULE, { labels: required.labels, annotations: required.annotations });
}

/** A list of globs as kube-linter reads it: a YAML sequence, or one string split at white space (a comma belongs to `{a,b}`). */
function patternList(value: unknown): string[] {
  const items = typeof value === 'string' ? value.split(/\s+/) : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * kube-linter makes each pattern absolute (`~` from the home directory, a relative one from the
 * directory it runs in, where it finds this file) and leaves out every file, directory and chart
 * template whose absolute path the pattern matches whole, with doublestar's globs: `*`, `?`, `**`,
 * `[...]`, `{a,b}`, as Rampart's. A matched directory is not entered by Rampart; kube-linter still
 * reads what is under it unless the pattern matches that too (`dir/**` does).
 */
function readIgnorePath(raw: string, file: string, into: ImportedConfig): void {
  const setting = `${file} checks.ignorePaths: ${raw}`;
  if (raw.startsWith('~')) {
    into.notImported.push(`${setting}: a path in the home directory of whoever runs kube-linter; write it in exclude: as an absolute path if it is meant`);
    return;
  }
  const absolute = raw.startsWith('/');
  let pattern = path.posix.normalize(raw.replace(/\\/g, '/'));
  while (pattern.length > 1 && pattern.endsWith('/')) pattern = pattern.slice(0, -1);
  if (pattern === '.' || pattern === '/') {
    into.notImported.push(`${setting}: matches only the directory ${absolute ? '/' : 'kube-linter runs in'} itself, not the files under it`);
    return;
  }
  // Said of a pattern that reads as a directory's (no `**` at its end, no dot in its last name).
  const lastName = pattern.slice(pattern.lastIndexOf('/') + 1);
  const below = /(^|\/)\*\*(\/\*)?$/.test(pattern) || lastName.includes('.') ? '' : '; a directory it matches is left out with everything under it, where kube-linter still reads what is under it';
  if (absolute) {
    into.exclude.push({ value: pattern, from: `${setting}${below}` });
    return;
  }
  if (!pattern.includes('/') && pattern !== '**') {
    // kube-linter matches it beside this file only; a Rampart pattern without a slash matches a name at any depth.
    into.notImported.push(`${setting}: kube-linter matches it at the top level only (beside this file), a Rampart pattern without a slash at any depth: write exclude: ["${pattern}"] if that is meant, or a path with a slash`);
    return;
  }
  into.exclude.push({ value: pattern, base: path.dirname(file), from: `${setting} (kube-linter's relative paths are from the directory it runs in, taken here to be its file's)${below}` });
}
