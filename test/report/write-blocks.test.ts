import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeReportWith } from '../../src/report/write.js';
import { tempDir } from '../helpers/temp.js';

describe('writeReportWith', () => {
  const dir = tempDir('rampart-write-');

  it('writes chunks of any size in order, joined into blocks (random chunks)', () => {
    const chunk = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 100_000 }).map((s) => s.repeat(2)));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 200 }), (chunks) => {
        const file = path.join(dir, 'report.txt');
        writeReportWith(file, (sink) => chunks.forEach((c) => sink.write(c)));
        expect(readFileSync(file, 'utf8')).toBe(Buffer.from(chunks.join(''), 'utf8').toString('utf8'));
      }),
      { numRuns: 60 },
    );
  });
});
