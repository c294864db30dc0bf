import { hostname } from 'node:os';
import { type EngineOptions, type LoadResult, type RuleMatching, loadRules } from '../runtime/engine.js';
import { type EventDecoder, jsonFieldsDecoder, k8sAuditDecoderFor } from '../runtime/inputs/events.js';
import { formatLoadMessage } from '../runtime/rules/load-result.js';
import { PRIORITIES, parsePriority } from '../runtime/rules/priority.js';
import { BUNDLED_NAME, readRulesPaths } from '../runtime/rules/files.js';
import type { CommandIO } from './command.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

export function engineOptions(options: Record<string, unknown>, io: CommandIO): EngineOptions {
  const host = typeof options.hostname === 'string' ? options.hostname : (io.env.FALCO_HOSTNAME ?? hostname());
  const minPriority = typeof options.priority === 'string' ? parsePriority(options.priority) : undefined;
  return {
    ...(minPriority ? { minPriority } : {}),
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
  if (typeof options.priority === 'string' && !parsePriority(options.priority)) {
    io.error(`rampart ${command}: --priority expects a priority (${PRIORITIES.join(', ')}), got "${options.priority}"`);
    return undefined;
  }
  const read = readRulesPaths(paths);
  const result = loadRules(read.files, engineOptions(options, io));
  const messages = [...read.messages, ...result.messages];
  for (const m of messages) if (m.severity === 'error' || options.warnings === true) io.error(formatLoadMessage(m));
  return { ...result, messages, errors: result.errors + read.messages.length };
}

/**
 * The decoder of `--source`'s events: audit events dropped above `--max-event-size` bytes, as the
 * k8saudit plugin drops them above its maxEventSize. Undefined, with the error printed, when the
 * option is not a positive number of bytes.
 */
export function decoderForCommand(command: string, options: Record<string, unknown>, io: CommandIO): EventDecoder | undefined {
  const text = String(options.maxEventSize);
  const maxEventSize = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(maxEventSize) || maxEventSize < 1) {
    io.error(`rampart ${command}: --max-event-size expects a positive number of bytes, got "${text}"`);
    return undefined;
  }
  return options.source === 'syscall' ? jsonFieldsDecoder('syscall') : k8sAuditDecoderFor(maxEventSize);
}
