import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI bundled from the sources by the global setup (test/setup/cli-bundle.mjs). */
    readonly cliBundle: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The node arguments that run the CLI from the current sources (test/helpers/cli-entry.ts, bundled
 * by the global setup): `spawn(process.execPath, [...CLI, ...args])`.
 */
export const CLI: readonly string[] = [inject('cliBundle')];

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `rampart ARGS` in a child process (from the sources), with no color unless asked. */
export function rampart(args: readonly string[], options: { cwd?: string; input?: string | Uint8Array; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RAMPART_TODAY: '2026-06-01', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const REPO_ROOT = ROOT;

/** `rampart(ARGS)` without blocking this process, for tests that serve something the CLI calls. */
export function rampartAsync(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RAMPART_TODAY: '2026-06-01', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return outputOf(child);
}

/** The exit code and the whole output of a child process started with piped stdout and stderr. */
export function outputOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
