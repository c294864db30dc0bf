#!/usr/bin/env node
// `rampart scan --cluster` against a fake Kubernetes API on loopback that serves the generated
// 10,000-workload input (14,000 objects) as lists, 500 items per page as kubectl asks, compared
// with scanning the same objects from the file. The server runs in this process and shares the
// two cores with the scan, as a real API server does not. Results: docs/performance.md.
//
//   npm run build && node bench/cluster.js              # 10,000 workloads, 3 runs each
//   node bench/cluster.js --workloads 1000 --runs 5
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';
import { CLUSTER_RESOURCES, listPath } from '../dist/inputs/cluster-resources.js';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench/out');
const { values } = parseArgs({
  options: {
    workloads: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    generator: { type: 'string', default: path.join(root, '../shared/tools/gen-workloads.py') },
  },
});
const workloads = Number(values.workloads);
const runs = Number(values.runs);
mkdirSync(out, { recursive: true });

const input = path.join(out, `workloads-${workloads}.yaml`);
if (!existsSync(input)) {
  const made = spawnSync('python3', [values.generator, String(workloads), input], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error(`cannot generate ${input} (--generator PATH)`);
}

// Each object filed under the list path of its kind; objects of kinds the scan does not list are left out.
const lists = new Map();
let served = 0;
for (const object of yaml.loadAll(readFileSync(input, 'utf8'))) {
  const resource = CLUSTER_RESOURCES.find((r) => r.apiVersion === object?.apiVersion && r.kind === object?.kind);
  if (!resource) continue;
  // The API leaves apiVersion and kind out of list items.
  const item = { ...object };
  delete item.apiVersion;
  delete item.kind;
  const key = listPath(resource, undefined);
  lists.set(key, [...(lists.get(key) ?? []), item]);
  served++;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const items = lists.get(url.pathname) ?? [];
  const limit = Number(url.searchParams.get('limit') ?? items.length) || items.length;
  const at = Number(url.searchParams.get('continue') ?? '0');
  const next = at + limit < items.length ? String(at + limit) : undefined;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1', ...(next ? { continue: next } : {}) }, items: items.slice(at, at + limit) }));
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const kubeconfig = path.join(out, 'bench-kubeconfig');
writeFileSync(
  kubeconfig,
  `apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster: {server: "http://127.0.0.1:${server.address().port}", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: bench\n  context: {cluster: bench, user: u}\ncurrent-context: bench\n`,
);

/** Wall time and peak RSS of one CLI run, without blocking the server. */
async function run(args) {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, path.join(root, 'bin/rampart.js'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'close');
  const seconds = (performance.now() - started) / 1000;
  if (code !== 1) throw new Error(`rampart ${args.join(' ')} exited ${code}: ${stderr}`);
  return { seconds, rssMb: Number(stderr.trim().split('\n').pop()) / 1024 };
}

const common = ['--no-config-file', '-o', '/dev/null'];
const cases = [
  ['file', ['scan', input, ...common]],
  ['--cluster', ['scan', '--cluster', '--kubeconfig', kubeconfig, ...common]],
  ['--cluster --cluster-dump', ['scan', '--cluster', '--kubeconfig', kubeconfig, '--cluster-dump', path.join(out, 'cluster-dump.json'), ...common]],
];
const results = cases.map(([name]) => ({ name, times: [], rss: 0 }));
// Interleaved, so that the machine's drift spreads over every case.
for (let i = 0; i < runs; i++) {
  for (const [c, [, args]] of cases.entries()) {
    const r = await run(args);
    results[c].times.push(r.seconds);
    results[c].rss = Math.max(results[c].rss, r.rssMb);
  }
}
server.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${workloads} workloads, ${served} objects served, median of ${runs} runs`);
console.log('| input | scan s | peak RSS MB |\n|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${median(r.times).toFixed(2)} | ${r.rss.toFixed(0)} |`);
