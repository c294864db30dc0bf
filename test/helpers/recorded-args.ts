import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CliResult, rampart } from './cli.js';
import { tempDir } from './temp.js';

/**
 * Runs `rampart ARGS` with a stand-in program (test/inputs/fake-helm, fake-kustomize) that writes
 * the arguments it was run with, as one JSON array, to the file its `argsVariable` names; `recorded`
 * is that array, or undefined when the stand-in did not run.
 */
export function rampartRecordingArgs(args: readonly string[], argsVariable: string, env: Record<string, string> = {}): CliResult & { recorded: string[] | undefined } {
  const argsFile = path.join(tempDir(), 'args.json');
  const r = rampart(args, { env: { [argsVariable]: argsFile, ...env } });
  let recorded: string[] | undefined;
  try {
    recorded = JSON.parse(readFileSync(argsFile, 'utf8')) as string[];
  } catch {
    recorded = undefined;
  }
  return { ...r, recorded };
}
