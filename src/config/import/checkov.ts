import { parseYaml, record, stringList, turnOff } from './shared.js';
import type { ConfigImporter } from './types.js';

const KUBERNETES_CHECK = /^CKV2?_K8S_\d+$/;

/** Checkov's `.checkov.yaml`: `skip-check` ids are turned off; wildcards, severities and `check` allow-lists are reported. */
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
  },
};
