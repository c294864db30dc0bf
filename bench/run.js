#!/usr/bin/env node
// Scan benchmark: generated workload corpora (1k/10k/50k objects, as YAML documents and as one
// kubectl-style List), the real-world corpus, generated Helm charts and Kustomize overlays (when
// helm and kustomize are installed: RAMPART_HELM, RAMPART_KUSTOMIZE, else on the PATH),
// against js-yaml parsing the same file, measured in the same run. Results: docs/performance.md.
//
//   npm run bench                       # build, then all sizes, 3 runs each
//   node bench/run.js --sizes 10000 --runs 5
//
// Wall time is process start to written report. Peak RSS comes from GNU time (/usr/bin/time,
// Debian package `time`) when it is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench/out');
const USAGE = `usage: node bench/run.js [--sizes 1000,10000,50000] [--runs 3] [--formats table,json]
                         [--generator gen-workloads.py] [--corpus DIR]`;
let values;
try {
  ({ values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,50000' },
      runs: { type: 'string', default: '3' },
      generator: { type: 'string', default: path.resolve(root, '../shared/tools/gen-workloads.py') },
      corpus: { type: 'string', default: existsSync(path.resolve(root, '../shared/corpus')) ? path.resolve(root, '../shared/corpus') : path.join(root, 'test/corpus') },
      formats: { type: 'string', default: 'table,json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`bench/run.js: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
mkdirSync(out, { recursive: true });

function measure(command, args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    // Standard output is not kept (helm template writes the rendered chart there).
    const options = { encoding: 'utf8', cwd: root, stdio: ['ignore', 'ignore', 'pipe'] };
    const result = gnuTime ? spawnSync(gnuTime, ['-f', '%M', command, ...args], options) : spawnSync(command, args, options);
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
    const rssKb = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : Number.NaN;
    samples.push({ seconds, rssMb: rssKb / 1024 });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const median = samples[Math.floor(samples.length / 2)];
  return { seconds: median.seconds, rssMb: Math.max(...samples.map((s) => s.rssMb)) };
}

const jsYamlParse = `const y=require(${JSON.stringify(path.join(root, 'node_modules/js-yaml'))});` +
  `const n=y.loadAll(require('fs').readFileSync(process.argv[1],'utf8')).length; if(!n) process.exit(3)`;

const formats = values.formats.split(',');
const rows = [];
for (const size of sizes) {
  const input = path.join(out, `workloads-${size}.yaml`);
  if (!existsSync(input)) execFileSync('python3', [values.generator, String(size), input]);
  const mb = statSync(input).size / 1e6;
  const parse = measure(process.execPath, ['-e', jsYamlParse, input]);
  for (const format of formats) {
    const report = path.join(out, `report-${size}.${format}`);
    const scan = measure(process.execPath, ['bin/rampart.js', 'scan', input, '--no-config-file', '--format', format, '--output', report]);
    rows.push({ input: `${size} workloads`, format, mb, parse, scan, reportMb: statSync(report).size / 1e6 });
  }
}
// The same workloads as one `kind: List` document, as `kubectl get -o json` writes a dump: every
// object is an item of one long sequence.
const jsYamlToList = `const y=require(${JSON.stringify(path.join(root, 'node_modules/js-yaml'))});const fs=require('fs');` +
  `const items=y.loadAll(fs.readFileSync(process.argv[1],'utf8')).filter(Boolean);` +
  `fs.writeFileSync(process.argv[2], JSON.stringify({apiVersion:'v1',kind:'List',items},null,2))`;
for (const size of sizes) {
  const input = path.join(out, `workloads-${size}-list.json`);
  if (!existsSync(input)) execFileSync(process.execPath, ['-e', jsYamlToList, path.join(out, `workloads-${size}.yaml`), input]);
  const report = path.join(out, `report-${size}-list.table`);
  const scan = measure(process.execPath, ['bin/rampart.js', 'scan', input, '--no-config-file', '--output', report]);
  rows.push({ input: `${size} workloads, one List (JSON)`, format: 'table', mb: statSync(input).size / 1e6, parse: undefined, scan, reportMb: statSync(report).size / 1e6 });
}
// Adopting Rampart on a repository: every finding written to a baseline file besides the report.
for (const size of sizes) {
  const input = path.join(out, `workloads-${size}.yaml`);
  const report = path.join(out, `report-${size}-baseline.table`);
  const scan = measure(process.execPath, ['bin/rampart.js', 'scan', input, '--no-config-file', '--output', report, '--baseline-write', path.join(out, `baseline-${size}.json`)]);
  rows.push({ input: `${size} workloads, --baseline-write`, format: 'table', mb: statSync(input).size / 1e6, parse: undefined, scan, reportMb: statSync(report).size / 1e6 });
}
// Custom rules on top of the built-in rules, one configuration per row:
// - the six JSON Schema rules of the custom rules' test configuration (containers, pod specs, pod
//   templates, workloads and Ingresses);
// - the six Checkov policies of that configuration (wildcard attributes over every container of
//   each workload's pod, an and with a filter, a label with dots, an annotation, port ranges,
//   networks);
// - three Checkov policies with jsonpath_ operators (a filter on containers, every image, a
//   dotted label key), each run over a copy of every resource's attributes;
// - two Checkov policies with connection conditions, on Checkov's graph of everything scanned
//   (each pod to the NetworkPolicies that select it, each Service to the workloads it selects);
// - four CEL rules, as kube-linter's cel-expression evaluates them, that judge each object by itself;
// - Polaris' templated and multi-resource checks: a schema rendered for every workload, and a
//   PodDisruptionBudget looked for in each Deployment's namespace;
// - Polaris' resource-limits check on each container's typed form;
// - five of kube-linter's templates run as kube-linter runs them.
const CUSTOM_RULE_ROWS = [
  ['custom', 'src/custom-rules/fixtures/rampart.yaml', '6 custom rules'],
  ['checkov', 'src/custom-rules/fixtures/checkov-rules.yaml', '6 Checkov policies'],
  ['checkov-connections', 'src/custom-rules/fixtures/checkov-connection-rules.yaml', '2 Checkov connection policies'],
  ['checkov-jsonpath', 'bench/fixtures/checkov-jsonpath-rules.yaml', '3 Checkov JSONPath policies'],
  ['cel', 'bench/fixtures/cel-rules.yaml', '4 CEL rules'],
  ['template', 'bench/fixtures/template-rules.yaml', '2 templated rules'],
  ['typed', 'bench/fixtures/typed-rules.yaml', '1 typed container rule'],
  ['kube-linter', 'bench/fixtures/kube-linter-rules.yaml', '5 kube-linter template rules'],
];
for (const [name, config, label] of CUSTOM_RULE_ROWS) {
  for (const size of sizes) {
    const input = path.join(out, `workloads-${size}.yaml`);
    const report = path.join(out, `report-${size}-${name}.table`);
    const scan = measure(process.execPath, ['bin/rampart.js', 'scan', input, '--config', config, '--output', report]);
    rows.push({ input: `${size} workloads, ${label}`, format: 'table', mb: statSync(input).size / 1e6, parse: undefined, scan, reportMb: statSync(report).size / 1e6 });
  }
}
for (const format of formats) {
  const report = path.join(out, `report-corpus.${format}`);
  const scan = measure(process.execPath, ['bin/rampart.js', 'scan', values.corpus, '--no-config-file', '--format', format, '--output', report]);
  rows.push({ input: 'real-world corpus', format, mb: Number.NaN, parse: undefined, scan, reportMb: statSync(report).size / 1e6 });
}

// Helm charts: a generated chart whose one template ranges over `size` apps (a Deployment and a
// Service each), rendered by helm alone and scanned by Rampart (which runs helm template first).
const helm = process.env.RAMPART_HELM || 'helm';
const helmRows = [];
if (spawnSync(helm, ['version', '--short'], { encoding: 'utf8' }).status === 0) {
  for (const size of sizes.filter((n) => n <= 10000)) {
    const chart = path.join(out, `chart-${size}`);
    writeChart(chart, size);
    const render = measure(helm, ['template', 'release-name', chart]);
    const report = path.join(out, `report-chart-${size}.table`);
    const scan = measure(process.execPath, ['bin/rampart.js', 'scan', chart, '--no-config-file', '--helm-binary', helm, '--output', report]);
    helmRows.push({ input: `chart of ${size} apps (${size * 2} objects)`, render, scan });
  }
  // A repository of many charts (a monorepo of services): rendered several at a time.
  const repo = path.join(out, 'charts-20x100');
  const charts = Array.from({ length: 20 }, (_, i) => path.join(repo, `chart-${String(i).padStart(2, '0')}`));
  for (const chart of charts) writeChart(chart, 100);
  const oneByOne = `for c in "$@"; do "${helm}" template release-name "$c" || exit 2; done`;
  const render = measure('sh', ['-c', oneByOne, 'sh', ...charts]);
  const report = path.join(out, 'report-charts-20x100.table');
  const scan = measure(process.execPath, ['bin/rampart.js', 'scan', repo, '--no-config-file', '--helm-binary', helm, '--output', report]);
  helmRows.push({ input: '20 charts of 100 apps (4,000 objects; helm template one after another)', render, scan });
} else console.error(`helm not found (${helm}): the chart rows are left out`);

// Kustomize: an overlay over the generated workloads (a namespace and a label set on every
// object), built by kustomize alone and scanned by Rampart with --kustomize.
const kustomize = process.env.RAMPART_KUSTOMIZE || 'kustomize';
const kustomizeRows = [];
if (spawnSync(kustomize, ['version'], { encoding: 'utf8' }).status === 0) {
  // kustomize's own time grows with the square of the objects (5.9 s for 1,400, minutes for 14,000).
  for (const size of sizes.filter((n) => n <= 1000)) {
    const dir = path.join(out, `kustomize-${size}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      `resources:\n  - workloads.yaml\nnamespace: bench\nlabels:\n  - pairs: {team: bench}\n`,
    );
    copyFileSync(path.join(out, `workloads-${size}.yaml`), path.join(dir, 'workloads.yaml'));
    const build = measure(kustomize, ['build', dir]);
    const report = path.join(out, `report-kustomize-${size}.table`);
    const scan = measure(process.execPath, ['bin/rampart.js', 'scan', dir, '--no-config-file', '--kustomize', '--kustomize-binary', kustomize, '--output', report]);
    kustomizeRows.push({ input: `overlay of ${size} workloads`, build, scan });
  }
} else console.error(`kustomize not found (${kustomize}): the kustomize rows are left out`);

function writeChart(dir, size) {
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: bench\nversion: 1.0.0\n`);
  const apps = Array.from({ length: size }, (_, i) => `  - name: app-${i}\n    image: registry.example.com/team-${i % 50}/app-${i}:1.${i % 10}\n    port: ${8000 + (i % 100)}\n`);
  writeFileSync(path.join(dir, 'values.yaml'), `apps:\n${apps.join('')}`);
  writeFileSync(
    path.join(dir, 'templates', 'apps.yaml'),
    [
      '{{- range .Values.apps }}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .name }}',
      '  namespace: {{ $.Release.Namespace }}',
      'spec:',
      '  replicas: 2',
      '  selector:',
      '    matchLabels: {app: {{ .name }}}',
      '  template:',
      '    metadata:',
      '      labels: {app: {{ .name }}}',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: {{ .image }}',
      '          ports: [{containerPort: {{ .port }}}]',
      '          resources: {limits: {memory: 256Mi}, requests: {cpu: 100m, memory: 128Mi}}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: {{ .name }}',
      '  namespace: {{ $.Release.Namespace }}',
      'spec:',
      '  selector: {app: {{ .name }}}',
      '  ports: [{port: 80, targetPort: {{ .port }}}]',
      '{{- end }}',
      '',
    ].join('\n'),
  );
}

const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
console.log(`node ${process.version}, ${runs} runs (median wall time, max peak RSS)\n`);
console.log('| input | format | YAML MB | js-yaml parse s | rampart scan s | ratio | scan peak RSS MB | report MB |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ratio = r.parse ? r.scan.seconds / r.parse.seconds : Number.NaN;
  console.log(`| ${r.input} | ${r.format} | ${fmt(r.mb, 1)} | ${r.parse ? fmt(r.parse.seconds) : 'n/a'} | ${fmt(r.scan.seconds)} | ${fmt(ratio)} | ${fmt(r.scan.rssMb, 0)} | ${fmt(r.reportMb, 1)} |`);
}
if (helmRows.length > 0) {
  console.log('\n| Helm chart | helm template s | rampart scan s (helm included) | scan beyond rendering s | scan peak RSS MB |');
  console.log('|---|---|---|---|---|');
  for (const r of helmRows) console.log(`| ${r.input} | ${fmt(r.render.seconds)} | ${fmt(r.scan.seconds)} | ${fmt(r.scan.seconds - r.render.seconds)} | ${fmt(r.scan.rssMb, 0)} |`);
}
if (kustomizeRows.length > 0) {
  console.log('\n| Kustomize | kustomize build s | rampart scan --kustomize s (build included) | scan beyond building s | scan peak RSS MB |');
  console.log('|---|---|---|---|---|');
  for (const r of kustomizeRows) console.log(`| ${r.input} | ${fmt(r.build.seconds)} | ${fmt(r.scan.seconds)} | ${fmt(r.scan.seconds - r.build.seconds)} | ${fmt(r.scan.rssMb, 0)} |`);
}
writeFileSync(path.join(out, 'results.json'), `${JSON.stringify({ node: process.version, runs, rows, helmRows, kustomizeRows }, null, 2)}\n`);
