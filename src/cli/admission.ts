import { admissionCertsCommand } from './admission-certs.js';
import { admissionManifestsCommand } from './admission-manifests.js';
import { admissionServeCommand } from './admission-serve.js';
import { admissionTestCommand } from './admission-test.js';
import { defineCommand } from './command.js';

export const admissionCommand = defineCommand({
  name: 'admission',
  description: 'Admission webhook: enforce Pod Security Standards and Rampart rules in the cluster',
  options: [],
  subcommands: [admissionServeCommand, admissionTestCommand, admissionManifestsCommand, admissionCertsCommand],
});
