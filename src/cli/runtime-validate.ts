import { loadRules } from '../runtime/engine.js';
import { CODE_DESCRIPTIONS, type LoadMessage, formatLoadMessage } from '../runtime/rules/load-result.js';
import { readRulesPaths } from '../runtime/rules/files.js';
import { stdoutOutput } from '../report/write.js';
import { defineCommand } from './command.js';

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
});

export const runtimeValidateCommand = defineCommand({
  name: 'validate',
  description: 'Check Falco rules files: YAML structure, conditions, outputs, lists, macros and exceptions, with Falco load codes and file:line',
  arguments: '<rules...>',
  options: [{ flags: '-f, --format <format>', description: 'text or json', defaultValue: 'text', choices: ['text', 'json'] }],
  examples: ['rampart runtime validate rules/falco_rules.yaml rules/my_rules.yaml', 'rampart runtime validate rules/ --format json'],
  run(args, options, io) {
    const read = readRulesPaths(args);
    const loaded = loadRules(read.files);
    const messages = [...read.messages, ...loaded.messages];
    const names = [...new Set([...read.files.map((f) => f.name), ...read.messages.map((m) => m.file)])];
    const reports: FileReport[] = names.map((name) => {
      const own = messages.filter((m) => m.file === name);
      const errors = own.filter((m) => m.severity === 'error');
      return { name, successful: errors.length === 0, errors: errors.map(toJson), warnings: own.filter((m) => m.severity === 'warning').map(toJson) };
    });
    const out = stdoutOutput();
    if (options.format === 'json') out.write(`${JSON.stringify({ falco_load_results: reports }, null, 2)}\n`);
    else {
      for (const r of reports) {
        out.write(`${r.name}: ${r.successful ? 'Ok' : 'Invalid'}\n`);
      }
      for (const m of messages) out.write(`${formatLoadMessage(m)}\n`);
      const errors = messages.filter((m) => m.severity === 'error').length;
      out.write(`${reports.length} files, ${loaded.engine.enabledRules().length} rules: ${errors} errors, ${messages.length - errors} warnings\n`);
    }
    out.finish();
    return reports.every((r) => r.successful) ? 0 : 1;
  },
});
