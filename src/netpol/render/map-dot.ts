import { type PeerRef, peerName } from '../engine/connectivity-map.js';
import { describeConns } from './describe.js';
import { defineMapFormat } from './map-format.js';

function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** Graphviz: one cluster per namespace, workloads in blue, external ranges in red. */
export const mapDot = defineMapFormat({
  id: 'dot',
  description: 'Graphviz DOT (render with `dot -Tsvg`)',
  exposure: false,
  render(doc, _options, sink) {
    const byNamespace = new Map<string, string[]>();
    const others = new Map<string, PeerRef>();
    for (const w of doc.analysis.workloads) {
      const list = byNamespace.get(w.namespace) ?? [];
      list.push(`\t\t${quote(w.label)} [label=${quote(`${w.name}[${w.kind}]`)} color="blue" fontcolor="blue"]`);
      byNamespace.set(w.namespace, list);
    }
    for (const c of doc.connections) for (const p of [c.src, c.dst]) if (p.kind !== 'workload') others.set(peerName(p), p);
    sink.write('digraph {\n');
    for (const [ns, nodes] of [...byNamespace].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      sink.write(`\tsubgraph ${quote(`cluster_${ns}`)} {\n\t\tlabel=${quote(ns)}\n`);
      for (const node of nodes.sort()) sink.write(`${node}\n`);
      sink.write('\t}\n');
    }
    for (const [name, p] of others) sink.write(`\t${quote(name)} [label=${quote(name)} color="${p.kind === 'external' ? 'red2' : 'darkgreen'}" fontcolor="${p.kind === 'external' ? 'red2' : 'darkgreen'}"]\n`);
    for (const c of doc.connections) sink.write(`\t${quote(peerName(c.src))} -> ${quote(peerName(c.dst))} [label=${quote(describeConns(c.conns))} color="gold2" fontcolor="darkgreen"]\n`);
    sink.write('}\n');
  },
});
