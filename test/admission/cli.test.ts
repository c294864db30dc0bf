import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, rampart } from '../helpers/cli.js';
import { FIXTURES, review, selfSigned, send } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const MANIFESTS = path.join(FIXTURES, 'manifests');
const CONFIG = path.join(FIXTURES, 'rampart.yaml');
const NAMESPACES = path.join(FIXTURES, 'namespaces.yaml');

describe('rampart admission test', () => {
  it('prints each decision and exits 1 when something would be denied', () => {
    const r = rampart(['admission', 'test', MANIFESTS, '--config', CONFIG, '--namespaces', NAMESPACES]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const rel = (f: string) => path.join(MANIFESTS, f);
    expect(r.stdout).toContain(`ALLOWED  Namespace shop  (${rel('app.yaml')}:2)`);
    expect(r.stdout).toContain(`ALLOWED  Deployment shop/web  (${rel('app.yaml')}:9)`);
    expect(r.stdout).toContain(`PODS DENIED  DaemonSet shop/agent  (${rel('app.yaml')}:29)`);
    expect(r.stdout).toMatch(/its pods would be refused: pods is forbidden: violates PodSecurity "restricted:latest": host namespaces \(hostNetwork=true\)/);
    expect(r.stdout).toMatch(/warning: would violate PodSecurity "restricted:latest": host namespaces/);
    expect(r.stdout).toContain(`DENIED   Pod team-a/debug  (${rel('pod.yaml')}:1)`);
    expect(r.stdout).toContain('pods "debug" is forbidden: violates Rampart rules: image-tag-latest (container "shell" uses image "busybox:latest" with the mutable tag latest)');
    expect(r.stdout).toContain('4 objects: 2 denied, 0 allowed with warnings, 2 allowed');
  });

  it('judges pods by the labels that would exist: a Namespace among the manifests that is denied is never applied', () => {
    const r = rampart(['admission', 'test', path.join(FIXTURES, 'denied-namespace'), '--config', CONFIG, '--namespaces', NAMESPACES, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.decisions.map((d: { kind: string; name: string; allowed: boolean }) => `${d.kind} ${d.name} ${d.allowed}`)).toEqual([
      'Namespace baseline-ns false',
      'Pod web true',
      'Pod api true',
      'Namespace fresh false',
    ]);
    // baseline-ns as namespaces.yaml has it (enforce baseline); fresh with the configured defaults.
    for (const pod of [report.decisions[1], report.decisions[2]]) {
      expect(pod.auditAnnotations['enforce-policy']).toBe('baseline:latest');
      expect(pod.auditAnnotations.error).toBeUndefined();
      expect(pod.warnings).toEqual([expect.stringMatching(/^would violate PodSecurity "restricted:latest": /)]);
    }
  });

  it('leaves out the objects the API server refuses, each an input error naming its field (exit 2)', () => {
    const file = path.join(FIXTURES, 'rejected', 'manifests.yaml');
    const r = rampart(['admission', 'test', file, '--config', CONFIG, '--namespaces', NAMESPACES, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${file}: Pod baseline-ns/quoted: spec.containers[0].securityContext.privileged must be a boolean, but is the string "true" (remove the quotes); the API server rejects the object, so it is left out`,
      `error: ${file}: Deployment baseline-ns/flat: spec.template.spec.containers must be a list, but is the string "notalist"; the API server rejects the object, so it is left out`,
      `error: ${file}: Namespace baseline-ns: metadata.labels.tier must be a string, but is the number 1 (quote it in YAML); the API server rejects the object, so it is left out`,
    ]);
    const report = JSON.parse(r.stdout);
    expect(report.errors.map((e: { code: string; line: number; column: number }) => [e.code, e.line, e.column])).toEqual([
      ['rejected-object', 15, 9],
      ['rejected-object', 29, 7],
      ['rejected-object', 37, 5],
    ]);
    // Judged by baseline-ns as namespaces.yaml has it: enforce baseline, warn restricted.
    expect(report.decisions).toEqual([expect.objectContaining({ kind: 'Pod', name: 'fine', allowed: true, auditAnnotations: expect.objectContaining({ 'enforce-policy': 'baseline:latest' }) })]);
  });

  it('writes JSON', () => {
    const r = rampart(['admission', 'test', path.join(MANIFESTS, 'app.yaml'), '--config', CONFIG, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ objects: 3, denied: 1, allowed: 2 });
    expect(report.decisions[2]).toMatchObject({ kind: 'DaemonSet', namespace: 'shop', name: 'agent', allowed: true, podsDenied: expect.stringContaining('hostNetwork=true') });
  });

  it('exits 0 when nothing would be denied', () => {
    const dir = tempDir('rampart-admission-test-');
    writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: "1"}\n');
    const r = rampart(['admission', 'test', dir, '--config', CONFIG]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ALLOWED  ConfigMap shop/settings');
  });

  it('refuses a binding of a rule that needs other objects, at load, with exit 2', () => {
    const dir = tempDir('rampart-admission-test-');
    const config = path.join(dir, '.rampart.yaml');
    writeFileSync(config, 'admission:\n  bindings:\n    - rules: [host-network, no-such-rule]\n      action: enforce\n');
    const r = rampart(['admission', 'test', MANIFESTS, '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('admission.bindings[0]: unknown rule "no-such-rule"');
  });
});

describe('rampart admission serve', () => {
  it('serves reviews over HTTPS and shuts down cleanly on SIGTERM', async () => {
    const dir = tempDir('rampart-serve-');
    const pem = await selfSigned();
    writeFileSync(path.join(dir, 'tls.crt'), pem.cert);
    writeFileSync(path.join(dir, 'tls.key'), pem.key);
    const child = spawn(
      process.execPath,
      [...CLI, 'admission', 'serve', '--port', '0', '--host', '127.0.0.1',
        '--tls-cert', path.join(dir, 'tls.crt'), '--tls-key', path.join(dir, 'tls.key'), '--config', CONFIG, '--namespaces', NAMESPACES],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: Array<Record<string, unknown>> = [];
    const listening = new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line);
        lines.push(entry);
        if (entry.msg === 'admission webhook listening') resolve(Number(entry.port));
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const port = await listening;
    const url = `https://127.0.0.1:${port}`;
    const res = await send(url, pem.cert, { path: '/validate', body: JSON.stringify(review('pod-privileged.json')) });
    expect(res.json().response.allowed).toBe(false);
    expect((await send(url, pem.cert, { method: 'GET', path: '/readyz' })).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['received signal', 'shutting down: finishing in-flight reviews', 'admission webhook stopped']));
    // Logs of both daemons are routed by this field; the runtime daemon's say rampart-runtime.
    expect(lines.map((l) => l.component)).toEqual(lines.map(() => 'rampart-admission'));
  });

  it('refuses to start without a certificate', () => {
    const r = rampart(['admission', 'serve', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tls-cert and --tls-key are required');
  });
});
