import { CODE_DESCRIPTIONS, type LoadMessage, formatLoadMessage } from '../runtime/rules/load-result.js';
import { readRulesPaths } from '../runtime/rules/files.js';
import { loadRules } from '../runtime/engine.js';
import { validateRulesFiles } from '../runtime/validate.js';
import { stdoutOutput } from '../report/write.js';
import type { CommandRun } from './command.js';

interface FileReport {
  readonly name: string;
  readonly successful: boolean;
  readonly errors: readonly Record<string, unknown>[];
  readonly warnings: readonly Record<string, unknown>[];
}

const toJson = (m: LoadMessage) => ({
  code: m.code,
  codedesc: CODE_DESCRIPTIONS[m.code],
  message: m.message,
  item_type: m.itemType,
  item_name: m.itemName,
  file: m.file,
  ...(m.line !== undefined ? { line: m.line, column: m.column ?? 1 } : {}),
  // Falco's own shape (falco -V with json_output), for scripts written against it.
  context: { locations: [{ item_type: m.itemType, item_name: m.itemName, position: { name: m.file, line: m.line ?? 0, column: m.column ?? 0 } }] },
});

/** `rampart runtime validate`: checks rules files as `falco -V` does. */
export const run: CommandRun = (args, options) => {
  const read = readRulesPaths(args);
  const steps = validateRulesFiles(read.files);
  const reports: FileReport[] = [
    ...read.messages.map((m) => ({ name: m.file, successful: false, errors: [toJson(m)], warnings: [] })),
    ...steps.map((s) => ({ name: s.name, successful: s.successful, errors: s.errors.map(toJson), warnings: s.warnings.map(toJson) })),
  ];
  const messages = [...read.messages, ...steps.flatMap((s) => [...s.errors, ...s.warnings])];
  const rules = loadRules(read.files).engine.enabledRules().length;
  const out = stdoutOutput();
  if (options.format === 'json') out.write(`${JSON.stringify({ falco_load_results: reports }, null, 2)}\n`);
  else {
    for (const r of reports) {
      out.write(`${r.name}: ${r.successful ? 'Ok' : 'Invalid'}\n`);
    }
    for (const m of messages) out.write(`${formatLoadMessage(m)}\n`);
    const errors = messages.filter((m) => m.severity === 'error').length;
    out.write(`${reports.length} files, ${rules} rules: ${errors} errors, ${messages.length - errors} warnings\n`);
  }
  out.finish();
  return reports.every((r) => r.successful) ? 0 : 1;
};
