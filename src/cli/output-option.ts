import type { OptionSpec } from './command.js';

/** `-o, --output`, as every command that writes a report takes it. */
export const OUTPUT_OPTION: OptionSpec = { flags: '-o, --output <file>', description: 'write to a file (atomically) instead of stdout', writesFile: true };

/** The file given with `--output`: undefined without one, or for `-` (standard output, as `-` is standard input). */
export function outputFile(options: Readonly<Record<string, unknown>>): string | undefined {
  return typeof options.output === 'string' && options.output !== '-' ? options.output : undefined;
}
