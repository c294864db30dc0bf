import { readdirSync, readFileSync } from 'node:fs';
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
    ['pss', 'check', SHOP],
    ['rbac', 'paths', SHOP],
    ['rbac', 'can', 'system:serviceaccount:shop:api', SHOP],
    ['netpol', 'explain', 'shop/api', 'shop/db', 'test/netpol/fixtures/shop'],
  ];

  it.each(commands)('gets one line naming the command, the file and why, and exit 2 (%s %s)', (...args) => {
    const r = rampart([...args, '--output', missing]);
    const name = args.slice(0, args[0] === 'rules' ? 1 : 2).join(' ');
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

describe('--output on every command that writes a report', () => {
  const dir = tempDir('rampart-output-');
  const commands: ReadonlyArray<readonly string[]> = [
    ['pss', 'check', SHOP, '--format', 'json'],
    ['rbac', 'paths', SHOP, '--to', 'system:serviceaccount:shop:api'],
    ['rbac', 'can', 'system:serviceaccount:shop:api', SHOP],
    ['rbac', 'minimize', '--audit-log', 'test/conformance/rbac/audit2rbac/demo.log', '--subject', 'alice'],
    ['netpol', 'explain', 'shop/api', 'shop/db', 'test/netpol/fixtures/shop', '--port', '5432/TCP'],
    ['admission', 'test', 'test/admission/fixtures/manifests', '--config', 'test/admission/fixtures/rampart.yaml'],
  ];

  it.each(commands)('writes to the file what it writes to stdout, with the same exit code (%s %s)', (...args) => {
    const printed = rampart(args);
    const file = path.join(dir, `${args.slice(0, 2).join('-')}.out`);
    const written = rampart([...args, '--output', file]);
    expect(printed.stdout.length).toBeGreaterThan(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
    expect(written.code).toBe(printed.code);
  });
});
