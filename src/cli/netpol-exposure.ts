import { SEVERITIES } from '../core/severity.js';
import { NETPOL_RULE_IDS } from '../netpol/exposure/rules.js';
import { REPORT_FORMATS } from '../report/index.js';
import { defineCommand } from './command.js';
import { scanCommand } from './scan.js';

/** `rampart scan` limited to the NetworkPolicy rules: same reports, configuration, baselines and exit codes. */
export const netpolExposureCommand = defineCommand({
  name: 'exposure',
  description: `Find what NetworkPolicies leave open: workloads not isolated for ingress or egress, namespaces without default deny, rules open to all namespaces or any address, egress to the cloud metadata service, policies that select nothing, rules that never match, invalid policies (rules: ${NETPOL_RULE_IDS.join(', ')})`,
  arguments: '<paths...>',
  options: [
    { flags: '-f, --format <format>', description: 'report format', defaultValue: 'table', choices: [...REPORT_FORMATS.keys()] },
    { flags: '-o, --output <file>', description: 'write the report to a file (atomically) instead of stdout' },
    { flags: '--fail-on <severity>', description: 'exit 1 when a finding is at or above this severity (default: high)', choices: [...SEVERITIES, 'never'] },
    { flags: '-c, --config <file>', description: 'configuration file (default: .rampart.yaml found upward from the first path)' },
    { flags: '--no-config-file', description: 'do not look for .rampart.yaml' },
    { flags: '--baseline <file>', description: 'report only findings that are not in this baseline file' },
    { flags: '--baseline-write <file>', description: 'write every current finding to a baseline file' },
    { flags: '--disable <id>', description: 'do not run this rule (repeatable, comma-separated)', repeatable: true },
    { flags: '--no-annotation-ignore', description: 'refuse per-object exemptions by the rampart.dev/ignore annotation' },
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
