import { pathFilter, type PathFilter } from '../inputs/exclude.js';
import type { OptionSpec } from './command.js';

/** `--exclude`, for every command that reads manifests from files and directories. */
export const EXCLUDE_OPTION: OptionSpec = {
  flags: '--exclude <glob>',
  description:
    'leave out files and directories (repeatable): a pattern without a slash matches a name at any depth (testdata, *.tmpl.yaml), one with a slash a path from the working directory or from the directory scanned (charts/**)',
  repeatable: true,
  keepCommas: true,
};

export function excludePatterns(options: Record<string, unknown>): string[] {
  return Array.isArray(options.exclude) ? options.exclude.map(String) : [];
}

/** The filter for commands without a configuration file: patterns relative to the working directory. */
export function excludeFilter(options: Record<string, unknown>): PathFilter | undefined {
  return pathFilter([{ patterns: excludePatterns(options), base: process.cwd(), fromScannedDirectory: true }]);
}
