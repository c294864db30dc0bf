import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackgroundWriter } from '../../src/report/background-writer.js';
import { fileOutput } from '../../src/report/write.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** Chunks of many sizes (some larger than a buffer) with multi-byte characters, all different. */
function chunks(count: number, seed: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const size = i % 97 === 5 ? 400_000 + (next() % 900_000) : 1 + (next() % 5_000);
    const unit = `${i}:é→${String.fromCharCode(0x4e00 + (next() % 1000))};`;
    out.push(unit.repeat(Math.ceil(size / unit.length)).slice(0, size));
  }
  return out;
}

describe('report files written on a second thread', () => {
  it('hold every chunk, in order, however the chunks fall across buffers', () => {
    const file = path.join(tempDir('rampart-bgw-'), 'report.json');
    const parts = chunks(3_000, 7);
    const out = fileOutput(file);
    for (const part of parts) out.write(part);
    out.finish();
    const written = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(written)).toBeGreaterThan(8 * BackgroundWriter.slotBytes);
    expect(written).toBe(parts.join(''));
  });

  it('leave nothing behind, and the old report in place, when aborted with writes in flight', () => {
    const d = tempDir('rampart-bgw-');
    const file = path.join(d, 'report.json');
    writeFileSync(file, 'old');
    const out = fileOutput(file);
    for (const part of chunks(2_000, 11)) out.write(part);
    out.abort();
    expect(readdirSync(d)).toEqual(['report.json']);
    expect(readFileSync(file, 'utf8')).toBe('old');
  });

  it('are written by the main thread, complete and in order, when the worker never starts', () => {
    const file = path.join(tempDir('rampart-bgw-'), 'out.bin');
    const fd = openSync(file, 'w');
    // A worker program that ends at once without taking up the writing.
    const writer = new BackgroundWriter(fd, { workerSource: '', startTimeoutMs: 20 });
    const expected: number[] = [];
    for (let n = 0; n < 10; n++) {
      const { slot, bytes } = writer.takeSlot();
      const length = 1_000 + n * 10_000;
      bytes.fill(n, 0, length);
      for (let i = 0; i < length; i++) expected.push(n);
      writer.queue(slot, length);
    }
    writer.writeNow(Buffer.from([42, 43]));
    expected.push(42, 43);
    writer.close();
    closeSync(fd);
    expect([...readFileSync(file)]).toEqual(expected);
  });

  it.runIf(process.platform === 'linux')('report a failed write in one line, naming the file, and leave no temporary file', () => {
    const d = tempDir('rampart-bgw-');
    const manifests = Array.from(
      { length: 400 },
      (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: team}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec:\n      containers: [{name: main, image: "example.com/app:latest"}]\n`,
    ).join('---\n');
    writeFileSync(path.join(d, 'apps.yaml'), manifests);
    const report = path.join(d, 'report.json');
    // The file size limit (in 512-byte blocks) lets the first buffer through, then the worker's
    // writes fail with EFBIG; SIGXFSZ is ignored so that the write fails instead of the process.
    const script = 'ulimit -f 4096; trap "" XFSZ; exec "$@"';
    const result = spawnSync(
      'sh',
      ['-c', script, 'sh', process.execPath, ...CLI, 'scan', 'apps.yaml', '--no-config-file', '-f', 'json', '-o', report],
      { cwd: d, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', RAMPART_TODAY: '2026-06-01' } },
    );
    expect(result.stderr.trim()).toBe(`rampart scan: cannot write ${report}: file too large`);
    expect(result.status).toBe(2);
    expect(readdirSync(d)).toEqual(['apps.yaml']);
  });
});
