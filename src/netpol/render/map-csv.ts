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
  render(doc) {
    const rows = [['source', 'destination', 'ports'], ...doc.connections.map((c) => [peerName(c.src), peerName(c.dst), describeConns(c.conns)])];
    return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
  },
});
