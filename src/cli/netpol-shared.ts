import { formatProblem, type Problem } from '../core/result.js';
import type { CommandIO } from './command.js';

/** Prints problems as one line each: `error: file:line:col: message`. */
export function reportProblems(io: CommandIO, errors: readonly Problem[], warnings: readonly Problem[]): void {
  for (const e of errors) io.error(`error: ${formatProblem(e)}`);
  for (const w of warnings) io.error(`warning: ${formatProblem(w)}`);
}

/** The values of a repeatable option (commander collects them into an array). */
export function listOption(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
