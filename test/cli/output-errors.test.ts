import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const SHOP = 'examples/shop';

describe('a report file that cannot be written', () => {
  const dir = tempDir('rampart-output-errors-');
  const missing = path.join(dir, 'missing', 'report.out');
  const commands: ReadonlyArray<readonly string[]> = [
    ['rbac', 'risks', SHOP],
    ['netpol', 'map', SHOP],
    ['netpol', 'diff', SHOP, SHOP],
    ['netpol', 'generate', SHOP],
    ['rules'],
  ];

  it.each(commands)('gets one line naming the command, the file and why, and exit 2 (%s %s)', (...args) => {
    const r = rampart([...args, '--output', missing]);
    const name = args.filter((a) => a !== SHOP).join(' ');
    expect(r.stderr.trim()).toBe(`rampart ${name}: cannot write ${missing}: no such directory`);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says so when the path is a directory', () => {
    const r = rampart(['netpol', 'map', SHOP, '--output', dir]);
    expect(r.stderr.trim()).toBe(`rampart netpol map: cannot write ${dir}: it is a directory`);
    expect(r.code).toBe(2);
  });
});
