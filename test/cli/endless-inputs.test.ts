import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/*
 * Inputs that never end: a device, a link to one, standard input read from one. Read whole, they
 * took memory until the process was killed; each scan here is stopped after 30 s, so that a
 * Rampart that reads on fails the test rather than hang it.
 */
function scan(args: readonly string[], stdin: number | 'ignore' = 'ignore') {
  const r = spawnSync(process.execPath, [...CLI, 'scan', ...args, '--no-config-file'], {
    cwd: REPO_ROOT,
    stdio: [stdin, 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const NOT_TEXT = 'not a text file (contains NUL bytes)';

describe.skipIf(!existsSync('/dev/zero'))('an endless stream named as an input', () => {
  it('is refused at its first NUL byte: a device, a link to it, standard input', () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', path.join(dir, 'x.yaml'));
    for (const input of ['/dev/zero', path.join(dir, 'x.yaml'), '/dev/urandom']) {
      const r = scan([input]);
      expect(r, input).toMatchObject({ code: 2, signal: null });
      expect(r.stdout.split('\n').filter((line) => line.startsWith('error')), input).toEqual([`error ${input}: ${NOT_TEXT}`]);
    }
    const zero = openSync('/dev/zero', 'r');
    try {
      const r = scan(['-', '--format', 'json'], zero);
      expect(r).toMatchObject({ code: 2, signal: null, stderr: `error: <stdin>: ${NOT_TEXT}\n` });
    } finally {
      closeSync(zero);
    }
  });

  it('does not stop the walk of a directory, which reads regular files only', () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', path.join(dir, 'x.yaml'));
    const r = scan([dir, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toEqual([expect.objectContaining({ code: 'input-no-manifests' })]);
  });
});
