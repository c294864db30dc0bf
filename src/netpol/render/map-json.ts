import { connectionJson, exposureEntryJson } from './describe.js';
import { defineMapFormat } from './map-format.js';

/** `{ "connections": [ { "src", "dst", "ports" } ] }`, the form scripts read. */
export const mapJson = defineMapFormat({
  id: 'json',
  description: 'for scripts: { "connections": [ { "src", "dst", "ports" } ] }',
  exposure: true,
  render(doc) {
    const out: Record<string, unknown> = {
      connections: doc.connections.map(connectionJson),
      workloads: doc.analysis.workloads.map((w) => ({ name: w.label, namespace: w.namespace, workload: w.name, kind: w.kind, file: w.object.source.file, line: w.object.locate([]).line })),
    };
    if (doc.exposure) {
      out.exposure = doc.exposure.map((w) => ({
        workload: w.workload.label,
        ingress: { protected: w.ingress.protected, entries: w.ingress.entries.map(exposureEntryJson) },
        egress: { protected: w.egress.protected, entries: w.egress.entries.map(exposureEntryJson) },
      }));
    }
    return `${JSON.stringify(out, null, 2)}\n`;
  },
});
