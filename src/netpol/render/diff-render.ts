import pc from 'picocolors';
import { peerName } from '../engine/connectivity-map.js';
import type { ConnSet } from '../ports/conn-set.js';
import type { ConnectionChange } from '../diff/diff.js';
import { type ReportSink, renderToString } from '../../report/format.js';
import { prettyJsonAt, writePrettyObject } from '../../report/pretty-json.js';
import { describeConns, peerJson, peerTexts } from './describe.js';

function workloadNote(c: ConnectionChange): string {
  const names = [c.srcWorkloadChanged ? peerName(c.src) : undefined, c.dstWorkloadChanged ? peerName(c.dst) : undefined].filter((n): n is string => n !== undefined);
  if (names.length === 0) return '';
  return `workload ${names.join(' and ')} ${c.type === 'added' ? 'added' : c.type === 'removed' ? 'removed' : 'changed'}`;
}

/** A change as JSON (changeItems writes the same text faster). */
export function changeJson(c: ConnectionChange): Record<string, unknown> {
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
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.type]++;
  return counts;
}

interface DiffFormat {
  readonly id: string;
  /** Writes the changes to `sink` as it goes: a diff can have millions of them. */
  render(changes: readonly ConnectionChange[], options: { readonly color: boolean }, sink: ReportSink): void;
}

/** The whole diff as one string (for small diffs and tests). */
export function renderDiff(format: DiffFormat, changes: readonly ConnectionChange[], options: { readonly color: boolean }): string {
  return renderToString((sink) => format.render(changes, options, sink));
}

const table: DiffFormat = {
  id: 'table',
  render(changes, { color }, sink) {
    const c = pc.createColors(color);
    if (changes.length === 0) {
      sink.write('No connectivity changes.\n');
      return;
    }
    const mark = { added: c.green('+'), removed: c.red('-'), changed: c.yellow('~') };
    for (const ch of changes) {
      const note = workloadNote(ch);
      const ports = ch.type === 'added' ? describeConns(ch.after) : ch.type === 'removed' ? describeConns(ch.before) : `${describeConns(ch.before)} -> ${describeConns(ch.after)}`;
      sink.write(`${mark[ch.type]} ${peerName(ch.src)} => ${peerName(ch.dst)} : ${ports}${note ? c.dim(` (${note})`) : ''}\n`);
    }
    const s = summary(changes);
    sink.write(`\n${c.dim(`${s.added} added, ${s.removed} removed, ${s.changed} changed`)}\n`);
  },
};

const json: DiffFormat = {
  id: 'json',
  render(changes, _options, sink) {
    writePrettyObject(sink, [
      ['summary', { value: summary(changes) }],
      ['changes', { items: changeItems(changes) }],
    ]);
  },
};

/**
 * Each change as `prettyJsonAt(changeJson(c), 2)` writes it. Peers and port sets are shared by
 * many changes, so their JSON is made once.
 */
function* changeItems(changes: readonly ConnectionChange[]): Generator<string> {
  const ports = new Map<ConnSet, Map<ConnSet, string>>();
  const peer = peerTexts();
  const portFields = (before: ConnSet, after: ConnSet) => {
    let byAfter = ports.get(before);
    if (!byAfter) ports.set(before, (byAfter = new Map()));
    let text = byAfter.get(after);
    if (text === undefined) {
      const list = (set: ConnSet) => prettyJsonAt(set.toList(), 3);
      text = `"before": ${list(before)},\n      "after": ${list(after)},\n      "gained": ${list(after.subtract(before))},\n      "lost": ${list(before.subtract(after))}`;
      byAfter.set(after, text);
    }
    return text;
  };
  for (const c of changes) {
    const src = peer(c.src);
    const dst = peer(c.dst);
    const note = workloadNote(c);
    // The fields of changeJson, in its order.
    yield `{\n      "type": "${c.type}",\n      "src": ${src.name},\n      "dst": ${dst.name},\n      ${portFields(c.before, c.after)},` +
      `\n      "source": ${src.json},\n      "destination": ${dst.json}${note ? `,\n      "note": ${JSON.stringify(note)}` : ''}\n    }`;
  }
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const csv: DiffFormat = {
  id: 'csv',
  render(changes, _options, sink) {
    sink.write('type,source,destination,before,after,note\n');
    for (const c of changes) sink.write(`${[c.type, peerName(c.src), peerName(c.dst), describeConns(c.before), describeConns(c.after), workloadNote(c)].map(csvCell).join(',')}\n`);
  },
};

const markdown: DiffFormat = {
  id: 'markdown',
  render(changes, _options, sink) {
    if (changes.length === 0) {
      sink.write('No connectivity changes.\n');
      return;
    }
    const cell = (v: string) => v.replaceAll('|', '\\|');
    sink.write('| change | source | destination | before | after | note |\n|---|---|---|---|---|---|\n');
    for (const c of changes) sink.write(`| ${c.type} | ${cell(peerName(c.src))} | ${cell(peerName(c.dst))} | ${cell(describeConns(c.before))} | ${cell(describeConns(c.after))} | ${cell(workloadNote(c))} |\n`);
  },
};

/** Output formats of `rampart netpol diff`, by id. */
export const DIFF_FORMATS: ReadonlyMap<string, DiffFormat> = new Map([table, json, csv, markdown].map((f) => [f.id, f]));
