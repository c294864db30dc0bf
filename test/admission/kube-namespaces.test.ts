import { once } from 'node:events';
import { type ServerResponse, createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeNamespaces } from '../../src/admission/namespaces/kube.js';
import { createLogger } from '../../src/admission/serve/logger.js';
import { LogCapture } from './helpers.js';
import { writeKubeconfig } from '../helpers/kubeconfig.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The namespace informer against a fake Kubernetes API on loopback: list, then a watch stream the
 * test writes events into; direct GETs for namespaces the cache does not know; pods for the
 * existing-pods check.
 */

const ns = (name: string, labels: Record<string, string>, rv: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, resourceVersion: rv } });

async function fakeApi() {
  let watch: ServerResponse | undefined;
  const watching = { resolve: () => {}, promise: Promise.resolve() };
  watching.promise = new Promise<void>((resolve) => (watching.resolve = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/v1/namespaces' && url.searchParams.get('watch') === 'true') {
      watch = res;
      res.writeHead(200);
      res.flushHeaders();
      watching.resolve();
      return;
    }
    if (url.pathname === '/api/v1/namespaces') {
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'NamespaceList', metadata: { resourceVersion: '10' }, items: [ns('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' }, '9')] }));
      return;
    }
    if (url.pathname === '/api/v1/namespaces/fresh') {
      res.end(JSON.stringify(ns('fresh', { 'pod-security.kubernetes.io/enforce': 'restricted' }, '11')));
      return;
    }
    if (url.pathname === '/api/v1/namespaces/shop/pods') {
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'p1', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] } }] }));
      return;
    }
    res.writeHead(404);
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const dir = tempDir('rampart-kube-');
  const kubeconfig = writeKubeconfig(dir, port);
  return {
    kubeconfig,
    watching: watching.promise,
    send(type: string, object: unknown) {
      watch?.write(`${JSON.stringify({ type, object })}\n`);
    },
    close() {
      watch?.end();
      server.closeAllConnections();
      server.close();
    },
  };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('namespaces from the Kubernetes API', () => {
  it('is ready once listed, follows the watch, and reads unknown namespaces directly', async () => {
    const api = await fakeApi();
    cleanups.push(() => api.close());
    const logs = new LogCapture();
    const source = await kubeNamespaces({ kubeconfig: api.kubeconfig, logger: createLogger('info', logs) });
    cleanups.push(() => source.close());
    expect(source.ready()).toBe(false);
    await source.start();
    expect(logs.lines).toEqual([expect.objectContaining({ msg: 'namespace cache synced', namespaces: 1 })]);
    expect(source.ready()).toBe(true);
    expect(await source.get('shop')).toEqual({ name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } });

    await api.watching;
    const changed = once(source.events, 'change');
    api.send('MODIFIED', ns('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' }, '12'));
    expect(await changed).toEqual(['shop']);
    expect((await source.get('shop')).labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted' });

    expect(await source.get('fresh')).toEqual({ name: 'fresh', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
    await expect(source.get('missing')).rejects.toThrow();

    const pods = await source.listPods('shop', 1000);
    expect(pods).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ name: 'p1' }), spec: expect.objectContaining({ containers: [expect.objectContaining({ securityContext: { privileged: true } })] }) })]);
  });

  it('stays not ready while the API cannot be listed', async () => {
    const dir = tempDir('rampart-kube-');
    const kubeconfig = path.join(dir, 'kubeconfig');
    // A port nothing listens on: the list fails at once.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: f\n  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: c\n  context: {cluster: f, user: u}\ncurrent-context: c\n`);
    const logs = new LogCapture();
    const source = await kubeNamespaces({ kubeconfig, logger: createLogger('info', logs), retryMs: 60_000 });
    cleanups.push(() => source.close());
    await source.start();
    expect(source.ready()).toBe(false);
    expect(logs.lines.some((l) => l.msg === 'namespace watch failed; retrying')).toBe(true);
  });
});
