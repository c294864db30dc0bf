import { readEventBatches } from '../runtime/inputs/read-events.js';
import { falcoJson } from '../runtime/output/falco-json.js';
import { PRIORITIES, parsePriority, priorityRank } from '../runtime/rules/priority.js';
import { stdoutOutput } from '../report/write.js';
import type { CommandRun } from './command.js';
import { useColor } from './color.js';
import { FindingsReport } from './runtime-report.js';
import { decoderForCommand, loadRulesForCommand } from './runtime-rules.js';

/** `rampart runtime test`: replays events through the rules, printing alerts. */
export const run: CommandRun = async (_args, options, io) => {
  if (typeof options.events !== 'string') {
    io.error('rampart runtime test: --events is required (a file of events, or - for stdin)');
    return 2;
  }
  let failOn: number | undefined;
  if (options.failOn !== undefined) {
    const p = parsePriority(String(options.failOn));
    if (!p) {
      io.error(`rampart runtime test: --fail-on expects a priority (${PRIORITIES.join(', ')}), got "${String(options.failOn)}"`);
      return 2;
    }
    failOn = priorityRank(p);
  }
  const decoder = decoderForCommand('runtime test', options, io);
  if (!decoder) return 2;
  const loaded = loadRulesForCommand('runtime test', options, io);
  if (!loaded) return 2;
  const source = String(options.source);
  const out = stdoutOutput();
  const report = options.output !== 'json' && options.output !== 'text' ? new FindingsReport(String(options.output), loaded.engine.enabledRules(), out, useColor(io, undefined, false)) : undefined;
  let badInput = false;
  let failed = false;
  try {
    const text = options.output === 'text';
    for await (const batch of readEventBatches(options.events, decoder)) {
      for (const item of batch) {
        const event = item.event;
        if (!event.ok) {
          io.error(`${item.where}: ${event.message}`);
          badInput = true;
          continue;
        }
        for (const alert of loaded.engine.process(source, event.payload, event)) {
          if (report) report.add(alert, event.payload, item.where);
          else out.write(`${text ? alert.output : falcoJson(alert)}\n`);
          if (failOn !== undefined && priorityRank(alert.priority) <= failOn) failed = true;
        }
      }
    }
  } catch (error) {
    io.error(`rampart runtime test: cannot read events from ${options.events}: ${error instanceof Error ? error.message : String(error)}`);
    out.finish();
    return 2;
  }
  const code = loaded.errors > 0 || badInput ? 2 : failed ? 1 : 0;
  report?.end(code === 0);
  out.finish();
  return code;
};
