import { peerName } from '../engine/connectivity-map.js';
import { describeConns } from './describe.js';
import { defineMapFormat } from './map-format.js';

function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const mapCsv = defineMapFormat({
  id: 'csv',
  description: 'source,destination,ports rows for spreadsheets',
  exposure: false,
  render(doc, _options, sink) {
    sink.write('source,destination,ports\n');
    for (const c of doc.connections) sink.write(`${cell(peerName(c.src))},${cell(peerName(c.dst))},${cell(describeConns(c.conns))}\n`);
  },
});
