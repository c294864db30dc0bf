import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { followFile } from '../../src/runtime/inputs/follow.js';
import { tempDir } from '../helpers/temp.js';

describe('following an audit log like tail -F', () => {
  it('reads new lines, waits for partial lines, survives rotation and truncation', () => {
    const dir = tempDir('rampart-follow-');
    const file = path.join(dir, 'audit.log');
    writeFileSync(file, 'old\n');
    const lines: string[] = [];
    const f = followFile(file, { onLine: (l) => lines.push(l), pollMs: 60_000 });
    try {
      f.poll();
      expect(lines).toEqual([]);
      appendFileSync(file, 'one\ntw');
      f.poll();
      expect(lines).toEqual(['one']);
      appendFileSync(file, 'o\n');
      f.poll();
      expect(lines).toEqual(['one', 'two']);
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'three\n');
      f.poll();
      expect(lines).toEqual(['one', 'two', 'three']);
      truncateSync(file, 0);
      appendFileSync(file, 'four\n');
      f.poll();
      expect(lines).toEqual(['one', 'two', 'three', 'four']);
    } finally {
      f.stop();
    }
  });

  it('can start from the beginning, and waits for a file that does not exist yet', () => {
    const dir = tempDir('rampart-follow-');
    const file = path.join(dir, 'audit.log');
    const lines: string[] = [];
    const errors: string[] = [];
    const f = followFile(file, { fromStart: true, onLine: (l) => lines.push(l), onError: (m) => errors.push(m), pollMs: 60_000 });
    try {
      expect(errors[0]).toMatch(/cannot open .*audit.log.*waiting for it/);
      writeFileSync(file, 'a\nb\n');
      f.poll();
      expect(lines).toEqual(['a', 'b']);
    } finally {
      f.stop();
    }
  });

  it('skips a line longer than its limit and says so, then goes on', () => {
    const dir = tempDir('rampart-follow-');
    const file = path.join(dir, 'audit.log');
    writeFileSync(file, '');
    const lines: string[] = [];
    const errors: string[] = [];
    const f = followFile(file, { onLine: (l) => lines.push(l), onError: (m) => errors.push(m), pollMs: 60_000, maxLineBytes: 100 });
    try {
      f.poll();
      appendFileSync(file, 'x'.repeat(150));
      f.poll();
      appendFileSync(file, 'x'.repeat(150));
      f.poll();
      appendFileSync(file, 'xx\nnext\n');
      f.poll();
      expect(lines).toEqual(['next']);
      expect(errors).toEqual([`${file}: skipped a line longer than 100 bytes`]);
    } finally {
      f.stop();
    }
  });
});
