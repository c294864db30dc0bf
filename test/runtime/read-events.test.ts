import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { k8sAuditDecoder } from '../../src/runtime/inputs/events.js';
import { readEventBatches, readEventFile } from '../../src/runtime/inputs/read-events.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('rampart-read-events-');

function event(i: number): string {
  return JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: `id-${i}`, verb: 'get', stageTimestamp: '2026-01-02T03:04:05.000000Z', padding: 'x'.repeat(200) });
}

async function collect(file: string): Promise<Array<{ ok: boolean; where: string; id?: string }>> {
  const out: Array<{ ok: boolean; where: string; id?: string }> = [];
  for await (const { event: e, where } of readEventFile(file, k8sAuditDecoder)) {
    out.push(e.ok ? { ok: true, where, id: (e.payload as { auditID: string }).auditID } : { ok: false, where });
  }
  return out;
}

describe('reading a file of audit events', () => {
  it('reads JSON lines across many read chunks, in order, with the line of each event, skipping blank lines', async () => {
    // About 2.5 MB: the file is read in 1 MB chunks, so lines span chunk boundaries.
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(i % 1000 === 7 ? '' : i === 5000 ? '{"broken": ' : event(i));
    const file = path.join(dir, 'lines.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const got = await collect(file);
    expect(got).toHaveLength(10_000 - 10);
    expect(got[0]).toEqual({ ok: true, where: `${file}:1`, id: 'id-0' });
    expect(got.filter((e) => !e.ok)).toEqual([{ ok: false, where: `${file}:5001` }]);
    const ids = got.filter((e) => e.ok).map((e) => Number(e.id?.slice(3)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(got.at(-1)).toEqual({ ok: true, where: `${file}:10000`, id: 'id-9999' });
  });

  it('reads a first line that is not on line 1 and a last line without a newline', async () => {
    const file = path.join(dir, 'edges.jsonl');
    writeFileSync(file, `\n\n${event(1)}\n${event(2)}`);
    expect(await collect(file)).toEqual([
      { ok: true, where: `${file}:3`, id: 'id-1' },
      { ok: true, where: `${file}:4`, id: 'id-2' },
    ]);
  });

  it('reads a file holding one pretty-printed EventList', async () => {
    const file = path.join(dir, 'list.json');
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [1, 2, 3].map((i) => JSON.parse(event(i)) as unknown) };
    writeFileSync(file, JSON.stringify(list, null, 2));
    expect((await collect(file)).map((e) => e.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('decodes a batch only as it is iterated', async () => {
    const file = path.join(dir, 'lazy.jsonl');
    writeFileSync(file, `${[1, 2, 3, 4].map(event).join('\n')}\n`);
    let decoded = 0;
    const counting = { source: k8sAuditDecoder.source, decode: (text: string, now: () => bigint) => (decoded++, k8sAuditDecoder.decode(text, now)) };
    const batches = [];
    for await (const batch of readEventBatches(file, counting)) batches.push(batch);
    // The first line is decoded on reading (it tells JSON lines from one JSON document).
    expect(decoded).toBe(1);
    expect(batches.flatMap((b) => [...b]).length).toBe(4);
    expect(decoded).toBe(4);
  });
});

describe('the time of an audit event', () => {
  const timeOf = (stageTimestamp: unknown) => k8sAuditDecoder.decode(JSON.stringify({ kind: 'Event', auditID: 'a', requestReceivedTimestamp: '2024-05-01T10:00:00Z', stageTimestamp }), () => 42n);

  it('is stageTimestamp, as the k8saudit plugin hands it to Falco: unsigned nanoseconds, and the current time for Go\'s zero time', () => {
    expect(timeOf('2024-05-01T10:00:01.5Z')).toEqual([{ ok: true, payload: expect.anything(), ts: 1714557601_500000000n }]);
    // Before 1970, uint64(UnixNano()) wraps around.
    expect(timeOf('1969-12-31T23:59:59Z')).toEqual([{ ok: true, payload: expect.anything(), ts: 2n ** 64n - 1_000_000_000n }]);
    // The zero time.Time and -1 (math.MaxUint64) are "no time" for the plugin SDK and API: now.
    expect(timeOf('0001-01-01T00:00:00Z')).toEqual([{ ok: true, payload: expect.anything(), ts: 42n }]);
    expect(timeOf('1969-12-31T23:59:59.999999999Z')).toEqual([{ ok: true, payload: expect.anything(), ts: 42n }]);
  });

  it('drops the event, as the plugin does, when stageTimestamp is missing or Go cannot parse it (no fallback to requestReceivedTimestamp)', () => {
    const unparsable = [{ ok: false, message: "can't parse stageTimestamp as an RFC 3339 time" }];
    expect(timeOf(undefined)).toEqual([{ ok: false, message: "can't read stageTimestamp" }]);
    for (const bad of [null, 1714557600, '', '2024-05-01T10:00:00z', '2024-02-30T10:00:00Z', '2024-05-01T10:00:00']) expect(timeOf(bad), String(bad)).toEqual(unparsable);
  });
});

describe('which JSON texts hold audit events', () => {
  const at = '2024-05-01T10:00:00Z';
  const decode = (text: string) => k8sAuditDecoder.decode(text, () => 42n).map((e) => (e.ok ? (e.payload as { auditID?: string }).auditID ?? '(read)' : e.message));

  it('goes by kind alone, as the k8saudit plugin does: "Event" or "EventList", whatever the apiVersion and auditID', () => {
    expect(decode(JSON.stringify({ kind: 'Event', stageTimestamp: at }))).toEqual(['(read)']);
    expect(decode(JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v0', auditID: 'a', stageTimestamp: at }))).toEqual(['a']);
    // No kind: the plugin drops it, auditID or not.
    for (const kind of [undefined, null, 'event', 'Status', 1, ['Event']]) {
      expect(decode(JSON.stringify({ kind, apiVersion: 'audit.k8s.io/v1', auditID: 'a', stageTimestamp: at })), String(kind)).toEqual(['data not recognized as a k8s audit event']);
    }
  });

  it('refuses an EventList without items, empty items included, as the plugin does (fastjson reads [] as a nil slice)', () => {
    for (const text of ['{"kind":"EventList","items":[]}', '{"kind":"EventList","items":[ ]}', '{"kind":"EventList","items":null}', '{"kind":"EventList"}', '{"kind":"EventList","items":{}}']) {
      expect(decode(text), text).toEqual(['data not recognized as a k8s audit event: EventList without items']);
    }
  });

  it('reads a JSON array of Events, EventLists and arrays again, as the plugin does, and drops all of it when one element is none of these', () => {
    const e = (auditID: string, stageTimestamp = at) => ({ kind: 'Event', auditID, stageTimestamp });
    const list = (...items: unknown[]) => ({ kind: 'EventList', items });
    expect(decode(JSON.stringify([e('a'), list(e('b'), e('c', 'x')), [[e('d')]], []]))).toEqual(['a', 'b', "can't parse stageTimestamp as an RFC 3339 time", 'd']);
    expect(decode('[]')).toEqual([]);
    // The plugin pushes none of the payload's events when an element is not an audit event.
    for (const bad of [null, 1, 'x', {}, { kind: 'Status' }, { kind: 'EventList' }, { kind: 'EventList', items: [] }]) {
      expect(decode(JSON.stringify([e('a'), [bad], e('b')])), JSON.stringify(bad)).toEqual([expect.stringMatching(/^data not recognized as a k8s audit event/)]);
    }
  });
});
