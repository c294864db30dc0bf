import pc from 'picocolors';
import { peerName } from '../engine/connectivity-map.js';
import type { WorkloadExposure } from '../exposure/report.js';
import type { ConnSet } from '../ports/conn-set.js';
import { describeConns, describeTarget } from './describe.js';
import { defineMapFormat } from './map-format.js';

function pad(rows: readonly (readonly string[])[]): string[] {
  // A loop, not Math.max(...column): a map of millions of connections is more arguments than a call takes.
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

export function exposureLines(exposure: readonly WorkloadExposure[], color: boolean): string[] {
  const c = pc.createColors(color);
  const rows: string[][] = [['WORKLOAD', 'DIRECTION', 'PEER', 'PORTS']];
  const unprotected: string[] = [];
  for (const w of exposure) {
    for (const direction of ['ingress', 'egress'] as const) {
      const d = w[direction];
      if (!d.protected) unprotected.push(`${w.workload.label} ${direction}`);
      const arrow = direction === 'ingress' ? 'from' : 'to';
      for (const e of d.entries) rows.push([w.workload.label, direction, `${arrow} ${describeTarget(e.target)}`, describeConns(e.conns, e.namedPorts)]);
    }
  }
  const lines = ['', c.bold('Exposure'), ...(rows.length > 1 ? pad(rows) : ['(none)'])];
  if (unprotected.length > 0) lines.push('', c.bold('Not protected by any policy'), ...unprotected.map((u) => `${c.yellow('!')} ${u}`));
  return lines;
}

export const mapTable = defineMapFormat({
  id: 'table',
  description: 'aligned columns for people',
  exposure: true,
  render(doc, { color }, sink) {
    const c = pc.createColors(color);
    const connections = doc.connections;
    if (connections.length === 0) sink.write('No allowed connections.\n');
    else {
      // Two passes, as pad() does, without a row of cells per connection.
      const ports = new Map<ConnSet, string>();
      const portsOf = (conns: ConnSet) => {
        let text = ports.get(conns);
        if (text === undefined) {
          text = describeConns(conns);
          ports.set(conns, text);
        }
        return text;
      };
      let srcWidth = 'SOURCE'.length;
      let dstWidth = 'DESTINATION'.length;
      for (const x of connections) {
        srcWidth = Math.max(srcWidth, peerName(x.src).length);
        dstWidth = Math.max(dstWidth, peerName(x.dst).length);
      }
      const line = (src: string, dst: string, conns: string) => `${src.padEnd(srcWidth)}  ${dst.padEnd(dstWidth)}  ${conns}`.trimEnd();
      sink.write(`${c.bold(line('SOURCE', 'DESTINATION', 'PORTS'))}\n`);
      for (const x of connections) sink.write(`${line(peerName(x.src), peerName(x.dst), portsOf(x.conns))}\n`);
    }
    if (doc.exposure) for (const line of exposureLines(doc.exposure, color)) sink.write(`${line}\n`);
    const policies = doc.analysis.validPolicies().length;
    sink.write(`\n${c.dim(`${connections.length} connections; ${doc.analysis.workloads.length} workloads, ${policies} ${policies === 1 ? 'policy' : 'policies'}`)}\n`);
  },
});
