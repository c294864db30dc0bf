#!/usr/bin/env node
// Generates a realistic audit log (JSON lines of audit.k8s.io/v1 Events) for the runtime benchmark.
// The mix follows what a kube-apiserver with a common audit policy writes: mostly Metadata-level
// reads and lease renewals by system components, some status updates, and a share of
// RequestResponse-level writes (the Falco k8saudit fixtures: pod, deployment, service, RBAC,
// configmap, secret creates/deletes, exec, ...) with fresh names, users and timestamps.
//
//   node bench/gen-audit.js --events 1000000 --out bench/out/audit.jsonl
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    out: { type: 'string', default: path.join(root, 'bench/out/audit.jsonl') },
    seed: { type: 'string', default: '42' },
  },
});

let state = Number(values.seed) >>> 0;
const rand = () => {
  state = (state * 1664525 + 1013904223) >>> 0;
  return state / 2 ** 32;
};
const pick = (list) => list[Math.floor(rand() * list.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;

const fixturesDir = path.join(root, 'test/conformance/falco/k8saudit-tests/test/trace_files/k8s_audit');
const fixtures = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.json') && f !== 'fal_01_003.json')
  .flatMap((f) => readFileSync(path.join(fixturesDir, f), 'utf8').split('\n').filter((l) => l.trim().startsWith('{')))
  .map((l) => JSON.parse(l));

const components = [
  ['system:kube-controller-manager', 'kube-controller-manager/v1.29.2 (linux/amd64) kubernetes/4b8e819/leader-election'],
  ['system:kube-scheduler', 'kube-scheduler/v1.29.2 (linux/amd64) kubernetes/4b8e819/leader-election'],
  ['system:node:worker-1', 'kubelet/v1.29.2 (linux/amd64) kubernetes/4b8e819'],
  ['system:node:worker-2', 'kubelet/v1.29.2 (linux/amd64) kubernetes/4b8e819'],
  ['system:serviceaccount:kube-system:coredns', 'coredns/v0.0.0 (linux/amd64) kubernetes/$Format'],
  ['system:serviceaccount:monitoring:prometheus', 'Prometheus/2.50.1'],
  ['system:apiserver', 'kube-apiserver/v1.29.2 (linux/amd64) kubernetes/4b8e819'],
];
const readResources = [
  ['', 'v1', 'pods'],
  ['', 'v1', 'configmaps'],
  ['', 'v1', 'services'],
  ['', 'v1', 'endpoints'],
  ['', 'v1', 'nodes'],
  ['apps', 'v1', 'deployments'],
  ['apps', 'v1', 'replicasets'],
  ['discovery.k8s.io', 'v1', 'endpointslices'],
  ['', 'v1', 'secrets'],
];
const namespaces = ['kube-system', 'default', 'monitoring', 'payments', 'frontend', 'ingress-nginx'];

let clock = Date.parse('2026-06-01T00:00:00Z') * 1000;
const timestamp = () => {
  clock += Math.floor(rand() * 300);
  const ms = Math.floor(clock / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(clock % 1_000_000).padStart(6, '0')}Z`;
};

function metadataEvent(verb, user, agent, [group, version, resource], namespace, name, code, subresource) {
  const t = timestamp();
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const uri = `${base}${namespace ? `/namespaces/${namespace}` : ''}/${resource}${name ? `/${name}` : ''}${subresource ? `/${subresource}` : ''}${verb === 'watch' ? '?watch=true&resourceVersion=123456&timeout=7m41s' : ''}`;
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: uid(),
    stage: 'ResponseComplete',
    requestURI: uri,
    verb,
    user: { username: user, groups: user.startsWith('system:node:') ? ['system:nodes', 'system:authenticated'] : ['system:authenticated'] },
    sourceIPs: [`10.0.${Math.floor(rand() * 4)}.${Math.floor(rand() * 250) + 2}`],
    userAgent: agent,
    objectRef: { resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), ...(group ? { apiGroup: group } : {}), apiVersion: version, ...(subresource ? { subresource } : {}) },
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: t,
    stageTimestamp: t,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': `RBAC: allowed by ClusterRoleBinding "${user.split(':').pop()}" of ClusterRole "${user.split(':').pop()}"` },
  };
}

function next() {
  const r = rand();
  const [user, agent] = pick(components);
  if (r < 0.4) return metadataEvent(pick(['get', 'update']), user, agent, ['coordination.k8s.io', 'v1', 'leases'], 'kube-system', pick(['kube-controller-manager', 'kube-scheduler', 'worker-1', 'worker-2']), 200);
  if (r < 0.65) {
    const res = pick(readResources);
    const verb = pick(['list', 'watch', 'get']);
    return metadataEvent(verb, user, agent, res, res[2] === 'nodes' ? undefined : pick(namespaces), verb === 'get' ? `${res[2].slice(0, -1)}-${hex(5)}` : undefined, 200);
  }
  if (r < 0.9) return metadataEvent('patch', user, agent, pick([['', 'v1', 'pods'], ['', 'v1', 'nodes']]), undefined, `worker-${1 + Math.floor(rand() * 2)}`, 200, 'status');
  const e = structuredClone(pick(fixtures));
  e.auditID = uid();
  const t = timestamp();
  e.requestReceivedTimestamp = t;
  e.stageTimestamp = t;
  if (e.objectRef?.name) e.objectRef.name = `${e.objectRef.name}-${hex(4)}`;
  if (rand() < 0.5 && e.user) e.user.username = pick(['alice@example.com', 'ci-deployer', 'system:serviceaccount:argocd:argocd-application-controller']);
  return e;
}

const count = Number(values.events);
const out = createWriteStream(values.out);
let bytes = 0;
for (let i = 0; i < count; i++) {
  const line = `${JSON.stringify(next())}\n`;
  bytes += line.length;
  if (!out.write(line)) await new Promise((r) => out.once('drain', r));
}
out.end();
console.error(`${count} events, ${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / count)} bytes/event) -> ${values.out}`);
