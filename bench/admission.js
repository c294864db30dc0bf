#!/usr/bin/env node
// Admission webhook benchmark: `rampart admission serve` on loopback over HTTPS, fed one typical
// Deployment AdmissionReview (PSS restricted enforced, audited and warned, plus 10 Rampart rules
// bound) by autocannon. Results: docs/performance.md.
//
//   npm run build && node bench/admission.js                 # all phases
//   node bench/admission.js --phases max,rate --duration 20
//   node bench/admission.js --server bench/admission-raw-server.js   # same reviews, plain node:https
//
// Phases: `max` (as many reviews as the server answers, several connection counts: the best is the
// max sustained rate), `rate` (1,000 reviews/s, evenly paced, for --duration seconds: latency
// percentiles counted from when each request was due, errors),
// `soak` (--amount reviews, 1,000,000 by default, with the server's RSS and heap sampled along the way).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, writeSelfSignedCertificate } from './loopback-tls.js';
import { pacedLoad } from './paced-load.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    phases: { type: 'string', default: 'max,rate,soak' },
    duration: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1000' },
    amount: { type: 'string', default: '1000000' },
    connections: { type: 'string', default: '8,16,32' },
    'rate-connections': { type: 'string', default: '16' },
    server: { type: 'string', default: path.join(root, 'bin/rampart.js') },
    out: { type: 'string', default: path.join(root, 'bench/out/admission.json') },
  },
});
const phases = new Set(values.phases.split(','));

const dir = mkdtempSync(path.join(tmpdir(), 'rampart-admission-bench-'));

// PSS restricted in the namespace, the cluster defaults at baseline; 10 Rampart rules bound with
// each action, so every review runs PSS three times (cached per level) and the rule engine once.
const CONFIG = `admission:
  podSecurity:
    apiVersion: pod-security.admission.config.k8s.io/v1
    kind: PodSecurityConfiguration
    defaults: { enforce: baseline, audit: restricted, warn: restricted }
    exemptions: { namespaces: [kube-system] }
  bindings:
    - name: hard-rules
      rules: [privileged-container, host-network, host-pid, host-ipc, container-runtime-socket, image-tag-latest]
      action: enforce
      namespaces: ["shop", "team-*"]
    - name: advice
      rules: [cpu-limits-missing, memory-limits-missing, readiness-probe-missing]
      action: warn
    - name: audit-only
      rules: [image-pull-policy-not-always]
      action: audit
`;
const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    kubernetes.io/metadata.name: shop
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/warn: restricted
`;

/** A Deployment as `kubectl apply` creates it: restricted-compliant, one rule warns (no readiness probe). */
function deploymentReview() {
  const sc = { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      labels: { app: 'checkout', 'app.kubernetes.io/part-of': 'shop' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'checkout' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'checkout' } },
        spec: {
          serviceAccountName: 'checkout',
          securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/shop/checkout:2.14.1',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'checkout-db', key: 'password' } } }],
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              securityContext: sc,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
            {
              name: 'proxy',
              image: 'registry.example.com/mesh/proxy:1.22.0',
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/ready', port: 15021 } },
              livenessProbe: { tcpSocket: { port: 15021 } },
              securityContext: sc,
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'checkout',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl-client-side-apply' },
    },
  };
}

function get(port, ca, urlPath) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, ca, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** User plus system CPU time of a process, in seconds (Linux /proc). */
function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

async function heapOf(port, ca) {
  const { text } = await get(port, ca, '/metrics');
  return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
}

/** Cumulative counts of the server's review latency histogram, by upper bound in seconds. */
async function serverHistogram(port, ca) {
  const { text } = await get(port, ca, '/metrics');
  const buckets = new Map();
  for (const m of text.matchAll(/^rampart_admission_review_duration_seconds_bucket\{le="([^"]+)",path="\/validate"\} (\d+)$/gm)) buckets.set(m[1], Number(m[2]));
  return buckets;
}

const mib = (bytes) => Math.round((bytes / 1048576) * 10) / 10;

async function main() {
  const cert = await writeSelfSignedCertificate(dir, 'rampart-admission.bench');
  writeFileSync(path.join(dir, 'rampart.yaml'), CONFIG);
  writeFileSync(path.join(dir, 'namespaces.yaml'), NAMESPACES);
  const body = JSON.stringify(deploymentReview());

  const port = await freePort();
  const args = [values.server, ...(values.server.endsWith('rampart.js') ? ['admission', 'serve'] : []), '--port', String(port), '--host', '127.0.0.1',
    '--tls-cert', path.join(dir, 'tls.crt'), '--tls-key', path.join(dir, 'tls.key'), '--config', path.join(dir, 'rampart.yaml'),
    '--namespaces', path.join(dir, 'namespaces.yaml'), '--log-level', 'warn'];
  const server = spawn(process.execPath, [...(process.env.BENCH_NODE_OPTIONS ? process.env.BENCH_NODE_OPTIONS.split(' ') : []), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  server.once('exit', () => (exited = true));
  // Bounded start-up wait: the server answers /healthz once it listens.
  for (let attempt = 0; ; attempt++) {
    if (exited) throw new Error('server exited during start-up');
    const up = await get(port, cert, '/healthz').catch(() => undefined);
    if (up?.status === 200) break;
    if (attempt > 200) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const run = (opts) =>
    autocannon({ url: `https://127.0.0.1:${port}/validate`, method: 'POST', headers: { 'content-type': 'application/json' }, body, tlsOptions: { ca: cert }, ...opts });

  const results = { node: process.version, bodyBytes: Buffer.byteLength(body), cpus: (await import('node:os')).cpus().length };
  const check = await run({ amount: 1, connections: 1 });
  if (check.non2xx > 0 || check.errors > 0) throw new Error('the sample review failed');
  console.log(`warm-up (${values.duration}s)...`);
  await run({ duration: Number(values.duration) / 2, connections: 16 });

  if (phases.has('max')) {
    results.max = [];
    for (const connections of values.connections.split(',').map(Number)) {
      const cpuBefore = cpuSecondsOf(server.pid);
      const r = await run({ duration: Number(values.duration), connections });
      const cpuMicros = ((cpuSecondsOf(server.pid) - cpuBefore) / r.requests.total) * 1e6;
      const row = { connections, reviewsPerSecond: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, serverCpuMicrosPerReview: Math.round(cpuMicros), errors: r.errors + r.non2xx + r.timeouts };
      results.max.push(row);
      console.log('max', row);
    }
  }
  if (phases.has('rate')) {
    const before = await serverHistogram(port, cert);
    const r = await pacedLoad({ port, ca: cert, path: '/validate', body, rate: Number(values.rate), seconds: Number(values.duration), connections: Number(values['rate-connections']) });
    const after = await serverHistogram(port, cert);
    results.rate = {
      target: Number(values.rate),
      reviewsPerSecond: Math.round(r.total / r.seconds),
      ...r,
      // Time inside the server (request received to response written), from its own histogram.
      serverBuckets: Object.fromEntries([...after].map(([le, n]) => [le, n - (before.get(le) ?? 0)])),
    };
    console.log('rate', results.rate);
  }
  if (phases.has('soak')) {
    const amount = Number(values.amount);
    const samples = [{ reviews: 0, rssMiB: mib(rssOf(server.pid)), heapMiB: mib(await heapOf(port, cert)) }];
    let done = 0;
    const instance = run({ amount, connections: 16 });
    instance.on('response', () => {
      done++;
    });
    const sampler = setInterval(async () => {
      samples.push({ reviews: done, rssMiB: mib(rssOf(server.pid)), heapMiB: mib(await heapOf(port, cert)) });
    }, 10_000);
    const r = await instance;
    clearInterval(sampler);
    samples.push({ reviews: done, rssMiB: mib(rssOf(server.pid)), heapMiB: mib(await heapOf(port, cert)) });
    results.soak = { amount, seconds: Math.round(r.duration), reviewsPerSecond: Math.round(r.requests.average), errors: r.errors + r.non2xx + r.timeouts, samples };
    console.log('soak', { ...results.soak, samples: samples.length });
    for (const s of samples) console.log(`  after ${s.reviews} reviews: RSS ${s.rssMiB} MiB, heap ${s.heapMiB} MiB`);
  }

  server.kill('SIGTERM');
  const [code] = await once(server, 'exit');
  results.shutdownExitCode = code;
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${path.relative(root, values.out)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
