import { rulesFor, rulesForAll } from '../../checks/equivalents.js';
import { noEquivalent, parseYaml, record, stringList, turnOff } from './shared.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

/**
 * Polaris' configuration: checks set to `ignore` are turned off, and exemptions become
 * `.rampart.yaml` exemptions with Polaris' matching (namespace exactly, controller names by
 * prefix; no rules means every Polaris check). Checks the file does not list are off in Polaris
 * but stay on here: Rampart checks more than the old tool did, and says so rather than hide it.
 */
export const polarisImporter: ConfigImporter = {
  tool: 'Polaris',
  fileNames: ['its --config file'],
  read(text, file, into) {
    const config = record(parseYaml(text, file)) ?? {};
    for (const [id, severity] of Object.entries(record(config.checks) ?? {})) {
      if (severity === 'ignore') turnOff(into, 'Polaris', id, `${file} checks.${id}: ignore`);
    }
    const exemptions = Array.isArray(config.exemptions) ? config.exemptions : [];
    exemptions.forEach((entry, i) => exemption(record(entry) ?? {}, `${file} exemptions[${i}]`, into));
    if (config.customChecks !== undefined) into.notImported.push(`${file} customChecks: custom checks are not carried over`);
  },
};

function exemption(entry: Record<string, unknown>, where: string, into: ImportedConfig): void {
  if (stringList(entry.containerNames).length > 0) {
    into.notImported.push(`${where}: exempts containers (containerNames); Rampart exempts whole objects, so this exemption is not carried over`);
    return;
  }
  const checks = stringList(entry.rules);
  const rules = checks.length === 0 ? rulesForAll('Polaris') : [...new Set(checks.flatMap((id) => rulesFor('Polaris', id)))].sort();
  for (const id of checks) if (rulesFor('Polaris', id).length === 0) into.notImported.push(noEquivalent(where, 'Polaris', 'check', id));
  if (rules.length === 0) return;
  const namespace = typeof entry.namespace === 'string' && entry.namespace !== '' ? [entry.namespace] : undefined;
  const controllers = stringList(entry.controllerNames).map((name) => `${name}*`);
  into.exemptions.push({
    rules,
    ...(namespace ? { namespaces: namespace } : {}),
    ...(controllers.length > 0 ? { names: controllers } : {}),
    reason: `imported from Polaris ${where}`,
  });
}
