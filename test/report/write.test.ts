import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomicWithMode } from '../../src/report/write-with-mode.js';
import { fileOutput, ReportFileError, writeFileAtomic } from '../../src/report/write.js';
import { tempDir } from '../helpers/temp.js';

const dir = () => tempDir('rampart-write-');

describe('report files', () => {
  it('appear only when complete, and an aborted report leaves nothing behind', () => {
    const d = dir();
    const file = path.join(d, 'report.json');
    writeFileSync(file, 'old');
    const out = fileOutput(file);
    out.write('new ');
    expect(readFileSync(file, 'utf8')).toBe('old');
    out.write('report');
    out.finish();
    expect(readFileSync(file, 'utf8')).toBe('new report');

    const failed = fileOutput(file);
    failed.write('half');
    failed.abort();
    expect(readFileSync(file, 'utf8')).toBe('new report');
    expect(readdirSync(d)).toEqual(['report.json']);
  });

  it('replace the file a symbolic link points to, and keep the link', () => {
    const d = dir();
    writeFileSync(path.join(d, 'real.txt'), 'old');
    symlinkSync('real.txt', path.join(d, 'link.txt'));
    const out = fileOutput(path.join(d, 'link.txt'));
    out.write('new');
    out.finish();
    expect(lstatSync(path.join(d, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(d, 'link.txt'))).toBe('real.txt');
    expect(readFileSync(path.join(d, 'real.txt'), 'utf8')).toBe('new');
  });

  it('keep the permissions of the file they replace, through a symbolic link too', () => {
    const d = dir();
    const file = path.join(d, 'report.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o640);
    symlinkSync('report.json', path.join(d, 'link.json'));
    writeFileAtomic(path.join(d, 'link.json'), 'newer');
    expect(readFileSync(file, 'utf8')).toBe('newer');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    // A new file: 0644 less the umask, as before.
    writeFileAtomic(path.join(d, 'fresh.json'), 'x');
    expect(statSync(path.join(d, 'fresh.json')).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('may have the longest name a directory allows (255 bytes): the temporary name is shorter', () => {
    const d = dir();
    const longest = path.join(d, `${'r'.repeat(250)}.json`);
    writeFileSync(longest, 'old');
    writeFileAtomic(longest, 'new');
    expect(readFileSync(longest, 'utf8')).toBe('new');
    const fresh = path.join(d, `${'ü'.repeat(125)}.txt`);
    writeFileAtomicWithMode(fresh, 'key', 0o600);
    expect(readFileSync(fresh, 'utf8')).toBe('key');
    expect(readdirSync(d).sort()).toEqual([path.basename(longest), path.basename(fresh)].sort());
  });

  it('are written straight into a pipe, which stays a pipe (as /dev/null stays a device)', async () => {
    const d = dir();
    const fifo = path.join(d, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const exited = new Promise((resolve) => reader.on('close', resolve));
    const out = fileOutput(fifo);
    out.write('through the pipe');
    out.finish();
    await exited;
    expect(received).toBe('through the pipe');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['pipe']);
  });

  it('that cannot be written fail with one line naming the file and the reason', () => {
    const d = dir();
    const missing = path.join(d, 'no', 'such', 'report.json');
    expect(() => writeFileAtomic(missing, 'x')).toThrow(new ReportFileError(`cannot write ${missing}: no such directory`));
    expect(() => writeFileAtomic(d, 'x')).toThrow(new ReportFileError(`cannot write ${d}: it is a directory`));
    expect(readdirSync(d)).toEqual([]);
  });

  it.runIf(existsSync('/dev/full'))('report a full disk while writing as such', () => {
    expect(() => writeFileAtomic('/dev/full', 'x')).toThrow(new ReportFileError('cannot write /dev/full: no space left on device'));
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});
