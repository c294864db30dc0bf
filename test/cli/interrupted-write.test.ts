import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('rampart-interrupt-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Enough insecure Deployments for a report of tens of MB, so that writing it takes a while. */
function writeInput(file: string, count: number): void {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
spec:
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i} }
    spec:
      hostPID: true
      containers:
        - name: main
          image: nginx
          securityContext: { privileged: true }
        - name: sidecar
          image: busybox:latest
`);
  }
  writeFileSync(file, docs.join('---\n'));
}

/** The CLI from the sources (the tests' bundle of them), and the built one as users run it (bin/rampart.js, which exits as soon as a command returns). */
const ENTRIES = [
  { name: 'from source', args: CLI },
  { name: 'bin/rampart.js', args: [path.join(REPO_ROOT, 'bin/rampart.js')] },
] as const;

describe.each(ENTRIES)('a scan stopped by a signal while it writes its report ($name)', ({ name, args }) => {
  it('leaves no temporary file behind, no incomplete report, and ends by the signal', async () => {
    const input = path.join(dir, 'input.yaml');
    writeInput(input, 3000);
    const out = path.join(dir, `out-${name.replace(/\W+/g, '-')}`);
    mkdirSync(out);
    const report = path.join(out, 'report.json');
    const child = spawn(process.execPath, [...args, 'scan', input, '--no-config-file', '--format', 'json', '--output', report], { cwd: REPO_ROOT, stdio: 'ignore' });
    // The signal is sent the moment the temporary report file appears, long before the checks of
    // 3,000 workloads are done: the signal arrives while the scan runs synchronously.
    let signalled = false;
    const watcher = watch(out, (_event, file) => {
      if (!signalled && file?.endsWith('.tmp')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    watcher.close();
    expect(signalled).toBe(true);
    // Not the exit code of a completed scan (1: findings), which a CI job cancelled by SIGTERM would take for a result.
    expect(ended, JSON.stringify(ended)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The checks let the event loop turn every few milliseconds, so the signal ended the scan
    // during them, long before a report could be completed and renamed into place.
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);
});
