import type { OptionSpec } from './command.js';

/** `-o, --output`, as every command that writes a report takes it. */
export const OUTPUT_OPTION: OptionSpec = { flags: '-o, --output <file>', description: 'write to a file (atomically) instead of stdout' };

/** The file given with `--output`, if any. */
export function outputFile(options: Readonly<Record<string, unknown>>): string | undefined {
  return typeof options.output === 'string' ? options.output : undefined;
}
