import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateFiles } from '../../src/admission/serve/tls.js';
import type { Alert } from '../../src/runtime/engine.js';
import { loadRules } from '../../src/runtime/engine.js';
import { createRuntimeLogger } from '../../src/runtime/serve/logger.js';
import { RuntimeMetrics } from '../../src/runtime/serve/metrics.js';
import { Pipeline } from '../../src/runtime/serve/pipeline.js';
import { type AuditWebhook, startAuditWebhook } from '../../src/runtime/serve/webhook.js';
import { AlertRouter } from '../../src/runtime/sinks/router.js';
import { LogCapture, selfSigned } from '../admission/helpers.js';
import { tempDir } from '../helpers/temp.js';

const FALCO = path.resolve(import.meta.dirname, '../conformance/falco');
const fixture = (name: string) => readFileSync(path.join(FALCO, 'k8saudit-tests/test/trace_files/k8s_audit', name), 'utf8').trim();

let dir: string;
let certs: CertificateFiles;
const agent = new Agent({ keepAlive: false, rejectUnauthorized: false });

beforeAll(async () => {
  dir = tempDir('rampart-runtime-serve-');
  const pem = await selfSigned('rampart-runtime.test');
  writeFileSync(path.join(dir, 'tls.crt'), pem.cert);
  writeFileSync(path.join(dir, 'tls.key'), pem.key);
  certs = new CertificateFiles(path.join(dir, 'tls.crt'), path.join(dir, 'tls.key'));
});
afterAll(() => certs.close());

async function serve(capacity: number, earlyRefusalEvents?: number, maxBodyBytes?: number, maxEventSize?: number) {
  const loaded = loadRules([{ name: 'k8s.yaml', content: readFileSync(path.join(FALCO, 'k8s_audit_rules.yaml'), 'utf8') }], { hostname: 'h' });
  const alerts: Alert[] = [];
  const metrics = new RuntimeMetrics(false);
  const router = new AlertRouter([{ name: 'memory', send: (a) => void alerts.push(a), close: () => Promise.resolve() }]);
  const pipeline = new Pipeline({ engine: loaded.engine, router, metrics, capacity });
  const logs = new LogCapture();
  const server = await startAuditWebhook({
    port: 0,
    host: '127.0.0.1',
    certificates: certs,
    pipeline,
    metrics,
    logger: createRuntimeLogger('debug', logs),
    ...(earlyRefusalEvents !== undefined ? { earlyRefusalEvents } : {}),
    ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
    ...(maxEventSize !== undefined ? { maxEventSize } : {}),
  });
  return { server, pipeline, alerts, metrics, logs };
}

function post(server: AuditWebhook, pathname: string, body: string, method = 'POST', contentType = 'application/json'): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${pathname}`, { method, agent, headers: { 'content-type': contentType } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

const eventList = (...events: string[]) => `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[${events.join(',')}]}`;

describe('audit webhook (HTTPS, loopback)', () => {
  it('accepts an EventList, answers 200 at once and evaluates it off the request', async () => {
    const { server, pipeline, alerts } = await serve(1000);
    try {
      const res = await post(server, '/k8s-audit', eventList(fixture('create_nginx_pod_privileged.json'), fixture('create_deployment.json')));
      expect(res.status).toBe(200);
      await pipeline.drained();
      expect(alerts.map((a) => a.rule)).toEqual(['Create Privileged Pod', 'K8s Deployment Created']);
      const text = (await post(server, '/metrics', '', 'GET')).text;
      expect(text).toMatch(/rampart_runtime_events_processed_total\{source="k8s_audit"\} 2/);
      expect(text).toMatch(/rampart_runtime_alerts_total\{rule="Create Privileged Pod",priority="Warning"\} 1/);
    } finally {
      await server.close();
    }
  });

  it('refuses a batch that does not fit with 429 and Retry-After, without losing what it accepted', async () => {
    const { server, pipeline, alerts } = await serve(2, 0);
    try {
      const big = await post(server, '/k8s-audit', eventList(fixture('create_deployment.json'), fixture('delete_deployment.json'), fixture('create_service.json')));
      expect(big.status).toBe(429);
      expect(big.headers['retry-after']).toBe('1');
      const ok = await post(server, '/k8s-audit', eventList(fixture('create_deployment.json'), fixture('delete_deployment.json')));
      expect(ok.status).toBe(200);
      await pipeline.drained();
      expect(alerts.map((a) => a.rule)).toEqual(['K8s Deployment Created', 'K8s Deployment Deleted']);
    } finally {
      await server.close();
    }
  });

  it('logs when a full queue starts refusing batches and when it accepts again, not every 429', async () => {
    const { server, pipeline, logs } = await serve(2, 0);
    try {
      const three = eventList(fixture('create_deployment.json'), fixture('delete_deployment.json'), fixture('create_service.json'));
      for (let i = 0; i < 3; i++) expect((await post(server, '/k8s-audit', three)).status).toBe(429);
      expect((await post(server, '/k8s-audit', eventList(fixture('create_deployment.json')))).status).toBe(200);
      await pipeline.drained();
      expect((await post(server, '/k8s-audit', three)).status).toBe(429);
      const queueLines = logs.lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('audit event queue'));
      expect(queueLines).toEqual([
        expect.objectContaining({ level: 'warn', component: 'rampart-runtime', msg: expect.stringContaining('is full: answering 429'), remote: '127.0.0.1' }),
        expect.objectContaining({ level: 'info', msg: 'audit event queue accepts batches again', refused: 3 }),
        expect.objectContaining({ level: 'warn', msg: expect.stringContaining('is full: answering 429') }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('refuses before reading the body when the queue is nearly full', async () => {
    const { server } = await serve(10, 400);
    try {
      expect((await post(server, '/k8s-audit', eventList(fixture('create_deployment.json')))).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('answers 400 to what is not an audit EventList and to a body over 12 MiB (closing the connection, as the k8saudit plugin), and 404 elsewhere', async () => {
    const { server, metrics, pipeline, alerts } = await serve(100, 0);
    try {
      expect((await post(server, '/k8s-audit', '{"kind": 0}')).status).toBe(400);
      expect((await post(server, '/k8s-audit', 'not json')).status).toBe(400);
      expect((await post(server, '/nope', '{}')).status).toBe(404);
      expect(await metrics.registry.getSingleMetricAsString('rampart_runtime_events_dropped_total')).toMatch(/reason="malformed"\} 2/);
      // The plugin's webhookMaxBatchSize default: a body of that many bytes is read, one more is refused.
      const limit = 12 * 1024 * 1024;
      const batch = eventList(fixture('create_deployment.json'));
      expect((await post(server, '/k8s-audit', batch.padEnd(limit, ' '))).status).toBe(200);
      await pipeline.drained();
      expect(alerts.map((a) => a.rule)).toEqual(['K8s Deployment Created']);
      const over = await post(server, '/k8s-audit', batch.padEnd(limit + 1, ' '));
      expect(over.status).toBe(400);
      expect(over.headers.connection).toBe('close');
      expect(JSON.parse(over.text)).toEqual({ error: 'BadRequest', message: `request body is larger than the limit of ${limit} bytes` });
    } finally {
      await server.close();
    }
  });

  it('logs one warn line per rejected request with the remote address and the reason, never the body', async () => {
    const { server, logs } = await serve(100, 0, 4096);
    // Bodies that would put the secret in a log line if any part of them were logged.
    const secret = 'hunter2-s3cr3t';
    const requests: [body: string, contentType: string, status: number, reason: RegExp][] = [
      [`not json ${secret}`, 'application/json', 400, /^request body is not valid JSON: Unexpected token 'o'$/],
      [`{"kind":"Secret","data":{"password":"${secret}"}}`, 'application/json', 400, /^data not recognized as a k8s audit event$/],
      [`{"kind":"EventList","items":[1,"${secret}"]}`, 'application/json', 400, /^2 of 2 EventList items: data not recognized as a k8s audit event$/],
      [`{"kind":"EventList","items":"${secret}"}`, 'application/json', 400, /EventList without items$/],
      [`{"kind":"EventList","items":[],"x":"${secret}"}`, 'application/json', 400, /EventList without items$/],
      [`{"kind":"EventList","items":[{"kind":"Event","stageTimestamp":"${secret}"},{"kind":"Event","auditID":"${secret}"}]}`, 'application/json', 400, /^2 of 2 EventList items: can't parse stageTimestamp as an RFC 3339 time; can't read stageTimestamp$/],
      [`${secret}`, 'text/plain', 415, /^unsupported Content-Type "text\/plain": expected application\/json$/],
      [`{"kind":"EventList","items":["${secret}${'x'.repeat(5000)}"]}`, 'application/json', 400, /^request body is larger than the limit of 4096 bytes$/],
    ];
    try {
      for (const [body, contentType, status, reason] of requests) {
        const before = logs.lines.length;
        const res = await post(server, '/k8s-audit?from=test', body, 'POST', contentType);
        expect(res.status, body.slice(0, 40)).toBe(status);
        expect(res.text).not.toContain(secret);
        const written = logs.lines.slice(before);
        expect(written, body.slice(0, 40)).toEqual([
          expect.objectContaining({ level: 'warn', component: 'rampart-runtime', msg: 'audit webhook request rejected', remote: '127.0.0.1', path: '/k8s-audit', status, err: expect.stringMatching(reason) }),
        ]);
      }
      expect(JSON.stringify(logs.lines)).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it('accepts a JSON array of Events and EventLists, as the k8saudit plugin does, and refuses one holding anything else', async () => {
    const { server, pipeline, alerts } = await serve(100, 0);
    try {
      const res = await post(server, '/k8s-audit', `[${fixture('create_deployment.json')},${eventList(fixture('delete_deployment.json'))}]`);
      expect(res.status).toBe(200);
      await pipeline.drained();
      expect(alerts.map((a) => a.rule)).toEqual(['K8s Deployment Created', 'K8s Deployment Deleted']);
      // The plugin drops the whole payload when an element is not an audit event.
      expect((await post(server, '/k8s-audit', `[${fixture('create_service.json')},{"kind":"Status"}]`)).status).toBe(400);
      await pipeline.drained();
      expect(alerts).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('reads a key given twice as the k8saudit plugin does: its first value', async () => {
    const { server, pipeline, alerts } = await serve(100, 0);
    try {
      const event = fixture('create_deployment.json');
      const twice = `{"verb":"create",${event.slice(1, -1).replace('"verb":"create"', '"verb":"get"')}}`;
      // The items key given twice too: the plugin reads the first list.
      const res = await post(server, '/k8s-audit', `{"kind":"EventList","items":[${twice}],"items":[]}`);
      expect(res.status).toBe(200);
      await pipeline.drained();
      expect(alerts.map((a) => a.rule)).toEqual(['K8s Deployment Created']);
      const deep = await post(server, '/k8s-audit', `{"kind":"EventList","items":[${event}],"x":${'['.repeat(300)}${']'.repeat(300)}}`);
      expect(deep.status).toBe(400);
      expect(JSON.parse(deep.text)).toEqual({ error: 'BadRequest', message: 'request body is JSON nested more than 300 levels deep' });
    } finally {
      await server.close();
    }
  });

  it('drops the events of a batch larger than the maximum event size, as the k8saudit plugin does', async () => {
    const deployment = fixture('create_deployment.json');
    const { server, pipeline, alerts, logs, metrics } = await serve(100, 0, undefined, deployment.length);
    try {
      const big = fixture('create_nginx_pod_privileged.json');
      expect(big.length).toBeGreaterThan(deployment.length);
      const res = await post(server, '/k8s-audit', eventList(big, deployment));
      expect(res.status).toBe(200);
      await pipeline.drained();
      expect(alerts.map((a) => a.rule)).toEqual(['K8s Deployment Created']);
      expect(logs.lines.filter((l) => l.level === 'warn')).toEqual([
        expect.objectContaining({ msg: 'audit events dropped', status: 200, dropped: 1, accepted: 1, err: `1 of 2 EventList items: event of ${big.length} bytes is larger than the maximum event size (${deployment.length})` }),
      ]);
      // All of a batch too large: 400.
      expect((await post(server, '/k8s-audit', eventList(big))).status).toBe(400);
      expect(await metrics.registry.getSingleMetricAsString('rampart_runtime_events_dropped_total')).toMatch(/reason="malformed"\} 2/);
    } finally {
      await server.close();
    }
  });

  it('logs the malformed items it drops from a batch it accepts', async () => {
    const { server, pipeline, alerts, logs } = await serve(100, 0);
    try {
      const res = await post(server, '/k8s-audit', eventList(fixture('create_deployment.json'), '"hunter2-s3cr3t"', '[]'));
      expect(res.status).toBe(200);
      await pipeline.drained();
      expect(alerts.map((a) => a.rule)).toEqual(['K8s Deployment Created']);
      expect(logs.lines.filter((l) => l.level === 'warn')).toEqual([
        expect.objectContaining({ msg: 'audit events dropped', remote: '127.0.0.1', path: '/k8s-audit', status: 200, dropped: 2, accepted: 1, err: '2 of 3 EventList items: data not recognized as a k8s audit event' }),
      ]);
      expect(JSON.stringify(logs.lines)).not.toContain('hunter2');
    } finally {
      await server.close();
    }
  });
});
