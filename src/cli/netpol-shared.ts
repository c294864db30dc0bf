import { formatProblem, type Problem } from '../core/result.js';
import { type LoadedAnalysis, analyzeInputs } from '../netpol/load.js';
import { loadManifestInputs } from './cluster-input.js';
import type { CommandIO } from './command.js';

/** The NetworkPolicy analysis of the paths (and the cluster with --cluster); undefined after an error line. */
export async function analyzeManifests(command: string, paths: readonly string[], options: Record<string, unknown>, io: CommandIO): Promise<LoadedAnalysis | undefined> {
  const inputs = await loadManifestInputs(command, paths, options, io);
  return inputs && analyzeInputs(inputs);
}

/** Prints problems as one line each: `error: file:line:col: message`. */
export function reportProblems(io: CommandIO, errors: readonly Problem[], warnings: readonly Problem[]): void {
  for (const e of errors) io.error(`error: ${formatProblem(e)}`);
  for (const w of warnings) io.error(`warning: ${formatProblem(w)}`);
}

/** The values of a repeatable option (commander collects them into an array). */
export function listOption(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
