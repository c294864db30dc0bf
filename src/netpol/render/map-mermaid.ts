import { type PeerRef, peerName } from '../engine/connectivity-map.js';
import { describeConns } from './describe.js';
import { defineMapFormat } from './map-format.js';

/** Mermaid node text must not contain its own delimiters. */
function text(value: string): string {
  return `"${value.replaceAll('"', '#quot;')}"`;
}

/** A Mermaid flowchart: one subgraph per namespace (renders in GitHub and GitLab Markdown). */
export const mapMermaid = defineMapFormat({
  id: 'mermaid',
  description: 'a Mermaid flowchart (renders in GitHub and GitLab Markdown)',
  exposure: false,
  render(doc, _options, sink) {
    const ids = new Map<string, string>();
    const id = (name: string) => {
      let value = ids.get(name);
      if (!value) {
        value = `n${ids.size}`;
        ids.set(name, value);
      }
      return value;
    };
    sink.write('flowchart LR\n');
    const byNamespace = new Map<string, string[]>();
    for (const w of doc.analysis.workloads) {
      const list = byNamespace.get(w.namespace) ?? [];
      list.push(`    ${id(w.label)}[${text(`${w.name} (${w.kind})`)}]`);
      byNamespace.set(w.namespace, list);
    }
    for (const [ns, nodes] of [...byNamespace].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      sink.write(`  subgraph ns_${id(`namespace ${ns}`)}[${text(`namespace ${ns}`)}]\n`);
      for (const node of nodes) sink.write(`${node}\n`);
      sink.write('  end\n');
    }
    const others = new Map<string, PeerRef>();
    for (const c of doc.connections) for (const p of [c.src, c.dst]) if (p.kind !== 'workload') others.set(peerName(p), p);
    for (const name of others.keys()) sink.write(`  ${id(name)}{{${text(name)}}}\n`);
    for (const c of doc.connections) sink.write(`  ${id(peerName(c.src))} -->|${text(describeConns(c.conns))}| ${id(peerName(c.dst))}\n`);
  },
});
