import { isCheckovPolicy, readCheckovPolicy, readExternalChecks } from './checkov-policies.js';
import { parseYaml, record, stringList, turnOff } from './shared.js';
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
    if (stringList(config.check).length > 0) into.notImported.push(`${file} check: an allow-list of checks is not carried over (rampart scan --rule runs only the rules named)`);
    // soft-fail: Checkov exits 0 whatever it finds.
    if (config['soft-fail'] === true) into.thresholds.set('failOn', { value: 'never', from: `${file} soft-fail: true` });
    if (stringList(config['skip-path']).length > 0) into.notImported.push(`${file} skip-path: Checkov's paths are regular expressions searched anywhere in a path; write them as exclude: globs`);
  },
};

/** A custom rule the configuration turns off: `rules: {id: off}` (the rule stays written, as Checkov keeps the policy). */
function turnOffCustom(into: ImportedConfig, ruleId: string, setting: string): void {
  into.on.delete(ruleId);
  into.off.set(ruleId, setting);
}
