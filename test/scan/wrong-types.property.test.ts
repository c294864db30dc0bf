import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { DEFAULT_CONFIG } from '../../src/config/load.js';
import { resolvePolicy } from '../../src/config/resolve.js';
import { loadSources } from '../../src/inputs/load.js';
import { runChecks } from '../../src/scan/engine.js';

/*
 * Manifests written by hand hold fields of the wrong type (`securityContext: true`, `ports: [80]`,
 * `labels: [app]`): the API server would reject them, but a scanner reads them first. Every rule,
 * run over real objects with one to three fields replaced by a value of any other shape, must not
 * throw: the engine would turn that into a `check-failed` error (exit code 2) and lose the rule's
 * findings for the object.
 */
const ROOTS = [path.join(import.meta.dirname, '../corpus'), path.join(import.meta.dirname, '../../src/checks')];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

const OBJECTS: object[] = ROOTS.flatMap(yamlFiles).flatMap((file) => {
  try {
    return yaml.loadAll(readFileSync(file, 'utf8')).filter((d): d is object => typeof d === 'object' && d !== null && !Array.isArray(d));
  } catch {
    return [];
  }
});

const resolved = resolvePolicy(DEFAULT_CONFIG, CHECKS, { enableAll: true, today: '2026-06-01', enableWith: { 'pod-security-standard': { level: 'restricted' } } });
if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join('\n'));
const POLICY = resolved.value.policy;

type Key = string | number;

function fieldPaths(value: unknown, at: Key[], into: Key[][]): Key[][] {
  if (at.length > 0) into.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => fieldPaths(item, [...at, i], into));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) fieldPaths(item, [...at, key], into);
  return into;
}

function replaced(object: object, at: readonly Key[], value: unknown): void {
  let parent = object as Record<Key, unknown>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<Key, unknown>;
  parent[at[at.length - 1]!] = value;
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 65536, true, '', 'x', '0', 'ALL', '*', '-1', [], [null], [1], ['a'], [{}], [[]], {}, { a: 1 }, { '': null }];
const oddValue = fc.oneof(fc.constantFrom(...ODD_VALUES), fc.jsonValue({ maxDepth: 2 }));

/** A real object with up to three of its fields (found anywhere in it, by index) replaced. */
const mutatedObject = fc
  .record({ object: fc.nat({ max: OBJECTS.length - 1 }), edits: fc.array(fc.tuple(fc.nat(), oddValue), { minLength: 1, maxLength: 3 }) })
  .map(({ object, edits }) => {
    const copy = structuredClone(OBJECTS[object]!);
    for (const [pick, value] of edits) {
      const paths = fieldPaths(copy, [], []);
      if (paths.length > 0) replaced(copy, paths[pick % paths.length]!, structuredClone(value));
    }
    return copy;
  });

describe('rules on fields of the wrong type', () => {
  it('found objects to mutate', () => {
    expect(OBJECTS.length).toBeGreaterThan(1000);
  });

  it('never throw', () => {
    fc.assert(
      fc.property(fc.array(mutatedObject, { minLength: 1, maxLength: 12 }), (objects) => {
        const text = objects.map((o) => yaml.dump(o, { noRefs: true })).join('---\n');
        const inputs = loadSources([{ name: 'mutated.yaml', text }]);
        expect(inputs.documents).toBe(objects.length);
        const results = runChecks(inputs.objects, POLICY, () => undefined);
        expect(results.problems.map((p) => p.message)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
