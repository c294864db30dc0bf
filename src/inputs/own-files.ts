import { closeSync, openSync, readSync } from 'node:fs';

const CONFIG_NAMES = new Set(['.rampart.yaml', '.rampart.yml']);

// The opening of a JSON report or baseline file that Rampart wrote: `{"schemaVersion": "…",`
// then its tool or its findings. No manifest starts so: kubectl and every API object open with apiVersion or kind.
const REPORT_OPENING = /^\s*\{\s*"schemaVersion"\s*:\s*"[^"]*"\s*,\s*(?:"tool"\s*:\s*\{\s*"name"\s*:\s*"rampart"|"findings"\s*:)/;

/**
 * Why a file met in a directory walk is one of Rampart's own and not read as a manifest, or
 * undefined. A baseline committed beside the manifests can be tens of megabytes (one entry per
 * finding): parsing it on every `rampart scan .` would double the time of the scan.
 */
export function rampartOwnFile(file: string, name: string): string | undefined {
  if (CONFIG_NAMES.has(name)) return "Rampart's configuration file";
  if (!name.toLowerCase().endsWith('.json')) return undefined;
  return REPORT_OPENING.test(opening(file)) ? 'a JSON report or baseline file written by Rampart' : undefined;
}

function opening(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(256);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    // Unreadable here: reading it as an input reports why.
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
