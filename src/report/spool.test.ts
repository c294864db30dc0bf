import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Spool } from './spool.js';

/** The spool directories under `dir`. */
const spools = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('rampart-'));

describe('Spool', () => {
  it('gives back every piece as appended, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (texts) => {
        const spool = new Spool();
        try {
          const segments = texts.map((t) => spool.append(t));
          for (const i of [...texts.keys()].reverse()) expect(spool.read(segments[i] as (typeof segments)[number])).toBe(Buffer.from(texts[i] as string, 'utf8').toString('utf8'));
        } finally {
          spool.dispose();
        }
      }),
      { numRuns: 50 },
    );
  });

  it('leaves nothing behind: when disposed, and when the process ends first', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spool-test-'));
    try {
      // The child keeps one spool open and disposes of another, then ends without cleaning up.
      const script = [
        `const { Spool } = await import(${JSON.stringify(path.join(import.meta.dirname, 'spool.ts'))});`,
        `const { readdirSync } = await import('node:fs');`,
        `new Spool().append('x'.repeat(1000));`,
        `const disposed = new Spool(); disposed.append('y'); disposed.dispose();`,
        `console.log(readdirSync(${JSON.stringify(dir)}).filter((n) => n.startsWith('rampart-')).length);`,
      ].join('\n');
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, TMPDIR: dir } });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('1');
      expect(spools(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves nothing behind when a signal ends the process', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spool-test-'));
    try {
      const script = [
        `const { Spool } = await import(${JSON.stringify(path.join(import.meta.dirname, 'spool.ts'))});`,
        `new Spool().append('x');`,
        `process.kill(process.pid, 'SIGTERM');`,
        `setTimeout(() => {}, 10_000);`,
      ].join('\n');
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, TMPDIR: dir } });
      expect(r.signal).toBe('SIGTERM');
      expect(spools(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the text in memory where no temporary file can be made', () => {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = path.join(tmpdir(), 'no-such-directory', 'below');
    try {
      const spool = new Spool();
      const segment = spool.append('é ✓');
      expect(existsSync(process.env.TMPDIR)).toBe(false);
      expect(spool.read(segment)).toBe('é ✓');
      spool.dispose();
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });
});
