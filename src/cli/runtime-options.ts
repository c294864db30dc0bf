import { hostname } from 'node:os';
import { type EngineOptions, type LoadResult, type RuleMatching, loadRules } from '../runtime/engine.js';
import { formatLoadMessage } from '../runtime/rules/load-result.js';
import { BUNDLED_NAME, readRulesPaths } from '../runtime/rules/files.js';
import type { CommandIO, OptionSpec } from './command.js';

/** Options every runtime command shares: which rules, which events, how alerts look. */
export const RULE_OPTIONS: readonly OptionSpec[] = [
  { flags: '-r, --rules <files...>', description: "Falco rules files or directories, loaded in order; 'builtin' is Falco's k8s_audit_rules.yaml shipped with Rampart (the default)" },
  { flags: '--source <source>', description: 'event source of the events: k8s_audit (audit.k8s.io Events) or syscall (flat JSON field events)', defaultValue: 'k8s_audit', choices: ['k8s_audit', 'syscall'] },
  { flags: '--rule-matching <mode>', description: 'first: one alert per event, from the first matching rule; all: every matching rule', defaultValue: 'first', choices: ['first', 'all'] },
  { flags: '--hostname <name>', description: 'hostname reported in alerts (default: this machine)' },
  { flags: '--time-format <format>', description: 'time prefix of alert outputs: falco (HH:MM:SS.ns, local time) or iso8601', defaultValue: 'falco', choices: ['falco', 'iso8601'] },
  { flags: '-D, --disable-rule <substring>', description: 'disable rules whose name contains SUBSTRING (repeatable)', repeatable: true },
  { flags: '-T, --disable-tag <tag>', description: 'disable rules with this tag (repeatable)', repeatable: true },
  { flags: '-t, --tag <tag>', description: 'run only rules with this tag (repeatable)', repeatable: true },
  { flags: '--no-redact', description: 'print Secret data and credentials found in events as they are (redacted by default)' },
  { flags: '--warnings', description: 'also print rules load warnings on stderr' },
];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

export function engineOptions(options: Record<string, unknown>, io: CommandIO): EngineOptions {
  const host = typeof options.hostname === 'string' ? options.hostname : (io.env.FALCO_HOSTNAME ?? hostname());
  return {
    hostname: host,
    iso8601: options.timeFormat === 'iso8601',
    ruleMatching: (options.ruleMatching === 'all' ? 'all' : 'first') satisfies RuleMatching,
    disabledRules: strings(options.disableRule),
    disabledTags: strings(options.disableTag),
    enabledTags: strings(options.tag),
    redact: options.redact !== false,
  };
}

/** Reads and compiles the rules; prints errors (and warnings when asked) as one line each. */
export function loadRulesForCommand(command: string, options: Record<string, unknown>, io: CommandIO): LoadResult | undefined {
  const given = strings(options.rules);
  const paths = given.length === 0 ? [BUNDLED_NAME] : given;
  if ((strings(options.disableRule).length > 0 || strings(options.disableTag).length > 0) && strings(options.tag).length > 0) {
    io.error(`rampart ${command}: You can not specify both disabled (-D/-T) and enabled (-t) rules`);
    return undefined;
  }
  const read = readRulesPaths(paths);
  const result = loadRules(read.files, engineOptions(options, io));
  const messages = [...read.messages, ...result.messages];
  for (const m of messages) if (m.severity === 'error' || options.warnings === true) io.error(formatLoadMessage(m));
  return { ...result, messages, errors: result.errors + read.messages.length };
}
