import { defineCommand } from './command.js';
import { netpolDiffCommand } from './netpol-diff.js';
import { netpolExplainCommand } from './netpol-explain.js';
import { netpolExposureCommand } from './netpol-exposure.js';
import { netpolGenerateCommand } from './netpol-generate.js';
import { netpolMapCommand } from './netpol-map.js';

export const netpolCommand = defineCommand({
  name: 'netpol',
  description: 'NetworkPolicy analysis: who can reach whom, why, and what is left open',
  options: [],
  subcommands: [netpolMapCommand, netpolExplainCommand, netpolExposureCommand, netpolDiffCommand, netpolGenerateCommand],
});
