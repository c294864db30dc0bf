import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { selfSigned } from '../admission/helpers.js';
import { tempDir } from '../helpers/temp.js';

const TRACES = path.join(REPO_ROOT, 'test/conformance/falco/k8saudit-tests/test/trace_files/k8s_audit');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });

function post(port: number, pathname: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, method: body === undefined ? 'GET' : 'POST', agent: new Agent({ rejectUnauthorized: false }), headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('rampart runtime --audit-webhook (end to end, HTTPS on loopback)', () => {
  it('serves the API server webhook, prints alerts, and shuts down cleanly on SIGTERM', async () => {
    const dir = tempDir('rampart-runtime-webhook-');
    const pem = await selfSigned('rampart-runtime.test');
    writeFileSync(path.join(dir, 'tls.crt'), pem.cert);
    writeFileSync(path.join(dir, 'tls.key'), pem.key);
    const port = await freePort();
    const child = spawn(process.execPath, [...CLI, 'runtime', '--audit-webhook', `127.0.0.1:${port}`, '--tls-cert', path.join(dir, 'tls.crt'), '--tls-key', path.join(dir, 'tls.key'), '--log-level', 'info'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200; i++) {
        if (await post(port, '/healthz').catch(() => 0)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const body = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[${readFileSync(path.join(TRACES, 'create_nginx_pod_privileged.json'), 'utf8').trim()}]}`;
      expect(await post(port, '/k8s-audit', body)).toBe(200);
      for (let i = 0; i < 200 && !stdout.includes('\n'); i++) await new Promise((r) => setTimeout(r, 25));
      expect(stdout).toMatch(/^\{"hostname":.*"rule":"Create Privileged Pod".*"output_fields": \{/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // JSON logs on stderr, as the runtime daemon's own component; nothing at warn or above.
    const logs = stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['rules loaded', 'audit webhook listening', 'shutting down']));
    expect(logs.map((l) => [l.component, l.level])).toEqual(logs.map(() => ['rampart-runtime', 'info']));
  });
});
