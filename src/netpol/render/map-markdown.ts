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
  render(doc) {
    const lines = ['| source | destination | ports |', '|---|---|---|', ...doc.connections.map((c) => `| ${cell(peerName(c.src))} | ${cell(peerName(c.dst))} | ${cell(describeConns(c.conns))} |`)];
    if (doc.exposure) {
      lines.push('', '| workload | direction | peer | ports |', '|---|---|---|---|');
      for (const w of doc.exposure) {
        for (const d of ['ingress', 'egress'] as const) {
          const peers = w[d].protected ? w[d].entries : [];
          for (const e of peers) lines.push(`| ${cell(w.workload.label)} | ${d} | ${cell(describeTarget(e.target))} | ${cell(describeConns(e.conns, e.namedPorts))} |`);
          if (!w[d].protected) lines.push(`| ${cell(w.workload.label)} | ${d} | not protected by any policy | all |`);
        }
      }
    }
    return `${lines.join('\n')}\n`;
  },
});
