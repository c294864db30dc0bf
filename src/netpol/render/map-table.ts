import pc from 'picocolors';
import { peerName } from '../engine/connectivity-map.js';
import type { WorkloadExposure } from '../exposure/report.js';
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
  render(doc, { color }) {
    const c = pc.createColors(color);
    const rows = [['SOURCE', 'DESTINATION', 'PORTS'], ...doc.connections.map((x) => [peerName(x.src), peerName(x.dst), describeConns(x.conns)])];
    const lines = doc.connections.length > 0 ? pad(rows) : ['No allowed connections.'];
    const header = lines[0];
    if (header && doc.connections.length > 0) lines[0] = c.bold(header);
    if (doc.exposure) for (const line of exposureLines(doc.exposure, color)) lines.push(line);
    const policies = doc.analysis.validPolicies().length;
    lines.push('', c.dim(`${doc.connections.length} connections; ${doc.analysis.workloads.length} workloads, ${policies} ${policies === 1 ? 'policy' : 'policies'}`));
    return `${lines.join('\n')}\n`;
  },
});
