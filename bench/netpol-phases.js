#!/usr/bin/env node
// In-process timing of one NetworkPolicy analysis (run by bench/netpol.js on the built dist/):
// reading and parsing, building the engine, the full map, rendering JSON, and `explain` queries
// on the loaded model. Prints one JSON line.
import { loadInputs } from '../dist/inputs/load.js';
import { NetpolAnalysis } from '../dist/netpol/engine/analysis.js';
import { connectivityMap } from '../dist/netpol/engine/connectivity-map.js';
import { explainPair } from '../dist/netpol/explain/explain.js';
import { renderMap } from '../dist/netpol/render/map-format.js';
import { MAP_FORMATS } from '../dist/netpol/render/map-formats.js';

const [input, queries = '200'] = process.argv.slice(2);
const ms = (from) => performance.now() - from;
let t = performance.now();
const inputs = loadInputs([input]);
const load = ms(t);
t = performance.now();
const analysis = new NetpolAnalysis(inputs.objects);
const engine = ms(t);
t = performance.now();
const connections = connectivityMap(analysis);
const map = ms(t);
t = performance.now();
const json = renderMap(MAP_FORMATS.get('json'), { analysis, connections }, { color: false });
const render = ms(t);

// explain: pairs of workloads picked with a fixed stride, each answered from scratch (no cache of its own).
const workloads = analysis.workloads;
const times = [];
for (let i = 0; i < Number(queries); i++) {
  const src = workloads[(i * 7919) % workloads.length];
  const dst = workloads[(i * 104729 + 13) % workloads.length];
  const start = performance.now();
  explainPair(analysis, { kind: 'workload', workload: src }, { kind: 'workload', workload: dst });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(
  JSON.stringify({
    objects: inputs.objects.length,
    workloads: workloads.length,
    classes: analysis.classes.length,
    ranges: analysis.atoms.length,
    policies: analysis.validPolicies().length,
    connections: connections.length,
    jsonBytes: json.length,
    ms: { load, engine, map, render, explainP50: q(0.5), explainP99: q(0.99), explainMax: times[times.length - 1] },
    heapMb: process.memoryUsage().rss / 1048576,
  }),
);
