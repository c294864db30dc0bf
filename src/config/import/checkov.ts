import { isCheckovPolicy, readCheckovPolicy, readExternalChecks } from './checkov-policies.js';
import { rulesFor } from '../../checks/equivalents.js';
import { noEquivalent, parseYaml, record, stringList, turnOff } from './shared.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

const KUBERNETES_CHECK = /^CKV2?_K8S_\d+$/;

/**
 * Checkov's `.checkov.yaml`: `skip-check` ids are turned off, `soft-fail` is `failOn: never`, the
 * YAML policies of `external-checks-dir` become custom rules; wildcards, severities, `check`
 * allow-lists and `skip-path` are reported. A Checkov YAML policy file itself becomes one custom rule.
 */
export const checkovImporter: ConfigImporter = {
  tool: 'Checkov',
  fileNames: ['.checkov.yaml', '.checkov.yml'],
  read(text, file, into) {
    const config = record(parseYaml(text, file)) ?? {};
    if (isCheckovPolicy(config)) {
      readCheckovPolicy(config, file, into);
      return;
    }
    const custom = readExternalChecks(stringList(config['external-checks-dir']), file, into);
    for (const id of stringList(config['skip-check'])) {
      const ruleId = custom.get(id);
      if (ruleId) turnOffCustom(into, ruleId, `${file} skip-check`);
      else if (KUBERNETES_CHECK.test(id)) turnOff(into, 'Checkov', id, `${file} skip-check`);
      else into.notImported.push(`${file} skip-check: "${id}" is not a Kubernetes check id (wildcards and severities are not carried over)`);
    }
    readAllowList(stringList(config.check), custom, `${file} check`, into);
    // soft-fail: Checkov exits 0 whatever it finds.
    if (config['soft-fail'] === true) into.thresholds.set('failOn', { value: 'never', from: `${file} soft-fail: true` });
    // What changes Checkov's verdict or exit code, and has no Rampart setting of its own.
    for (const key of ['soft-fail-on', 'hard-fail-on'] as const) {
      if (stringList(config[key]).length > 0) into.notImported.push(`${file} ${key}: ${stringList(config[key]).join(', ')}: not carried over (Rampart's failOn is one severity for every rule; rules: can change a rule's severity)`);
    }
    const frameworks = stringList(config.framework).map((f) => f.toLowerCase());
    if (frameworks.length > 0 && !frameworks.some((f) => ['all', 'kubernetes', 'helm', 'kustomize'].includes(f))) {
      into.notImported.push(`${file} framework: ${frameworks.join(', ')}: Checkov does not read Kubernetes manifests with this configuration; the settings above are imported all the same`);
    }
    if (stringList(config['skip-path']).length > 0) into.notImported.push(`${file} skip-path: Checkov's paths are regular expressions searched anywhere in a path; write them as exclude: globs`);
  },
};

/** A custom rule the configuration turns off: `rules: {id: off}` (the rule stays written, as Checkov keeps the policy). */
function turnOffCustom(into: ImportedConfig, ruleId: string, setting: string): void {
  into.on.delete(ruleId);
  into.off.set(ruleId, setting);
}

/**
 * Checkov's `check:`: only the checks named run. Their rules (and the custom rules of the policies
 * named) become `onlyRules:`; ids that are not Kubernetes checks are listed. A list none of whose
 * checks has a rule is not carried over, rather than running nothing.
 */
function readAllowList(ids: readonly string[], custom: ReadonlyMap<string, string>, setting: string, into: ImportedConfig): void {
  if (ids.length === 0) return;
  const rules = new Set<string>();
  for (const id of ids) {
    const ruleId = custom.get(id);
    if (ruleId) rules.add(ruleId);
    else if (!KUBERNETES_CHECK.test(id)) into.notImported.push(`${setting}: "${id}" is not a Kubernetes check id (wildcards and severities are not carried over)`);
    else if (rulesFor('Checkov', id).length === 0) into.notImported.push(noEquivalent(setting, 'Checkov', 'check', id));
    else for (const rule of rulesFor('Checkov', id)) rules.add(rule);
  }
  if (rules.size === 0) {
    into.notImported.push(`${setting}: none of the checks it allows has a Rampart rule, so no allow-list is written`);
    return;
  }
  for (const rule of rules) into.only.rules.add(rule);
  into.only.from.push(`${setting} (Checkov runs only these checks)`);
}
