import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/runtime/engine.js';
import { falcosidekickSink, slackMessage, slackSink } from '../../src/runtime/sinks/http.js';
import { AlertRouter } from '../../src/runtime/sinks/router.js';
import type { AlertSink, SinkEvents } from '../../src/runtime/sinks/sink.js';

const alert = (rule = 'R', fields: Record<string, string> = { 'ka.user.name': 'alice' }): Alert => ({
  time: 1_700_000_000_123_456_789n,
  rule,
  priority: 'Warning',
  source: 'k8s_audit',
  hostname: 'h',
  output: `12:00:00.000000000: Warning ${rule} (user=alice)`,
  outputFields: { 'evt.time': 1_700_000_000_123_456_789n, ...fields },
  tags: ['k8s'],
});

function counters() {
  const c = { delivered: 0, dropped: [] as string[], errors: [] as string[] };
  const events: SinkEvents = { delivered: () => c.delivered++, dropped: (_s, r) => c.dropped.push(r), error: (_s, m) => c.errors.push(m) };
  return { c, events };
}

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[]; raw: string[] }> {
  const bodies: unknown[] = [];
  const raw: string[] = [];
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      raw.push(text);
      bodies.push(JSON.parse(text));
      res.writeHead(statuses.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, bodies, raw };
}

describe('HTTP sinks (loopback)', () => {
  it('posts Falco JSON to a Falcosidekick-style webhook, retrying on 5xx', async () => {
    const { url, raw } = await receiver([503, 200]);
    const { c, events } = counters();
    const sink = falcosidekickSink(url, events, { backoffMs: () => 1 });
    sink.send(alert());
    await sink.close();
    expect(c.delivered).toBe(1);
    expect(raw).toHaveLength(2);
    expect(raw[1]).toBe(
      '{"hostname":"h","output":"12:00:00.000000000: Warning R (user=alice)","priority":"Warning","rule":"R","source":"k8s_audit","tags":["k8s"],"time":"2023-11-14T22:13:20.123456789Z", "output_fields": {"evt.time":1700000000123456789,"ka.user.name":"alice"}}',
    );
  });

  it('gives up after its retries and counts the drop; a full buffer drops new alerts', async () => {
    const { url } = await receiver([500, 500, 500, 500]);
    const { c, events } = counters();
    const sink = falcosidekickSink(url, events, { backoffMs: () => 1, retries: 1, bufferSize: 1, concurrency: 1 });
    sink.send(alert('A'));
    sink.send(alert('B'));
    sink.send(alert('C'));
    await sink.close();
    expect(c.dropped.sort()).toEqual(['buffer_full', 'failed', 'failed']);
  });

  it('formats Slack messages with the output and the alert properties', async () => {
    expect(slackMessage(alert())).toMatchObject({ text: 'Warning: R', attachments: [{ text: '12:00:00.000000000: Warning R (user=alice)', color: '#f7e14a' }] });
    const { url, bodies } = await receiver([200]);
    const { c, events } = counters();
    const sink = slackSink(url, events);
    sink.send(alert());
    await sink.close();
    expect(c.delivered).toBe(1);
    expect(bodies[0]).toMatchObject({ text: 'Warning: R' });
  });
});

describe('alert router', () => {
  const collect = () => {
    const got: string[] = [];
    const sink: AlertSink = { name: 'm', send: (a) => void got.push(a.rule), close: () => Promise.resolve() };
    return { got, sink };
  };

  it('rate-limits each rule with a token bucket', () => {
    let now = 0;
    const suppressed: string[] = [];
    const { got, sink } = collect();
    const router = new AlertRouter([sink], { ratePerRule: 1, burst: 2, now: () => now, suppressed: (r, why) => suppressed.push(`${r}:${why}`) });
    for (let i = 0; i < 4; i++) router.route(alert('A', { n: String(i) }));
    router.route(alert('B'));
    now = 1000;
    router.route(alert('A', { n: 'later' }));
    expect(got).toEqual(['A', 'A', 'B', 'A']);
    expect(suppressed).toEqual(['A:rate_limit', 'A:rate_limit']);
  });

  it('drops duplicates inside the window', () => {
    let now = 0;
    const { got, sink } = collect();
    const router = new AlertRouter([sink], { dedupWindowMs: 1000, now: () => now });
    router.route(alert('A'));
    router.route(alert('A'));
    router.route(alert('A', { 'ka.user.name': 'bob' }));
    now = 1500;
    router.route(alert('A'));
    expect(got).toEqual(['A', 'A', 'A']);
  });
});
