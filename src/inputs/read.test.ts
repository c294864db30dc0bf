import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOO_LARGE } from './files.js';
import { readInput } from './read.js';

/*
 * Streams read through a FIFO. Its writer opens it for reading and writing, which never waits for
 * a reader, and says so before the test reads: the test's own open then returns at once. It writes
 * `head`, then `chunks` chunks of 64 KiB of `fill`, and exits (the end of the stream); it is killed
 * after 30 s, or after the test, should the reader stop early and leave it waiting on a full pipe.
 */
const WRITER = `
const fs = require('node:fs');
const [file, head, fill, chunks] = process.argv.slice(1);
const fd = fs.openSync(file, 'r+');
process.stdout.write('open\\n');
fs.writeSync(fd, Buffer.from(head, 'base64'));
const chunk = Buffer.alloc(1 << 16, fill);
for (let i = 0; i < Number(chunks); i++) fs.writeSync(fd, chunk);
`;

const writers: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const writer of writers.splice(0)) writer.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A FIFO with a writer of `head` then `chunks` × 64 KiB of `fill`, ready to be read. */
async function fifoWith(head: Buffer, fill: string, chunks: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-fifo-'));
  dirs.push(dir);
  const fifo = path.join(dir, 'stream.yaml');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const writer = spawn(process.execPath, ['-e', WRITER, fifo, head.toString('base64'), fill, String(chunks)], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 30_000 });
  writers.push(writer);
  await new Promise<void>((resolve, reject) => {
    writer.stdout.once('data', () => resolve());
    writer.once('exit', (code) => reject(new Error(`the FIFO's writer ended (${code}) before opening it`)));
  });
  return fifo;
}

describe('readInput on a stream (a pipe, a device, standard input)', () => {
  it('reads it to its end', async () => {
    const fifo = await fifoWith(Buffer.from('kind: A\n'), '#', 4);
    const read = readInput(fifo);
    expect(read.ok && read.value.text.length).toBe(8 + 4 * 65_536);
  });

  it('refuses it once it holds more than the limit, without reading on', async () => {
    const fifo = await fifoWith(Buffer.from('kind: A\n'), '#', 64);
    expect(readInput(fifo, 1 << 20)).toEqual({ ok: false, error: { code: 'input-unreadable', message: TOO_LARGE, location: { file: fifo } } });
  });

  it('refuses NUL bytes, and reads UTF-16 after its byte order mark', async () => {
    const nul = await fifoWith(Buffer.from('kind: A\n\0'), 'a', 64);
    expect(readInput(nul, 1 << 20)).toEqual({ ok: false, error: { code: 'input-binary', message: 'not a text file (contains NUL bytes)', location: { file: nul } } });
    const utf16 = await fifoWith(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: A\n', 'utf16le')]), '', 0);
    expect(readInput(utf16, 1 << 20)).toEqual({ ok: true, value: { name: utf16, text: 'kind: A\n' } });
  });
});
