import { closeSync, openSync, readSync } from 'node:fs';

const CONFIG_NAMES = new Set(['.rampart.yaml', '.rampart.yml']);

/*
 * The openings of the JSON files Rampart writes, and what each is. No manifest starts so: kubectl
 * and every API object open with apiVersion or kind, and a list of them is no issue or SARIF log.
 */
const OWN_OPENINGS: readonly (readonly [RegExp, string])[] = [
  // A JSON report or baseline: `{"schemaVersion": "…",` then its tool or its findings.
  [/^\s*\{\s*"schemaVersion"\s*:\s*"[^"]*"\s*,\s*(?:"tool"\s*:\s*\{\s*"name"\s*:\s*"rampart"|"findings"\s*:)/, 'a JSON report or baseline file written by Rampart'],
  // A SARIF log whose first run is Rampart's (`--format sarif`): another tool's names that tool.
  [
    /^\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*"\s*,\s*"version"\s*:\s*"2\.1\.0"\s*,\s*"runs"\s*:\s*\[\s*\{\s*"tool"\s*:\s*\{\s*"driver"\s*:\s*\{\s*"name"\s*:\s*"Rampart"/,
    'a SARIF report written by Rampart',
  ],
  // A GitLab Code Quality report (`--format gitlab`), as Rampart lays it out: one issue a line, its
  // fields in Rampart's order; or the empty one, `[]`.
  [/^\[(?:\]\n$|\n {2}\{"type":"issue","check_name":"(?:[^"\\]|\\.)*","description":")/, 'a GitLab Code Quality report written by Rampart'],
];

/**
 * Why a file met in a directory walk is one of Rampart's own and not read as a manifest, or
 * undefined. A baseline committed beside the manifests can be tens of megabytes (one entry per
 * finding): parsing it on every `rampart scan .` would double the time of the scan. A report
 * written into the directory scanned is left out too, so that running the same scan again may
 * replace it (it is no file being scanned).
 */
export function rampartOwnFile(file: string, name: string): string | undefined {
  if (CONFIG_NAMES.has(name)) return "Rampart's configuration file";
  if (!name.toLowerCase().endsWith('.json')) return undefined;
  const start = opening(file);
  return OWN_OPENINGS.find(([pattern]) => pattern.test(start))?.[1];
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
