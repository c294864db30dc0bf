import { defineCommand, runFrom } from './command.js';

export const runtimeValidateCommand = defineCommand({
  name: 'validate',
  description: 'Check Falco rules files: YAML structure, conditions, outputs, lists, macros and exceptions, with Falco load codes and file:line',
  arguments: '<rules...>',
  options: [{ flags: '-f, --format <format>', description: 'text or json', defaultValue: 'text', choices: ['text', 'json'] }],
  examples: ['rampart runtime validate rules/falco_rules.yaml rules/my_rules.yaml', 'rampart runtime validate rules/ --format json'],
  run: runFrom(() => import('./runtime-validate-action.js')),
});
