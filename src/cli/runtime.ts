import { defineCommand } from './command.js';
import { runtimeTestCommand } from './runtime-test.js';
import { runtimeValidateCommand } from './runtime-validate.js';

export const runtimeCommand = defineCommand({
  name: 'runtime',
  description: 'Runtime detection with Falco rules on Kubernetes audit events: run, test and validate rules',
  options: [],
  subcommands: [runtimeTestCommand, runtimeValidateCommand],
});
