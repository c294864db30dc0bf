#!/usr/bin/env node
// Generates a cluster dump for the NetworkPolicy benchmark, like `kubectl get ns,pods,netpol -A -o yaml`
// of a multi-tenant cluster: Namespaces with team/env labels, Pods owned by ReplicaSets,
// StatefulSets and DaemonSets (2-4 pods each, with pod-template-hash labels and named ports),
// NetworkPolicies (default deny, same-namespace, cross-namespace by labels and matchExpressions,
// named ports and endPort ranges, DNS, ipBlocks with except), a few AdminNetworkPolicies and a
// BaselineAdminNetworkPolicy. Deterministic for a given seed.
//
//   node bench/netpol-gen.js --pods 5000 --namespaces 200 --policies 1000 --out bench/out/netpol-5000.yaml
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '5000' },
    namespaces: { type: 'string', default: '200' },
    policies: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench/out/netpol-5000.yaml' },
  },
});
const PODS = Number(values.pods);
const NAMESPACES = Number(values.namespaces);
const POLICIES = Number(values.policies);

// mulberry32: a small deterministic PRNG.
let state = Number(values.seed) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

const TEAMS = ['payments', 'search', 'checkout', 'identity', 'media', 'ads', 'data', 'ml', 'platform', 'growth'];
const ENVS = ['prod', 'staging', 'dev'];
const TIERS = ['frontend', 'backend', 'worker', 'cache', 'db'];
const PORTS = { frontend: [['http', 8080], ['metrics', 9090]], backend: [['grpc', 50051], ['http', 8080], ['metrics', 9090]], worker: [['metrics', 9090]], cache: [['redis', 6379]], db: [['postgres', 5432], ['metrics', 9187]] };

const docs = [];
const namespaces = [];
for (let i = 0; i < NAMESPACES; i++) {
  const name = `ns-${String(i).padStart(4, '0')}`;
  const labels = { team: TEAMS[i % TEAMS.length], env: ENVS[i % ENVS.length], tenant: `t${Math.floor(i / 10)}` };
  namespaces.push({ name, labels, apps: [] });
  docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
}
for (const system of ['kube-system', 'ingress-nginx', 'monitoring']) {
  namespaces.push({ name: system, labels: { role: system }, apps: [] });
  docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: system, labels: { role: system } } });
}

// Workloads of 1-4 pods until the pod budget is spent; each app has a tier and named ports.
let pods = 0;
let app = 0;
while (pods < PODS) {
  const ns = namespaces[app % namespaces.length];
  const tier = ns.name === 'kube-system' ? 'backend' : pick(TIERS);
  const dns = ns.name === 'kube-system' && ns.apps.length === 0;
  const kind = dns || random() < 0.05 ? 'DaemonSet' : tier === 'db' ? 'StatefulSet' : 'ReplicaSet';
  const name = dns ? 'kube-dns' : `${tier}-${app}`;
  const replicas = Math.min(PODS - pods, kind === 'DaemonSet' ? 4 : int(1, 4));
  const hash = (app * 2654435761 >>> 0).toString(16).slice(0, 10);
  const labels = { app: name, tier, version: `v${int(1, 3)}`, ...(dns ? { 'k8s-app': 'kube-dns' } : {}) };
  ns.apps.push({ name, tier, labels });
  const owner = kind === 'ReplicaSet' ? `${name}-${hash}` : name;
  for (let r = 0; r < replicas; r++) {
    const podLabels = kind === 'ReplicaSet' ? { ...labels, 'pod-template-hash': hash } : kind === 'StatefulSet' ? { ...labels, 'statefulset.kubernetes.io/pod-name': `${name}-${r}` } : { ...labels, 'controller-revision-hash': hash };
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${owner}-${r}-${hash.slice(0, 5)}`,
        namespace: ns.name,
        labels: podLabels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind, name: owner, uid: `${app}-uid`, controller: true }],
      },
      spec: { containers: [{ name: 'main', image: `registry.example.com/${tier}:1.${app % 7}`, ports: PORTS[tier].map(([n, p]) => ({ name: n, containerPort: p })) }] },
    });
    pods++;
  }
  app++;
}

// NetworkPolicies: about five per tenant namespace, mixing the common shapes.
const tenantNs = namespaces.slice(0, NAMESPACES);
const policies = [];
const nsLabel = (name) => ({ 'kubernetes.io/metadata.name': name });
let p = 0;
while (policies.length < POLICIES) {
  const ns = tenantNs[p % tenantNs.length];
  const round = Math.floor(p / tenantNs.length);
  const meta = (name) => ({ name: `${name}-${round}`, namespace: ns.name });
  const target = ns.apps.length > 0 ? pick(ns.apps) : undefined;
  switch (round % 6) {
    case 0:
      policies.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
      break;
    case 1:
      policies.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('same-namespace-and-dns'),
        spec: {
          podSelector: {},
          ingress: [{ from: [{ podSelector: {} }] }],
          egress: [
            { to: [{ podSelector: {} }] },
            { to: [{ namespaceSelector: { matchLabels: nsLabel('kube-system') }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
          ],
        },
      });
      break;
    case 2:
      policies.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('frontend-from-ingress'),
        spec: {
          podSelector: { matchLabels: { tier: 'frontend' } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: nsLabel('ingress-nginx') } }], ports: [{ port: 'http' }] }],
        },
      });
      break;
    case 3: {
      const peerTeam = pick(TEAMS);
      policies.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('backend-from-team'),
        spec: {
          podSelector: target ? { matchLabels: { app: target.name } } : { matchLabels: { tier: 'backend' } },
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { team: peerTeam, env: ns.labels.env } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }] } }],
              ports: [{ port: 'grpc' }, { port: 8000, endPort: 8100 }],
            },
            { from: [{ namespaceSelector: { matchLabels: { role: 'monitoring' } } }], ports: [{ port: 'metrics' }] },
          ],
        },
      });
      break;
    }
    case 4:
      policies.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('egress-partners'),
        spec: {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db', 'cache'] }] },
          policyTypes: ['Egress'],
          egress: [
            { to: [{ ipBlock: { cidr: `10.${p % 250}.0.0/16`, except: [`10.${p % 250}.${round % 250}.0/24`] } }], ports: [{ port: 443 }] },
            { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.0.0/16', '192.168.0.0/16'] } }], ports: [{ port: 443 }, { port: 80 }] },
            { to: [{ ipBlock: { cidr: `2001:db8:${(p % 4096).toString(16)}::/48` } }] },
          ],
        },
      });
      break;
    default:
      policies.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('db-from-backend'),
        spec: {
          podSelector: { matchLabels: { tier: 'db' } },
          ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'backend' } } }, { podSelector: { matchLabels: { tier: 'worker' } } }], ports: [{ port: 'postgres' }, { port: 6379 }] }],
        },
      });
  }
  p++;
}
docs.push(...policies);
docs.push(
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'allow-monitoring' },
    spec: { priority: 10, subject: { namespaces: {} }, ingress: [{ name: 'scrape', action: 'Allow', from: [{ namespaces: { matchLabels: { role: 'monitoring' } } }], ports: [{ namedPort: 'metrics' }] }] },
  },
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'isolate-tenants' },
    spec: {
      priority: 20,
      subject: { namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] } },
      ingress: [{ name: 'pass-same-env', action: 'Pass', from: [{ namespaces: { matchLabels: { env: 'prod' } } }] }],
      egress: [{ name: 'deny-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
    },
  },
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: { subject: { namespaces: { matchLabels: { env: 'dev' } } }, ingress: [{ name: 'deny-other-tenants', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'prod' } } }] }] },
  },
);

// JSON lines are valid YAML documents: compact and fast to write.
writeFileSync(values.out, docs.map((d) => `---\n${JSON.stringify(d)}\n`).join(''));
console.log(`${values.out}: ${NAMESPACES + 3} namespaces, ${pods} pods in ${app} workloads, ${policies.length} NetworkPolicies, 2 AdminNetworkPolicies, 1 BaselineAdminNetworkPolicy`);
