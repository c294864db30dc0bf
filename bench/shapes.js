#!/usr/bin/env node
// Scan time on inputs whose size grows along one axis that real clusters grow along: objects that
// relate to each other in one namespace, one huge object, one kubectl dump. For each shape the
// input is generated at n, 2n and 4n; time should grow in proportion (a ratio near 2 per
// doubling). Results: docs/performance.md.
//
//   npm run build && node bench/shapes.js                 # every shape, 3 sizes each
//   node bench/shapes.js --shapes dump,wide-pod --runs 3
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench/out/shapes');
const { values } = parseArgs({ options: { shapes: { type: 'string' }, runs: { type: 'string', default: '1' } } });
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
mkdirSync(out, { recursive: true });

const yaml = (docs) => docs.join('---\n');
const deployment = (name, namespace, labels, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  replicas: 3\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n${extra}      containers: [{name: c, image: "nginx:1.27"}]\n`;

/** Each shape: its base size n and a generator of the input file's text for a size. */
const SHAPES = {
  // Every workload has its autoscaler, disruption budget, ServiceAccount, binding and Service.
  'related-objects': {
    n: 2500,
    file: 'yaml',
    generate: (n) =>
      yaml(
        Array.from({ length: n }, (_, i) => [
          deployment(`app-${i}`, 'big', `{app: app-${i}}`, `      serviceAccountName: sa-${i}\n`),
          `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: app-${i}, namespace: big}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-${i}}\n  minReplicas: 2\n  maxReplicas: 5\n`,
          `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: app-${i}, namespace: big}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: app-${i}}}\n`,
          `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa-${i}, namespace: big}\n`,
          `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb-${i}, namespace: big}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: sa-${i}, namespace: big}]\n`,
          `apiVersion: v1\nkind: Service\nmetadata: {name: app-${i}, namespace: big}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`,
        ]).flat(),
      ),
  },
  // Many NetworkPolicies over many workloads of one namespace, each selecting a slice of them.
  'policies-in-a-namespace': {
    n: 1000,
    file: 'yaml',
    generate: (n) =>
      yaml([
        ...Array.from({ length: 5 * n }, (_, i) => deployment(`app-${i}`, 'big', `{app: app-${i}, tier: t${i % 13}}`)),
        ...Array.from(
          { length: n },
          (_, i) =>
            `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np-${i}, namespace: big}\nspec:\n  podSelector: {matchLabels: {tier: t${i % 13}}}\n  ingress: [{from: [{podSelector: {matchLabels: {tier: t${(i + 1) % 13}}}}]}]\n`,
        ),
      ]),
  },
  // Services, Ingresses and custom resources whose selectors and backends match nothing.
  'dangling-references': {
    n: 2500,
    file: 'yaml',
    generate: (n) =>
      yaml(
        Array.from({ length: n }, (_, i) => [
          deployment(`app-${i}`, 'big', `{app: app-${i}}`, `      serviceAccountName: sa-${i}\n`),
          `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}, namespace: big}\nspec:\n  selector: {app: gone-${i}}\n  ports: [{port: 80}]\n`,
          `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa-${i}, namespace: other}\n`,
          `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ing-${i}, namespace: big}\nspec:\n  rules: [{host: h${i}.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: missing-${i}, port: {number: 80}}}}]}}]\n`,
          `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w-${i}, namespace: big, labels: {w: w${i}}}\nspec: {}\n`,
        ]).flat(),
      ),
  },
  // `kubectl get deploy,rs,pods -o json`: one List, every Pod and ReplicaSet naming its owner.
  'kubectl-dump': {
    n: 2500,
    file: 'json',
    generate: (n) => {
      const items = [];
      for (let i = 0; i < n; i++) {
        const labels = { app: `d${i}` };
        const template = { metadata: { labels: { ...labels, 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
        items.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `d${i}`, namespace: 'prod', labels }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: template.spec } } });
        const owner = (kind, name) => [{ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'apps/v1', kind, name, controller: true, uid: 'u' }];
        items.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `d${i}-abc`, namespace: 'prod', labels: template.metadata.labels, ownerReferences: owner('Deployment', `d${i}`) }, spec: { replicas: 2, selector: { matchLabels: template.metadata.labels }, template } });
        for (let j = 0; j < 2; j++) items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `d${i}-abc-${j}`, namespace: 'prod', labels: template.metadata.labels, ownerReferences: owner('ReplicaSet', `d${i}-abc`) }, spec: template.spec });
      }
      return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1);
    },
  },
  // One ConfigMap whose every key looks like a credential (each one is a finding).
  'huge-configmap': {
    n: 5000,
    file: 'yaml',
    generate: (n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: x}\ndata:\n${Array.from({ length: n }, (_, i) => `  db_password_${i}: hunter${i}xyzABC\n`).join('')}`,
  },
  // A repository directory: a few manifests among many large JSON files that are no manifests
  // (OpenAPI documents, data), which a walk reads and parses but which hold no object.
  'repository-of-data': {
    n: 100,
    directory: true,
    generate: (n, dir) => {
      const data = JSON.stringify({ openapi: '3.0.0', paths: Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`/v1/items/${i}`, { get: { summary: `item ${i}`, responses: { 200: { description: 'ok' } } } }])) });
      for (let i = 0; i < n; i++) {
        writeFileSync(path.join(dir, `api-${i}.json`), data);
        writeFileSync(path.join(dir, `app-${i}.yaml`), deployment(`app-${i}`, 'web', `{app: app-${i}}`));
      }
    },
  },
  // One pod with thousands of containers, each mounting its own hostPath volume.
  'wide-pod': {
    n: 1000,
    file: 'yaml',
    generate: (n) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big, namespace: x}\nspec:\n  template:\n    spec:\n      containers:\n${Array.from(
        { length: n },
        (_, i) => `      - name: c${i}\n        image: nginx:1.${i}\n        ports: [{containerPort: ${1000 + i}, name: p${i}}]\n        volumeMounts: [{name: v${i}, mountPath: /m${i}}]\n`,
      ).join('')}      volumes:\n${Array.from({ length: n }, (_, i) => `      - name: v${i}\n        hostPath: {path: /var/x${i}}\n`).join('')}`,
  },
};

function measure(file) {
  const samples = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const args = ['bin/rampart.js', 'scan', file, '--no-config-file', '--output', path.join(out, 'report.txt')];
    const start = performance.now();
    const result = gnuTime ? spawnSync(gnuTime, ['-f', '%M', process.execPath, ...args], { cwd: root, encoding: 'utf8' }) : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0 && result.status !== 1) throw new Error(`scan of ${file} failed: ${result.stderr}`);
    samples.push({ seconds, rssMb: gnuTime ? Number(result.stderr.trim().split('\n').pop()) / 1024 : Number.NaN });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  return samples[Math.floor(samples.length / 2)];
}

const chosen = values.shapes ? values.shapes.split(',') : Object.keys(SHAPES);
console.log(`node ${process.version}, ${values.runs} run(s) each (median)\n`);
console.log('| shape | n | scan s | peak RSS MB | time ratio to the size before |');
console.log('|---|---|---|---|---|');
for (const name of chosen) {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`unknown shape ${name}; shapes: ${Object.keys(SHAPES).join(', ')}`);
  let before;
  for (const factor of [1, 2, 4]) {
    const n = shape.n * factor;
    const file = path.join(out, shape.directory ? `${name}-${n}` : `${name}-${n}.${shape.file}`);
    if (!existsSync(file)) {
      if (shape.directory) {
        mkdirSync(file);
        shape.generate(n, file);
      } else writeFileSync(file, shape.generate(n));
    }
    const result = measure(file);
    const ratio = before ? (result.seconds / before).toFixed(2) : '';
    console.log(`| ${name} | ${n} | ${result.seconds.toFixed(2)} | ${Number.isFinite(result.rssMb) ? result.rssMb.toFixed(0) : 'n/a'} | ${ratio} |`);
    before = result.seconds;
  }
}
