import { once } from 'node:events';
import { renameSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/checks/api.js';
import { CHECKS } from '../../src/checks/index.js';
import { CheckRegistry } from '../../src/checks/registry.js';
import { FileNamespaces } from '../../src/admission/namespaces/file.js';
import type { NamespaceInfo, NamespaceSource } from '../../src/admission/namespaces/source.js';
import { type TestServer, review, selfSigned, send, startTestServer, testSetup } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

/** Certificate reload, readiness, graceful shutdown, failure policy and namespace file reload: each waits on events, never on time. */

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function files() {
  const dir = tempDir('rampart-lifecycle-');
  const pem = await selfSigned('first.test');
  const certFile = path.join(dir, 'tls.crt');
  const keyFile = path.join(dir, 'tls.key');
  writeFileSync(certFile, pem.cert);
  writeFileSync(keyFile, pem.key);
  return { dir, pem, certFile, keyFile };
}

/** The certificate the server presents, read from a TLS handshake. */
async function presented(port: number): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
  await once(socket, 'secureConnect');
  const subject = socket.getPeerCertificate().subject?.CN;
  socket.destroy();
  return String(subject);
}

/** A namespace source whose lookups wait until released, to hold a review in flight. */
class GatedNamespaces implements NamespaceSource {
  release!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  entered!: () => void;
  readonly waiting = new Promise<void>((resolve) => (this.entered = resolve));
  isReady = true;
  async get(name: string): Promise<NamespaceInfo> {
    this.entered();
    await this.gate;
    return { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } };
  }
  ready() {
    return this.isReady;
  }
  close() {
    return Promise.resolve();
  }
}

describe('serving certificate reload', () => {
  it('serves a new certificate written over the files, without a restart', async () => {
    const f = await files();
    const t = await startTestServer({ ...f, watchCertificates: true });
    servers.push(t);
    expect(await presented(t.server.port)).toBe('first.test');
    const next = await selfSigned('second.test');
    const reloaded = once(t.certificates, 'reload');
    // Written as Kubernetes updates a Secret volume: the new files replace the old ones at once.
    writeFileSync(path.join(f.dir, 'tls.key.new'), next.key);
    writeFileSync(path.join(f.dir, 'tls.crt.new'), next.cert);
    renameSync(path.join(f.dir, 'tls.key.new'), f.keyFile);
    renameSync(path.join(f.dir, 'tls.crt.new'), f.certFile);
    await reloaded;
    expect(await presented(t.server.port)).toBe('second.test');
    // Clients that trust only the new certificate now get through.
    const metrics = await send(t.url, next.cert, { method: 'GET', path: '/metrics' });
    expect(metrics.text).toMatch(/rampart_admission_tls_reloads_total\{result="ok"\} [1-9]/);
  });

  it('keeps the old certificate when the new one is broken or does not match the key, and logs it', async () => {
    const f = await files();
    const t = await startTestServer({ ...f, watchCertificates: true });
    servers.push(t);
    const rejected = once(t.certificates, 'reload-error');
    writeFileSync(f.certFile, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    await rejected;
    expect(await presented(t.server.port)).toBe('first.test');
    const mismatch = once(t.certificates, 'reload-error');
    writeFileSync(f.certFile, (await selfSigned('other.test')).cert);
    const [message] = await mismatch;
    expect(String(message)).toMatch(/key values mismatch|mismatch/i);
    expect(await presented(t.server.port)).toBe('first.test');
    expect(t.logs.lines.some((l) => l.level === 'error' && String(l.msg).includes('still serving the previous one'))).toBe(true);
    const res = await t.post('/validate', review('pod-restricted-ok.json'));
    expect(res.status).toBe(200);
  });
});

describe('readiness', () => {
  it('is not ready until the namespace source is', async () => {
    const f = await files();
    const namespaces = new GatedNamespaces();
    namespaces.isReady = false;
    const t = await startTestServer({ ...f, namespaces });
    servers.push(t);
    expect((await t.get('/readyz')).status).toBe(503);
    expect((await t.get('/healthz')).status).toBe(200);
    namespaces.isReady = true;
    expect((await t.get('/readyz')).status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('finishes a review in flight, then stops accepting connections', async () => {
    const f = await files();
    const namespaces = new GatedNamespaces();
    const t = await startTestServer({ ...f, namespaces });
    const inFlight = t.post('/validate', review('pod-privileged.json'));
    await namespaces.waiting;
    const closed = t.server.close();
    expect((await t.get('/readyz').catch(() => ({ status: 0 }))).status).not.toBe(200);
    namespaces.release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.json().response.allowed).toBe(false);
    await closed;
    await expect(t.get('/healthz')).rejects.toThrow(/ECONNREFUSED/);
    t.certificates.close();
  });
});

describe('failure policy', () => {
  const broken = defineCheck({
    id: 'broken-check',
    title: 'A check that throws',
    severity: 'low',
    category: 'hygiene',
    target: 'workload',
    admission: true,
    description: 'test',
    remediation: 'test',
    references: [],
    run() {
      throw new Error('boom');
    },
  });
  const registry = new CheckRegistry([...CHECKS.all(), broken]);

  async function serverWith(policy: 'fail' | 'ignore') {
    const f = await files();
    const config = path.join(f.dir, 'rampart.yaml');
    writeFileSync(config, 'admission:\n  bindings:\n    - rules: [broken-check]\n      action: warn\n');
    const t = await startTestServer({ ...f, setup: await testSetup({ config, registry }), failurePolicy: policy });
    servers.push(t);
    return t;
  }

  it('fails closed by default: denies, says why, and logs the error with the uid', async () => {
    const t = await serverWith('fail');
    const res = await t.post('/validate', review('pod-restricted-ok.json'));
    expect(res.status).toBe(200);
    const r = res.json().response;
    expect(r.allowed).toBe(false);
    expect(r.status).toMatchObject({ code: 500, reason: 'InternalError', message: 'Internal error occurred: rampart admission webhook could not evaluate request 0b1e4c2a-0002-4d6f-9a52-000000000002' });
    const line = t.logs.lines.find((l) => l.level === 'error' && l.uid === '0b1e4c2a-0002-4d6f-9a52-000000000002');
    expect(String(line?.err)).toContain('boom');
    expect((await t.get('/metrics')).text).toMatch(/rampart_admission_internal_errors_total 1/);
  });

  it('allows with an audit annotation under --failure-policy ignore', async () => {
    const t = await serverWith('ignore');
    const r = (await t.post('/validate', review('pod-restricted-ok.json'))).json().response;
    expect(r.allowed).toBe(true);
    expect(r.auditAnnotations['rampart-error']).toMatch(/allowed by failure policy Ignore/);
  });
});

describe('namespaces file', () => {
  it('reloads labels when the file changes, and keeps the old ones on a broken file', async () => {
    const f = await files();
    const nsFile = path.join(f.dir, 'namespaces.yaml');
    writeFileSync(nsFile, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: restricted-ns\n  labels: {pod-security.kubernetes.io/enforce: privileged}\n');
    const namespaces = new FileNamespaces(nsFile).watch();
    const t = await startTestServer({ ...f, namespaces });
    servers.push(t);
    expect((await t.post('/validate', review('pod-privileged.json'))).json().response.allowed).toBe(true);

    const reloaded = once(namespaces.events, 'reload');
    writeFileSync(nsFile, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: restricted-ns\n  labels: {pod-security.kubernetes.io/enforce: restricted}\n');
    await reloaded;
    expect((await t.post('/validate', review('pod-privileged.json'))).json().response.allowed).toBe(false);

    const rejected = once(namespaces.events, 'reload-error');
    writeFileSync(nsFile, 'apiVersion: v1\nkind: Namespace\nmetadata: [unclosed\n');
    await rejected;
    expect((await t.post('/validate', review('pod-privileged.json'))).json().response.allowed).toBe(false);
    await namespaces.close();
  });
});
