#!/usr/bin/env node
// Runtime detection benchmark (results: docs/performance.md, "Runtime detection").
//
//   npm run build && node bench/runtime.js                 # all phases
//   node bench/runtime.js --phases file --runs 5
//   node bench/runtime.js --phases rate --rate 50000 --duration 20
//
// file:     the official k8s_audit_rules.yaml on a generated audit log (bench/gen-audit.js), one
//           thread: read, parse, evaluate, render alerts (bench/runtime-file.js), best of N runs.
// rate:     `rampart runtime --audit-webhook` over HTTPS, EventLists of 400 events posted at a
//           steady rate; every accepted event must be evaluated (zero loss), memory is sampled.
// cli:      `rampart runtime test` itself on the same file, alerts to /dev/null.
// overload: the same server with a small queue, flooded: it must answer 429 (never drop an
//           accepted event) and keep its memory bounded.
import 'reflect-metadata';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, writeSelfSignedCertificate } from './loopback-tls.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    phases: { type: 'string', default: 'file,cli,rate,overload' },
    runs: { type: 'string', default: '3' },
    events: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '400' },
    duration: { type: 'string', default: '20' },
    rules: { type: 'string', default: path.join(root, 'test/conformance/falco/k8s_audit_rules.yaml') },
    out: { type: 'string', default: path.join(root, 'bench/out/runtime.json') },
  },
});
const phases = new Set(values.phases.split(','));
const corpus = path.join(root, 'bench/out/audit.jsonl');
mkdirSync(path.join(root, 'bench/out'), { recursive: true });
const results = {};

if (!existsSync(corpus)) spawnSync(process.execPath, [path.join(root, 'bench/gen-audit.js'), '--events', values.events, '--out', corpus], { stdio: 'inherit' });

if (phases.has('file')) {
  const runs = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const r = spawnSync(process.execPath, [path.join(root, 'bench/runtime-file.js'), '--rules', values.rules, '--events', corpus], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    runs.push(JSON.parse(r.stdout));
    console.error(`file run ${i + 1}: ${Math.round(runs.at(-1).eventsPerSecond)} events/s, ${runs.at(-1).cpuMicrosPerEvent.toFixed(2)} µs CPU/event`);
  }
  runs.sort((a, b) => b.eventsPerSecond - a.eventsPerSecond);
  const floor = spawnSync(process.execPath, [path.join(root, 'bench/runtime-file.js'), '--rules', values.rules, '--events', corpus, '--parse-only'], { encoding: 'utf8' });
  const parseOnly = JSON.parse(floor.stdout);
  console.error(`file, reading and JSON.parse only: ${Math.round(parseOnly.eventsPerSecond)} events/s, ${parseOnly.cpuMicrosPerEvent.toFixed(2)} µs CPU/event`);
  results.file = { best: runs[0], median: runs[Math.floor(runs.length / 2)], parseOnly, runs };
}

if (phases.has('cli')) {
  // The real command, alerts written to /dev/null; its start-up (loading the rules) is measured apart.
  const time = (events) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(root, 'bin/rampart.js'), 'runtime', 'test', '--rules', values.rules, '--events', events], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(String(r.stderr));
    return (performance.now() - t0) / 1000;
  };
  const startup = time('/dev/null');
  const runs = [];
  for (let i = 0; i < Number(values.runs); i++) runs.push(time(corpus));
  runs.sort((a, b) => a - b);
  const lines = Number(values.events);
  results.cli = { startupSeconds: startup, bestSeconds: runs[0], eventsPerSecondExcludingStartup: lines / (runs[0] - startup), runs };
  console.error(`cli: best ${runs[0].toFixed(2)} s for ${lines} events (start-up ${startup.toFixed(2)} s): ${Math.round(results.cli.eventsPerSecondExcludingStartup)} events/s`);
}

/** EventList bodies of `batch` events each, from the start of the corpus. */
function bodies(count, batch) {
  const fd = openSync(corpus, 'r');
  const buffer = Buffer.alloc(64 << 20);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  const lines = buffer.toString('utf8', 0, n).split('\n');
  lines.pop();
  const out = [];
  for (let i = 0; i < count; i++) {
    const items = lines.slice((i * batch) % (lines.length - batch), ((i * batch) % (lines.length - batch)) + batch);
    out.push(Buffer.from(`{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${items.join(',')}]}`));
  }
  return out;
}

async function startServer(dir, port, queueSize) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin/rampart.js'), 'runtime', '--rules', values.rules, '--audit-webhook', `127.0.0.1:${port}`, '--tls-cert', path.join(dir, 'tls.crt'), '--tls-key', path.join(dir, 'tls.key'), '--stdout', 'none', '--queue-size', String(queueSize), '--log-level', 'warn'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await call(agent, port, 'GET', '/healthz')).status === 200) return { child, agent };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('server did not start');
}

function call(agent, port, method, pathname, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: pathname, agent, headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function metric(agent, port, name) {
  const text = (await call(agent, port, 'GET', '/metrics')).body;
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && !line.startsWith('#')) sum += Number(line.split(' ').pop());
  return sum;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Posts `bodies` at `rps` requests per second (or as fast as `inflight` allows when rps is 0) for `seconds`. */
async function load(agent, port, list, rps, seconds, inflight) {
  const statuses = {};
  const latencies = [];
  const rss = [];
  let sent = 0;
  let accepted = 0;
  let active = 0;
  let late = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const sampler = setInterval(async () => rss.push(await metric(agent, port, 'process_resident_memory_bytes').catch(() => 0)), 1000);
  await new Promise((done) => {
    let i = 0;
    const fire = () => {
      const now = performance.now();
      if (now >= end) {
        if (active === 0) done();
        return;
      }
      while ((rps === 0 || i < ((now - start) / 1000) * rps) && now < end) {
        if (active >= inflight) {
          if (rps !== 0) late++;
          break;
        }
        const body = list[i % list.length];
        const events = Number(values.batch);
        const t = performance.now();
        i++;
        sent += events;
        active++;
        call(agent, port, 'POST', '/k8s-audit', body).then(
          (r) => {
            active--;
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            if (r.status === 200) accepted += events;
            latencies.push(performance.now() - t);
            if (rps === 0) fire();
            if (performance.now() >= end && active === 0) done();
          },
          () => {
            active--;
            statuses.error = (statuses.error ?? 0) + 1;
            if (performance.now() >= end && active === 0) done();
          },
        );
      }
      setTimeout(fire, 2);
    };
    fire();
  });
  const elapsed = (performance.now() - start) / 1000;
  clearInterval(sampler);
  // Zero loss: everything accepted gets evaluated.
  let processed = 0;
  for (let k = 0; k < 600; k++) {
    processed = await metric(agent, port, 'rampart_runtime_events_processed_total');
    if (processed >= accepted) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const dropped = await metric(agent, port, 'rampart_runtime_events_dropped_total');
  latencies.sort((a, b) => a - b);
  return {
    seconds: elapsed,
    sentEvents: sent,
    acceptedEvents: accepted,
    processedEvents: processed,
    refusedEvents: dropped,
    acceptedPerSecond: accepted / elapsed,
    statuses,
    late,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) },
    rssMiB: { min: Math.min(...rss) / 2 ** 20, max: Math.max(...rss) / 2 ** 20, samples: rss.map((r) => Math.round(r / 2 ** 20)) },
  };
}

if (phases.has('rate') || phases.has('overload')) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-runtime-bench-'));
  await writeSelfSignedCertificate(dir, 'rampart-runtime.bench');
  const list = bodies(250, Number(values.batch));
  if (phases.has('rate')) {
    const port = await freePort();
    const { child, agent } = await startServer(dir, port, 50_000);
    const rps = Number(values.rate) / Number(values.batch);
    results.rate = await load(agent, port, list, rps, Number(values.duration), 64);
    console.error(`rate: ${Math.round(results.rate.acceptedPerSecond)} events/s accepted, ${results.rate.processedEvents} processed of ${results.rate.acceptedEvents}, statuses ${JSON.stringify(results.rate.statuses)}, RSS ${results.rate.rssMiB.min.toFixed(0)}-${results.rate.rssMiB.max.toFixed(0)} MiB`);
    child.kill('SIGTERM');
    agent.destroy();
  }
  if (phases.has('overload')) {
    const port = await freePort();
    const { child, agent } = await startServer(dir, port, 20_000);
    results.overload = await load(agent, port, list, 0, 10, 32);
    console.error(`overload: ${JSON.stringify(results.overload.statuses)}, ${results.overload.processedEvents} processed of ${results.overload.acceptedEvents} accepted, RSS ${results.overload.rssMiB.min.toFixed(0)}-${results.overload.rssMiB.max.toFixed(0)} MiB`);
    child.kill('SIGTERM');
    agent.destroy();
  }
}

writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, (k, v) => (k === 'samples' || k === 'runs' ? undefined : v), 2));
