import { NETPOL_RULE_IDS } from '../netpol/exposure/rules.js';
import { defineCommand } from './command.js';
import { FINDINGS_REPORT_OPTIONS } from './findings-options.js';
import { NETPOL_INPUT_OPTIONS } from './netpol-shared.js';
import { scanCommand } from './scan.js';

/** `rampart scan` limited to the NetworkPolicy rules: same reports, configuration, baselines and exit codes. */
export const netpolExposureCommand = defineCommand({
  name: 'exposure',
  description: `Find what NetworkPolicies leave open: workloads not isolated for ingress or egress, namespaces without default deny, rules open to all namespaces or any address, egress to the cloud metadata service, policies that select nothing, rules that never match, invalid policies (rules: ${NETPOL_RULE_IDS.join(', ')})`,
  arguments: '[paths...]',
  options: [
    ...NETPOL_INPUT_OPTIONS,
    ...FINDINGS_REPORT_OPTIONS,
    { flags: '--baseline-write <file>', description: 'write every current finding to a baseline file', writesFile: true },
    { flags: '--disable <id>', description: 'do not run this rule (repeatable, comma-separated)', repeatable: true },
    { flags: '--no-annotation-ignore', description: "refuse per-object exemptions by annotations (rampart.dev/ignore, and other scanners' ignore annotations)" },
    { flags: '--show-suppressed', description: 'list exempted findings in the table output' },
    { flags: '--color', description: 'force colored output' },
    { flags: '--no-color', description: 'disable colored output (also: NO_COLOR=1)' },
  ],
  examples: ['rampart netpol exposure k8s/', 'rampart netpol exposure k8s/ --format sarif --output netpol.sarif --fail-on medium'],
  run(args, options, io, command) {
    const run = scanCommand.run;
    if (!run) return 2;
    return run(args, { ...options, rule: [...NETPOL_RULE_IDS] }, io, command);
  },
});
