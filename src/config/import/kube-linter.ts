import path from 'node:path';
import { listUnknownKeys, parseYaml, record, stringList, turnOff, turnOn } from './shared.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

/** kube-linter's `.kube-linter.yaml`: `checks.include`, `checks.exclude`, `checks.ignorePaths`, and what has no counterpart. */
export const kubeLinterImporter: ConfigImporter = {
  tool: 'kube-linter',
  fileNames: ['.kube-linter.yaml', '.kube-linter.yml'],
  read(text, file, into) {
    const config = record(parseYaml(text, file)) ?? {};
    const checks = record(config.checks) ?? {};
    listUnknownKeys(config, ['checks', 'customChecks'], `${file} `, 'kube-linter', into);
    listUnknownKeys(checks, ['addAllBuiltIn', 'doNotAutoAddDefaults', 'exclude', 'include', 'ignorePaths'], `${file} checks.`, 'kube-linter', into);
    for (const id of stringList(checks.exclude)) turnOff(into, 'kube-linter', id, `${file} checks.exclude`);
    for (const id of stringList(checks.include)) turnOn(into, 'kube-linter', id, `${file} checks.include`);
    for (const pattern of patternList(checks.ignorePaths)) readIgnorePath(pattern, file, into);
    if (checks.addAllBuiltIn === true) into.notImported.push(`${file} checks.addAllBuiltIn: not carried over (enableAll in .rampart.yaml turns on every Rampart rule, a different set)`);
    if (checks.doNotAutoAddDefaults === true) into.notImported.push(`${file} checks.doNotAutoAddDefaults: not carried over (Rampart's default rules stay on)`);
    if (Array.isArray(config.customChecks) && config.customChecks.length > 0) into.notImported.push(`${file} customChecks: ${config.customChecks.length} custom check${config.customChecks.length === 1 ? '' : 's'} not carried over`);
  },
};

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
  into.exclude.push({ value: pattern, from: `${setting} (kube-linter's relative paths are from the directory it runs in, these from this file's)${below}` });
}
