import { listUnknownKeys, parseYaml, record, stringList, turnOff, turnOn } from './shared.js';
import type { ConfigImporter } from './types.js';

/** kube-linter's `.kube-linter.yaml`: `checks.include`, `checks.exclude` and what has no counterpart. */
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
    if (stringList(checks.ignorePaths).length > 0) into.notImported.push(`${file} checks.ignorePaths: Rampart exempts objects by kind, namespace and name, not files by path; scan only the paths you want checked`);
    if (checks.addAllBuiltIn === true) into.notImported.push(`${file} checks.addAllBuiltIn: not carried over (enableAll in .rampart.yaml turns on every Rampart rule, a different set)`);
    if (checks.doNotAutoAddDefaults === true) into.notImported.push(`${file} checks.doNotAutoAddDefaults: not carried over (Rampart's default rules stay on)`);
    if (Array.isArray(config.customChecks) && config.customChecks.length > 0) into.notImported.push(`${file} customChecks: ${config.customChecks.length} custom check${config.customChecks.length === 1 ? '' : 's'} not carried over`);
  },
};
