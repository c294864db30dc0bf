import { checkIdsOf, rulesFor, rulesForAll, rulesOnKinds } from '../../checks/equivalents.js';
import { noEquivalent, parseYaml, record, rulesOfAll, settleSkips, skip, stringList, turnOff, turnOn } from './shared.js';
import { readCustomChecks } from './polaris-custom-checks.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

/**
 * Polaris' configuration: checks set to `ignore` are turned off, checks set to `warning` or
 * `danger` turn on their equivalent rules where Rampart has them off by default (cpu limits,
 * liveness probes, priority classes), and exemptions become `.rampart.yaml` exemptions with
 * Polaris' matching (namespace exactly, controller names by prefix; no rules means every Polaris
 * check), and custom checks become custom rules (polaris-custom-checks.ts). Checks the file does not list are off in Polaris but stay on here: Rampart checks more
 * than the old tool did, and says so rather than hide it.
 */
export const polarisImporter: ConfigImporter = {
  tool: 'Polaris',
  read(text, file, into) {
    const config = record(parseYaml(text, file)) ?? {};
    const custom = record(config.customChecks) ?? {};
    const checks = record(config.checks) ?? {};
    for (const [id, severity] of Object.entries(checks)) {
      // A custom check's severity goes with its custom rule.
      if (Object.hasOwn(custom, id)) continue;
      if (severity === 'ignore') {
        turnOff(into, 'Polaris', id, `${file} checks.${id}: ignore`);
        // The other spelling of the same check is skipped with it, unless the file sets it too.
        const other = SPELLINGS[id];
        if (other !== undefined && !Object.hasOwn(checks, other)) skip(into, { tool: 'Polaris', id: other, setting: `${file} checks.${id}: ignore` });
      }
      // `error` is what Polaris called `danger` in its first releases.
      else if (severity === 'warning' || severity === 'danger' || severity === 'error') turnOn(into, 'Polaris', id, `${file} checks.${id}: ${severity}`);
    }
    settleSkips(into);
    const exemptions = Array.isArray(config.exemptions) ? config.exemptions : [];
    const customRuleIds = readCustomChecks(config, file, into);
    exemptions.forEach((entry, i) => exemption(record(entry) ?? {}, `${file} exemptions[${i}]`, into, customRuleIds));
  },
};

/** The two spellings of one check: Polaris' first releases wrote notReadOnlyRootFileSystem. */
const SPELLINGS: Readonly<Record<string, string>> = { notReadOnlyRootFileSystem: 'notReadOnlyRootFilesystem', notReadOnlyRootFilesystem: 'notReadOnlyRootFileSystem' };

/**
 * `customRuleIds`: the custom checks imported as custom rules, by Polaris id. An exemption naming
 * some checks silences a rule only when it names every Polaris check the rule stands for
 * (rulesOfAll): the others still report on the objects it exempts.
 */
function exemption(entry: Record<string, unknown>, where: string, into: ImportedConfig, customRuleIds: ReadonlyMap<string, string>): void {
  const checks = stringList(entry.rules);
  const ids = checks.length === 0 ? checkIdsOf('Polaris') : checks.filter((id) => !customRuleIds.has(id));
  const custom = checks.length === 0 ? [...customRuleIds.values()] : checks.flatMap((id) => customRuleIds.get(id) ?? []);
  const named = new Set(ids.flatMap((id) => [id, ...(SPELLINGS[id] !== undefined ? [SPELLINGS[id]] : [])]));
  const allOf = (rules: readonly string[]): string[] => {
    if (checks.length === 0) return [...rules];
    const exact = rulesOfAll('Polaris', named, rules, 'this exemption');
    for (const note of exact.notes) into.notImported.push(`${where}: ${note}`);
    return exact.rules;
  };
  const rules = [...new Set([...(checks.length === 0 ? rulesForAll('Polaris') : allOf([...new Set(ids.flatMap((id) => rulesFor('Polaris', id)))])), ...custom])].sort();
  // Checks of some kinds only (deploymentMissingReplicas: Deployments) are exempted on those kinds.
  const byKinds = new Map<string, { kinds: readonly string[]; rules: Set<string> }>();
  for (const id of ids) {
    const scoped = rulesOnKinds('Polaris', id);
    if (scoped) {
      const group = byKinds.get(scoped.kinds.join()) ?? { kinds: scoped.kinds, rules: new Set<string>() };
      for (const rule of allOf(scoped.rules)) if (!rules.includes(rule)) group.rules.add(rule);
      byKinds.set(scoped.kinds.join(), group);
    } else if (checks.length > 0 && rulesFor('Polaris', id).length === 0) into.notImported.push(noEquivalent(where, 'Polaris', 'check', id));
  }
  // Polaris compares the namespace with the one the object's metadata writes (IsActionable), "" when
  // it names none: `namespace: default` does not exempt an object that names no namespace.
  const namespace = typeof entry.namespace === 'string' && entry.namespace !== '' ? [entry.namespace] : undefined;
  // Polaris matches controller and container names by prefix; names hold no glob characters.
  const controllers = stringList(entry.controllerNames).map((name) => `${name}*`);
  const containers = stringList(entry.containerNames).map((name) => `${name}*`);
  const scope = { ...(namespace ? { namespaces: namespace, namespaceAsWritten: true } : {}), ...(controllers.length > 0 ? { names: controllers } : {}), ...(containers.length > 0 ? { containers } : {}) };
  if (rules.length > 0) into.exemptions.push({ rules, ...scope, reason: `imported from Polaris ${where}` });
  for (const group of byKinds.values()) {
    if (group.rules.size === 0) continue;
    into.exemptions.push({ rules: [...group.rules].sort(), kinds: group.kinds, ...scope, reason: `imported from Polaris ${where} (Polaris checks ${group.kinds.join(', ')} only)` });
  }
}
