import { defineCommand, runFrom } from './command.js';
import { RUN_OPTIONS } from './runtime-options.js';
import { runtimeTestCommand } from './runtime-test.js';
import { runtimeValidateCommand } from './runtime-validate.js';

export const runtimeCommand = defineCommand({
  name: 'runtime',
  description: 'Runtime detection with Falco rules on Kubernetes audit events: run (webhook, followed log, stdin), test and validate rules',
  options: RUN_OPTIONS,
  subcommands: [runtimeTestCommand, runtimeValidateCommand],
  examples: [
    'rampart runtime --rules k8s_audit_rules.yaml --audit-webhook :9765 --tls-cert tls.crt --tls-key tls.key --webhook http://falcosidekick:2801/',
    'rampart runtime --rules k8s_audit_rules.yaml --audit-log /var/log/kubernetes/audit.log --alerts-file alerts.jsonl',
    'rampart runtime test --rules k8s_audit_rules.yaml --events audit.jsonl',
    'rampart runtime validate k8s_audit_rules.yaml my_rules.yaml',
  ],
  run: runFrom(() => import('./runtime-run.js')),
});
