import { defineCommand } from './command.js';
import { configImportCommand } from './config-import.js';

export const configCommand = defineCommand({
  name: 'config',
  description: 'Work with .rampart.yaml: import the settings of kube-linter, Polaris, Checkov, Trivy or Kubescape',
  options: [],
  subcommands: [configImportCommand],
});
