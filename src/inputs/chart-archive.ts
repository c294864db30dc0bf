import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { asRecord } from '../k8s/access.js';
import { yamlDocuments } from './yaml-file.js';

/*
 * The Chart.yaml of a packaged chart (`helm package` writes `name-version.tgz`: a gzipped tar whose
 * files are below one folder), found as helm's archive loader finds it: the first folder of each
 * file's path is dropped, `\` is a separator in an archive made on Windows, and the regular file
 * left as `Chart.yaml` is the chart's (a later one over an earlier one). Read only to know a
 * chart's name and version: an archive that cannot be read is no chart here, and helm reports it.
 */

const BLOCK = 512;
/** What helm decompresses of a chart at most (100 MiB): no more is read of one here either. */
const MAX_CHART_SIZE = 100 * 1024 * 1024;

/** The mapping of a packaged chart's Chart.yaml; undefined when the file is no readable chart archive. */
export function archivedChartMetadata(archive: string): Record<string, unknown> | undefined {
  const text = archivedChartYaml(archive);
  return text === undefined ? undefined : asRecord(yamlDocuments(text)[0]);
}

function archivedChartYaml(archive: string): string | undefined {
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(archive), { maxOutputLength: MAX_CHART_SIZE });
  } catch {
    return undefined;
  }
  let chartYaml: string | undefined;
  // A name given by the extended header (pax `path`) or GNU long name record before an entry.
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header.subarray(124, 136));
    if (size === undefined) return chartYaml;
    const body = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const type = String.fromCharCode(header[156]!);
    if (type === 'x' || type === 'L') {
      longName = type === 'L' ? cString(body) : (paxPath(body) ?? longName);
      continue;
    }
    const name = longName ?? ustarName(header);
    longName = undefined;
    if ((type === '0' || type === '\0') && inChart(name) === 'Chart.yaml') chartYaml = withoutBom(body.toString('utf8'));
  }
  return chartYaml;
}

/** The path of an archived file in its chart: without the archive's first folder. */
function inChart(name: string): string {
  const separator = name.includes('\\') ? '\\' : '/';
  return name.split(separator).slice(1).join('/');
}

/** The name of a ustar header: its prefix field (POSIX ustar only, not GNU tar's) and its name field. */
function ustarName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const posix = header.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = posix ? cString(header.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

/** The `path` record of a pax extended header (`<length> path=<value>\n` records). */
function paxPath(body: Buffer): string | undefined {
  let found: string | undefined;
  for (let at = 0; at < body.length; ) {
    const space = body.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(body.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || at + length > body.length) break;
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) found = record.slice('path='.length);
    at += length;
  }
  return found;
}

function octal(field: Buffer): number | undefined {
  const text = cString(field).trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : text === '' ? 0 : undefined;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
