#!/usr/bin/env node
// RBAC benchmark on a generated large cluster (bench/rbac-generate.js: 5,000 RoleBindings, 700
// ClusterRoleBindings, 1,400 Roles, 700 ClusterRoles, 3,000 ServiceAccounts). Results:
// docs/performance.md, section "RBAC analysis".
//
//   npm run build && node bench/rbac.js            # 5 runs of each command, 500 who-can queries
//   node bench/rbac.js --runs 9 --queries 2000
//
// In-process phases use the built modules (dist/): reading and parsing, building the model
// (the index: roles, bindings by subject, aggregated ClusterRoles), then who-can and can queries
// against it, each timed on its own. End to end is wall time of the CLI process, start to exit.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench/out');
const input = path.join(out, 'rbac-cluster.yaml');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, queries: { type: 'string', default: '500' } } });
const runs = Number(values.runs);
const queries = Number(values.queries);
mkdirSync(out, { recursive: true });
if (!existsSync(input)) execFileSync(process.execPath, [path.join(root, 'bench/rbac-generate.js'), input], { stdio: 'inherit' });

const dist = (module) => import(path.join(root, 'dist', module));
const { loadInputs } = await dist('inputs/load.js');
const { RbacModel } = await dist('rbac/model.js');
const { whoCan } = await dist('rbac/who-can.js');
const { canList } = await dist('rbac/can.js');
const { resourceRequest, nonResourceRequest } = await dist('rbac/matching.js');
const { serviceAccountUser } = await dist('rbac/subjects.js');
const { escalationPaths } = await dist('rbac/paths/paths.js');

const time = (f) => {
  const start = performance.now();
  const value = f();
  return { ms: performance.now() - start, value };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

// In process.
const parse = time(() => loadInputs([input]));
const objects = parse.value.objects;
const index = time(() => {
  const model = new RbacModel(objects, { defaults: true });
  model.clusterRoles(); // fills the aggregated ClusterRoles
  return model;
});
const model = index.value;

let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(random() * list.length)];
const namespaces = Array.from({ length: 200 }, (_, i) => `team-${String(i).padStart(3, '0')}`);
const asks = Array.from({ length: queries }, () => {
  const kind = random();
  if (kind < 0.1) return { request: nonResourceRequest('get', pick(['/metrics', '/healthz', '/api/v1', '/logs'])), scope: { kind: 'request' } };
  const [resource, subresource = '', apiGroup = ''] = pick([['secrets'], ['pods', 'exec'], ['pods'], ['deployments', '', 'apps'], ['configmaps'], ['nodes', 'proxy'], ['leases', '', 'coordination.k8s.io'], ['widgets', '', 'crd7.example.com']]);
  const verb = pick(['get', 'list', 'create', 'update', 'delete']);
  const all = kind < 0.25;
  return { request: resourceRequest({ verb, resource, subresource, apiGroup, namespace: all || resource === 'nodes' ? '' : pick(namespaces) }), scope: { kind: all ? 'all-namespaces' : 'request' } };
});
whoCan(model, asks[0].request, asks[0].scope); // warm-up: compiles the query code once
const whoCanMs = asks.map((a) => time(() => whoCan(model, a.request, a.scope)).ms);
const canMs = Array.from({ length: Math.min(queries, 300) }, () => time(() => canList(model, serviceAccountUser(pick(namespaces), `app-${1 + Math.floor(random() * 14)}`), pick(namespaces))).ms);
const paths = time(() => escalationPaths(model, { to: 'cluster-admin', includeBuiltIn: false, getSufficesForExec: true }));

// End to end: wall time, and CPU time (user + system) from GNU time when installed, which a busy
// machine disturbs less than wall time.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
function wall(args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const command = [path.join(root, 'bin/rampart.js'), ...args];
    const start = performance.now();
    const r = gnuTime
      ? spawnSync(gnuTime, ['-f', '%U %S', process.execPath, ...command], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, command, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = (performance.now() - start) / 1000;
    if (r.status !== 0 && r.status !== 1) throw new Error(`rampart ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    const cpu = gnuTime ? r.stderr.trim().split('\n').pop().split(' ').map(Number).reduce((a, b) => a + b, 0) : Number.NaN;
    samples.push({ seconds, cpu });
  }
  return { seconds: median(samples.map((s) => s.seconds)), cpu: median(samples.map((s) => s.cpu)) };
}
const rel = path.relative(root, input);
const e2e = {
  risks: wall(['rbac', 'risks', rel, '--no-config-file', '--fail-on', 'never']),
  risksJson: wall(['rbac', 'risks', rel, '--no-config-file', '--fail-on', 'never', '--format', 'json', '--output', path.join(out, 'rbac-risks.json')]),
  paths: wall(['rbac', 'paths', rel]),
  pathsJson: wall(['rbac', 'paths', rel, '--format', 'json']),
  whoCan: wall(['rbac', 'who-can', 'get', 'secrets', '-n', 'team-007', rel, '--format', 'json']),
};

const count = (kind) => objects.filter((o) => o.kind === kind).length;
const f = (n, d = 1) => n.toFixed(d);
console.log(`node ${process.version}; ${path.relative(root, input)}: ${f(statSync(input).size / 1e6)} MB, ${objects.length} objects (${count('RoleBinding')} RoleBindings, ${count('ClusterRoleBinding')} ClusterRoleBindings, ${count('Role')} Roles, ${count('ClusterRole')} ClusterRoles, ${count('ServiceAccount')} ServiceAccounts), plus the v1.37 bootstrap policy\n`);
console.log('| in process | time |');
console.log('|---|---|');
console.log(`| read and parse the YAML | ${f(parse.ms, 0)} ms |`);
console.log(`| build the model (index, aggregation) | ${f(index.ms, 0)} ms |`);
console.log(`| who-can, ${asks.length} queries | median ${f(median(whoCanMs), 2)} ms, p95 ${f(percentile(whoCanMs, 0.95), 2)} ms, max ${f(Math.max(...whoCanMs), 2)} ms |`);
console.log(`| can (one ServiceAccount in a namespace), ${canMs.length} queries | median ${f(median(canMs), 2)} ms, p95 ${f(percentile(canMs, 0.95), 2)} ms |`);
console.log(`| escalation paths to cluster-admin (${paths.value.paths.length} identities reach it) | ${f(paths.ms, 0)} ms |`);
console.log(`\n| end to end (median of ${runs}) | wall time | CPU time |`);
console.log('|---|---|---|');
const row = (title, m) => console.log(`| ${title} | ${f(m.seconds, 2)} s | ${Number.isFinite(m.cpu) ? `${f(m.cpu, 2)} s` : 'n/a'} |`);
row('rampart rbac risks (table; includes the rbac-escalation-path rule, i.e. the path search)', e2e.risks);
row('rampart rbac risks --format json', e2e.risksJson);
row('rampart rbac paths (text)', e2e.paths);
row('rampart rbac paths --format json', e2e.pathsJson);
row('rampart rbac risks, then rampart rbac paths (two processes)', { seconds: e2e.risks.seconds + e2e.paths.seconds, cpu: e2e.risks.cpu + e2e.paths.cpu });
row('rampart rbac who-can get secrets -n team-007 --format json', e2e.whoCan);
