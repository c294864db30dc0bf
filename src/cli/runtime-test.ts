import { PRIORITIES } from '../runtime/rules/priority.js';
import { defineCommand, runFrom } from './command.js';
import { RULE_OPTIONS } from './runtime-options.js';

export const runtimeTestCommand = defineCommand({
  name: 'test',
  description: 'Replay a file of events through Falco rules and print the alerts (one Falco JSON alert per line)',
  options: [
    ...RULE_OPTIONS,
    { flags: '-e, --events <file>', description: 'events: JSON lines of audit Events or EventLists (or flat field events with --source syscall); - for stdin' },
    { flags: '-o, --output <format>', description: 'json: Falco JSON alerts; text: Falco text lines; or a Rampart report of the alerts as findings (table, sarif, junit, report-json)', defaultValue: 'json', choices: ['json', 'text', 'table', 'sarif', 'junit', 'report-json'] },
    { flags: '--fail-on <priority>', description: `exit 1 when an alert at or above this priority fires (${PRIORITIES.join(', ')})` },
  ],
  examples: [
    'rampart runtime test --rules k8s_audit_rules.yaml --events audit.log',
    'kubectl get --raw /... | rampart runtime test --rules my_rules.yaml --events - --rule-matching all',
  ],
  run: runFrom(() => import('./runtime-test-action.js')),
});
