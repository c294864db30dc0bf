import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// helm and kustomize start processes of their own (kustomize runs helm for a chart, helm its
// plugins): a signal that stops Rampart stops those too, not only the program it ran.
const RENDER = path.resolve('test/inputs/fake-renderer/render');

/** Resolves once `condition` holds, asking every 10 ms; fails after `seconds`. */
async function until(condition: () => boolean, what: string, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether the process runs (a zombie, ended but not yet reaped by whoever adopted it, does not). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

const RUNS = [
  { renderer: 'helm', args: ['test/inputs/charts/web'], env: { RAMPART_HELM: RENDER } },
  { renderer: 'kustomize', args: ['test/inputs/repo/deploy/overlays/prod', '--kustomize', '--kustomize-binary', RENDER], env: {} },
];

describe.skipIf(process.platform === 'win32')('a signal that stops a scan', () => {
  it.each(RUNS.flatMap((run) => (['SIGTERM', 'SIGINT'] as const).map((signal) => ({ ...run, signal }))))(
    'stops what $renderer started too ($signal), and ends Rampart by it',
    async ({ args, env, signal }) => {
      const state = tempDir();
      const scan = spawn(process.execPath, [...CLI, 'scan', ...args, '--no-config-file'], {
        cwd: REPO_ROOT,
        stdio: 'ignore',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FAKE_RENDERER_STATE: state, ...env },
        timeout: 60_000,
      });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => scan.on('close', (code, by) => resolve({ code, signal: by })));
      const childFile = path.join(state, 'child');
      let child: number | undefined;
      try {
        await until(() => existsSync(childFile), 'the renderer started its child');
        child = Number(readFileSync(childFile, 'utf8'));
        expect(running(child)).toBe(true);
        scan.kill(signal);
        expect(await ended).toEqual({ code: null, signal });
        await until(() => !running(child!), `the renderer's child (${child}) ended`);
      } finally {
        scan.kill('SIGKILL');
        if (child !== undefined && running(child)) process.kill(child, 'SIGKILL');
      }
    },
    30_000,
  );
});
