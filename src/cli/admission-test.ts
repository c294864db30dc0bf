import { loadAdmissionSetup } from '../admission/load.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { manifestReadOptions } from './read-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { evaluateOffline } from '../admission/offline.js';
import { isDenied, renderOfflineJson, renderOfflineTable } from '../admission/offline-render.js';
import { defineCommand } from './command.js';
import { formatProblem } from '../core/result.js';
import { writeReportWith } from '../report/write.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';

export const admissionTestCommand = defineCommand({
  name: 'test',
  description: 'Evaluate manifests offline as the admission webhook would (PSS labels and defaults, Rampart bindings); exit 1 if any would be denied',
  arguments: '<paths...>',
  options: [
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    { flags: '-c, --config <file>', description: 'configuration file (default: .rampart.yaml found upward from the first path)' },
    { flags: '--pod-security-config <file>', description: 'a PodSecurityConfiguration file (defaults and exemptions), instead of admission.podSecurity' },
    { flags: '--namespaces <file>', description: 'YAML/JSON file of Namespace objects whose labels apply (admitted Namespaces among the manifests win)' },
    { flags: '-f, --format <format>', description: 'output format', defaultValue: 'table', choices: ['table', 'json'] },
    OUTPUT_OPTION,
  ],
  examples: ['rampart admission test k8s/', 'rampart admission test k8s/ --namespaces cluster-namespaces.yaml --format json'],
  async run(args, options, io) {
    const setup = await loadAdmissionSetup({
      ...(typeof options.config === 'string' ? { configFile: options.config } : { discoverFrom: args[0] ?? '.' }),
      ...(typeof options.podSecurityConfig === 'string' ? { podSecurityConfigFile: options.podSecurityConfig } : {}),
      today: io.env.RAMPART_TODAY ?? new Date().toISOString().slice(0, 10),
    });
    if (!setup.ok) {
      for (const e of setup.errors) io.error(`rampart admission test: ${e}`);
      return 2;
    }
    for (const w of setup.value.warnings) io.error(`warning: ${w}`);
    const report = await evaluateOffline(args, setup.value, typeof options.namespaces === 'string' ? options.namespaces : undefined, manifestReadOptions(options, io));
    for (const w of report.warnings) io.error(`warning: ${formatProblem(w)}`);
    writeReportWith(outputFile(options), (out) => out.write(options.format === 'json' ? renderOfflineJson(report) : renderOfflineTable(report)));
    if (options.format === 'json') for (const p of report.problems) io.error(`error: ${p.location?.file ?? ''}: ${p.message}`);
    if (report.problems.length > 0) return 2;
    return report.decisions.some(isDenied) ? 1 : 0;
  },
});
