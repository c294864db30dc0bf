import { parseYaml, record, stringList, turnOff } from './shared.js';
import type { ConfigImporter } from './types.js';

const KUBERNETES_CHECK = /^CKV2?_K8S_\d+$/;

/** Checkov's `.checkov.yaml`: `skip-check` ids are turned off, `soft-fail` is `failOn: never`; wildcards, severities, `check` allow-lists and `skip-path` are reported. */
export const checkovImporter: ConfigImporter = {
  tool: 'Checkov',
  fileNames: ['.checkov.yaml', '.checkov.yml'],
  read(text, file, into) {
    const config = record(parseYaml(text, file)) ?? {};
    for (const id of stringList(config['skip-check'])) {
      if (KUBERNETES_CHECK.test(id)) turnOff(into, 'Checkov', id, `${file} skip-check`);
      else into.notImported.push(`${file} skip-check: "${id}" is not a Kubernetes check id (wildcards and severities are not carried over)`);
    }
    if (stringList(config.check).length > 0) into.notImported.push(`${file} check: an allow-list of checks is not carried over (rampart scan --rule runs only the rules named)`);
    // soft-fail: Checkov exits 0 whatever it finds.
    if (config['soft-fail'] === true) into.thresholds.set('failOn', { value: 'never', from: `${file} soft-fail: true` });
    if (stringList(config['skip-path']).length > 0) into.notImported.push(`${file} skip-path: Checkov's paths are regular expressions searched anywhere in a path; write them as exclude: globs`);
  },
};
