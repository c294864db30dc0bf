import { SEVERITIES } from '../core/severity.js';
import { REPORT_FORMATS } from '../report/index.js';
import type { OptionSpec } from './command.js';
import { EXTRA_REPORT_OPTION } from './report-destinations.js';

/** Report, exit-code and configuration options shared by every command that reports findings. */
export const FINDINGS_REPORT_OPTIONS: readonly OptionSpec[] = [
  { flags: '-f, --format <format>', description: 'report format', defaultValue: 'table', choices: [...REPORT_FORMATS.keys()] },
  { flags: '-o, --output <file>', description: 'write the report to a file (atomically) instead of stdout', writesFile: true },
  { flags: '--fail-on <severity>', description: 'exit 1 when a finding is at or above this severity (default: high)', choices: [...SEVERITIES, 'never'] },
  EXTRA_REPORT_OPTION,
  { flags: '--min-severity <severity>', description: 'report only findings at or above this severity (default: info, all)', choices: [...SEVERITIES] },
  { flags: '-c, --config <file>', description: 'configuration file (default: .rampart.yaml found upward from the first path)' },
  { flags: '--no-config-file', description: 'do not look for .rampart.yaml' },
  { flags: '--baseline <file>', description: 'report only findings that are not in this baseline file' },
];
