import { type PrettyField, prettyJsonAt, writePrettyObject } from '../../report/pretty-json.js';
import type { Connection } from '../engine/connectivity-map.js';
import type { ConnSet } from '../ports/conn-set.js';
import { exposureEntryJson, peerTexts } from './describe.js';
import { defineMapFormat } from './map-format.js';

/** `{ "connections": [ { "src", "dst", "ports" } ] }`, the form scripts read. */
export const mapJson = defineMapFormat({
  id: 'json',
  description: 'for scripts: { "connections": [ { "src", "dst", "ports" } ] }',
  exposure: true,
  render(doc, _options, sink) {
    const fields: Array<[string, PrettyField]> = [
      ['connections', { items: connectionItems(doc.connections) }],
      ['workloads', { value: doc.analysis.workloads.map((w) => ({ name: w.label, namespace: w.namespace, workload: w.name, kind: w.kind, file: w.object.source.file, line: w.object.locate([]).line })) }],
    ];
    if (doc.exposure) {
      const exposure = doc.exposure.map((w) => ({
        workload: w.workload.label,
        ingress: { protected: w.ingress.protected, entries: w.ingress.entries.map(exposureEntryJson) },
        egress: { protected: w.egress.protected, entries: w.egress.entries.map(exposureEntryJson) },
      }));
      fields.push(['exposure', { value: exposure }]);
    }
    writePrettyObject(sink, fields);
  },
});

/**
 * Each connection as `prettyJsonAt(connectionJson(c), 2)` (describe.ts) writes it. Peers and port sets are
 * shared by many connections, so their JSON is made once.
 */
function* connectionItems(connections: readonly Connection[]): Generator<string> {
  const ports = new Map<ConnSet, string>();
  const peer = peerTexts();
  for (const c of connections) {
    let list = ports.get(c.conns);
    if (list === undefined) {
      list = prettyJsonAt(c.conns.toList(), 3);
      ports.set(c.conns, list);
    }
    const src = peer(c.src);
    const dst = peer(c.dst);
    // The fields of connectionJson, in its order.
    yield `{\n      "src": ${src.name},\n      "dst": ${dst.name},\n      "ports": ${list},\n      "source": ${src.json},\n      "destination": ${dst.json}\n    }`;
  }
}
