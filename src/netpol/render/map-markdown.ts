import { peerName } from '../engine/connectivity-map.js';
import { describeConns, describeTarget } from './describe.js';
import { defineMapFormat } from './map-format.js';

function cell(value: string): string {
  return value.replaceAll('|', '\\|');
}

export const mapMarkdown = defineMapFormat({
  id: 'markdown',
  description: 'a Markdown table, e.g. for a pull request comment',
  exposure: true,
  render(doc, _options, sink) {
    sink.write('| source | destination | ports |\n|---|---|---|\n');
    for (const c of doc.connections) sink.write(`| ${cell(peerName(c.src))} | ${cell(peerName(c.dst))} | ${cell(describeConns(c.conns))} |\n`);
    if (doc.exposure) {
      sink.write('\n| workload | direction | peer | ports |\n|---|---|---|---|\n');
      for (const w of doc.exposure) {
        for (const d of ['ingress', 'egress'] as const) {
          const peers = w[d].protected ? w[d].entries : [];
          for (const e of peers) sink.write(`| ${cell(w.workload.label)} | ${d} | ${cell(describeTarget(e.target))} | ${cell(describeConns(e.conns, e.namedPorts))} |\n`);
          if (!w[d].protected) sink.write(`| ${cell(w.workload.label)} | ${d} | not protected by any policy | all |\n`);
        }
      }
    }
  },
});
