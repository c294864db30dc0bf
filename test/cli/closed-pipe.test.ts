import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/cli.js';

/**
 * Runs `rampart ARGS` and closes the reading end of its stdout after the first chunk, as
 * `| head -1` does, or at once (`received` then stays empty), as `| true` may.
 */
function runAndCloseEarly(args: readonly string[], atOnce = false): Promise<{ code: number | null; stderr: string; received: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    let stderr = '';
    let received = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (atOnce) child.stdout.destroy();
    else
      child.stdout.once('data', (chunk: Buffer) => {
        received = chunk.toString();
        child.stdout.destroy();
      });
    child.on('close', (code) => resolve({ code, stderr, received }));
  });
}

describe('a reader that closes the pipe early', () => {
  // The Markdown rule reference is about 170 kB: far more than one pipe buffer.
  it('ends rampart quietly, without an error or a stack trace', async () => {
    const r = await runAndCloseEarly(['rules', '--format', 'markdown']);
    expect(r.received).toMatch(/^# /);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('ends help output quietly too', async () => {
    for (const args of [['scan', '--help'], ['--version'], ['rbac', 'who-can', '--help']]) {
      const r = await runAndCloseEarly(args, true);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});
