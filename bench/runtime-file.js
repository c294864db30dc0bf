#!/usr/bin/env node
// One measurement of the runtime engine reading a file of audit events on one thread (one core):
// read, split lines, JSON.parse, evaluate every rule candidate, render alerts. Prints JSON.
//   node bench/runtime-file.js --rules RULES.yaml --events audit.jsonl
import { openSync, readFileSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadRules } from '../dist/runtime/engine.js';
import { k8sAuditDecoder } from '../dist/runtime/inputs/events.js';
import { falcoJson } from '../dist/runtime/output/falco-json.js';
import { LineSplitter } from '../dist/runtime/inputs/lines.js';

const { values } = parseArgs({ options: { rules: { type: 'string' }, events: { type: 'string' }, 'parse-only': { type: 'boolean', default: false } } });
const loaded = loadRules([{ name: values.rules, content: readFileSync(values.rules, 'utf8') }], { hostname: 'bench' });
if (loaded.errors > 0) throw new Error('rules failed to load');
const now = () => 0n;
const fd = openSync(values.events, 'r');
const buffer = Buffer.alloc(4 << 20);
let events = 0;
let alerts = 0;
let outputBytes = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
// --parse-only: the same reading and JSON parsing, no rules (the floor the engine adds to).
const lines = new LineSplitter((line) => {
  if (values['parse-only']) {
    JSON.parse(line);
    events++;
    return;
  }
  for (const e of k8sAuditDecoder.decode(line, now)) {
    if (!e.ok) continue;
    events++;
    for (const a of loaded.engine.process('k8s_audit', e.payload, e)) {
      alerts++;
      outputBytes += falcoJson(a).length;
    }
  }
});
for (;;) {
  const n = readSync(fd, buffer, 0, buffer.length, null);
  if (n <= 0) break;
  lines.feed(buffer.subarray(0, n));
}
lines.end();
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ events, alerts, outputBytes, seconds, eventsPerSecond: events / seconds, cpuMicrosPerEvent: (cpu.user + cpu.system) / events, rules: loaded.engine.enabledRules().length }));
