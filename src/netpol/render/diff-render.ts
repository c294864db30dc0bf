import pc from 'picocolors';
import { peerName } from '../engine/connectivity-map.js';
import type { ConnectionChange } from '../diff/diff.js';
import { describeConns, peerJson } from './describe.js';

function workloadNote(c: ConnectionChange): string {
  const names = [c.srcWorkloadChanged ? peerName(c.src) : undefined, c.dstWorkloadChanged ? peerName(c.dst) : undefined].filter((n): n is string => n !== undefined);
  if (names.length === 0) return '';
  return `workload ${names.join(' and ')} ${c.type === 'added' ? 'added' : c.type === 'removed' ? 'removed' : 'changed'}`;
}

function changeJson(c: ConnectionChange): Record<string, unknown> {
  return {
    type: c.type,
    src: peerName(c.src),
    dst: peerName(c.dst),
    before: c.before.toList(),
    after: c.after.toList(),
    gained: c.after.subtract(c.before).toList(),
    lost: c.before.subtract(c.after).toList(),
    source: peerJson(c.src),
    destination: peerJson(c.dst),
    ...(workloadNote(c) ? { note: workloadNote(c) } : {}),
  };
}

function summary(changes: readonly ConnectionChange[]): Record<'added' | 'removed' | 'changed', number> {
  return {
    added: changes.filter((c) => c.type === 'added').length,
    removed: changes.filter((c) => c.type === 'removed').length,
    changed: changes.filter((c) => c.type === 'changed').length,
  };
}

interface DiffFormat {
  readonly id: string;
  render(changes: readonly ConnectionChange[], options: { readonly color: boolean }): string;
}

const table: DiffFormat = {
  id: 'table',
  render(changes, { color }) {
    const c = pc.createColors(color);
    if (changes.length === 0) return 'No connectivity changes.\n';
    const mark = { added: c.green('+'), removed: c.red('-'), changed: c.yellow('~') };
    const lines = changes.map((ch) => {
      const note = workloadNote(ch);
      const ports = ch.type === 'added' ? describeConns(ch.after) : ch.type === 'removed' ? describeConns(ch.before) : `${describeConns(ch.before)} -> ${describeConns(ch.after)}`;
      return `${mark[ch.type]} ${peerName(ch.src)} => ${peerName(ch.dst)} : ${ports}${note ? c.dim(` (${note})`) : ''}`;
    });
    const s = summary(changes);
    lines.push('', c.dim(`${s.added} added, ${s.removed} removed, ${s.changed} changed`));
    return `${lines.join('\n')}\n`;
  },
};

const json: DiffFormat = {
  id: 'json',
  render(changes) {
    return `${JSON.stringify({ summary: summary(changes), changes: changes.map(changeJson) }, null, 2)}\n`;
  },
};

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const csv: DiffFormat = {
  id: 'csv',
  render(changes) {
    const rows = [['type', 'source', 'destination', 'before', 'after', 'note'], ...changes.map((c) => [c.type, peerName(c.src), peerName(c.dst), describeConns(c.before), describeConns(c.after), workloadNote(c)])];
    return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
  },
};

const markdown: DiffFormat = {
  id: 'markdown',
  render(changes) {
    if (changes.length === 0) return 'No connectivity changes.\n';
    const cell = (v: string) => v.replaceAll('|', '\\|');
    const lines = ['| change | source | destination | before | after | note |', '|---|---|---|---|---|---|'];
    for (const c of changes) lines.push(`| ${c.type} | ${cell(peerName(c.src))} | ${cell(peerName(c.dst))} | ${cell(describeConns(c.before))} | ${cell(describeConns(c.after))} | ${cell(workloadNote(c))} |`);
    return `${lines.join('\n')}\n`;
  },
};

/** Output formats of `rampart netpol diff`, by id. */
export const DIFF_FORMATS: ReadonlyMap<string, DiffFormat> = new Map([table, json, csv, markdown].map((f) => [f.id, f]));
