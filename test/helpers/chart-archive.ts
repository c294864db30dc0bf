import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/*
 * Packaged charts for tests that run without helm: a gzipped tar of a chart directory's files
 * below one folder, as `helm package` writes it (the oracle tests package with helm itself).
 */

const BLOCK = 512;

/** A gzipped tar of the files of `dir`, each below `folder` (the chart's name, as helm packages it). */
export function packChart(dir: string, folder: string, options: { separator?: '/' | '\\' } = {}): Buffer {
  const files = filesBelow(dir).map((file): [string, Buffer] => [[folder, ...file.split('/')].join(options.separator ?? '/'), readFileSync(path.join(dir, file))]);
  return tarGz(files);
}

/** A gzipped tar of the files given (name, contents): a pax header before a name longer than ustar's 100 bytes. */
export function tarGz(files: readonly (readonly [string, Buffer | string])[]): Buffer {
  const blocks: Buffer[] = [];
  const entry = (name: string, type: string, data: Buffer) => blocks.push(header(name, type, data.length), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  for (const [name, contents] of files) {
    const data = Buffer.from(contents);
    if (Buffer.byteLength(name) > 100) {
      const record = (length: number) => `${length} path=${name}\n`;
      let length = Buffer.byteLength(record(0));
      while (Buffer.byteLength(record(length)) !== length) length = Buffer.byteLength(record(length));
      entry('PaxHeaders/long', 'x', Buffer.from(record(length)));
      entry(name.slice(0, 100), '0', data);
    } else entry(name, '0', data);
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(blocks));
}

function header(name: string, type: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  block.write('00000000000\0', 136);
  block.write(' '.repeat(8), 148);
  block.write(type, 156);
  block.write('ustar\0' + '00', 257);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

/** The paths of the files below `dir`, with `/`, sorted. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix))
    .sort()
    .flatMap((entry) => {
      const file = prefix === '' ? entry : `${prefix}/${entry}`;
      return statSync(path.join(dir, file)).isDirectory() ? filesBelow(dir, file) : [file];
    });
}
