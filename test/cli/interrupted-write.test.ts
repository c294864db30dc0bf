import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const TSX = import.meta.resolve('tsx');
const ENTRY = path.join(REPO_ROOT, 'test/helpers/cli-entry.ts');
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

describe('a scan stopped by a signal while it writes its report', () => {
  it('leaves no temporary file behind, and no incomplete report', async () => {
    const input = path.join(dir, 'input.yaml');
    writeInput(input, 3000);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const report = path.join(out, 'report.json');
    const child = spawn(process.execPath, ['--import', TSX, ENTRY, 'scan', input, '--no-config-file', '--format', 'json', '--output', report], { cwd: REPO_ROOT, stdio: 'ignore' });
    // The signal is sent the moment the temporary report file appears.
    let signalled = false;
    const watcher = watch(out, (_event, name) => {
      if (!signalled && name?.endsWith('.tmp')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    watcher.close();
    expect(signalled).toBe(true);
    // Either the signal ended it, or it arrived as the command was completing (exit 1: findings).
    expect(ended.signal === 'SIGTERM' || ended.code === 1, JSON.stringify(ended)).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The write in progress was completed before the process ended: the report is whole.
    if (readdirSync(out).includes('report.json')) {
      const written = JSON.parse(readFileSync(report, 'utf8')) as { findings: unknown[] };
      expect(written.findings.length).toBeGreaterThan(10_000);
    }
  }, 60_000);
});
