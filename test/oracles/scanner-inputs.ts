import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * What the oracles that run another scanner share: the files both scan, and each of the
 * scanner's check ids with the Rampart rules of the concepts it checks (test/coverage/*.json).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Row {
  readonly concept: string;
  readonly tools?: Readonly<Record<string, string>>;
  readonly alsoTools?: Readonly<Record<string, string>>;
  readonly rules?: readonly string[];
}

/** Each of `tool`'s check ids (those `idForm` accepts) to all the rules of the concepts it checks (not only those its exemptions silence). */
export function mappedRules(tool: string, idForm: RegExp): Map<string, Set<string>> {
  const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, 'test/coverage', file), 'utf8')) as { rows: Row[] };
  const reference = new Map(read('check-concepts.json').rows.map((r) => [r.concept, r]));
  const out = new Map<string, Set<string>>();
  for (const row of read('rampart-rules.json').rows) {
    if ((row.rules ?? []).length === 0) continue;
    const cell = [(reference.get(row.concept)?.tools ?? row.tools ?? {})[tool], row.alsoTools?.[tool]].filter(Boolean).join(', ');
    for (const part of cell.split(/,(?![^(]*\))/)) {
      for (const id of idsOfPart(part.trim().replace(/\s*\(.*\)$/, ''))) {
        if (!idForm.test(id)) continue;
        const rules = out.get(id) ?? new Set<string>();
        for (const rule of row.rules ?? []) rules.add(rule);
        out.set(id, rules);
      }
    }
  }
  return out;
}

/** The ids a coverage cell part names: one, or several written with their shared prefix once (`CKV_K8S_152/153/154`). */
export function idsOfPart(part: string): string[] {
  const list = /^([A-Z][A-Z0-9_]*?[-_])(\d+(?:\/\d+)+)$/.exec(part);
  return list ? (list[2] ?? '').split('/').map((n) => `${list[1]}${n}`) : [part];
}

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(rel, keep, out);
    else if (keep(entry.name)) out.push(rel);
  }
  return out;
}

/** The files both scan, relative to the repository: the real-world and insecure corpora and every rule fixture. */
export function scannerInputFiles(): string[] {
  const yaml = (name: string) => /\.ya?ml$/.test(name);
  return [
    ...walk('test/corpus/real-world', yaml),
    ...walk('test/corpus/insecure', yaml),
    ...walk('src/checks', (name) => name === 'fires.yaml' || name === 'dont-fire.yaml'),
  ];
}
