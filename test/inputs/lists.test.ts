import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/load.js';

const FIXTURES = 'test/inputs/fixtures';

describe('Lists', () => {
  it('expands Lists inside Lists, as kubectl does; every item keeps its own location', () => {
    const loaded = loadInputs([`${FIXTURES}/nested-lists.yaml`]);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.objects.map((o) => `${o.apiVersion} ${o.kind} ${o.name}`)).toEqual(['v1 Pod nested', 'v1 Service between', 'v1 Pod deepest']);
    const [nested, , deepest] = loaded.objects;
    expect(nested?.locate(['spec', 'hostNetwork'])).toEqual({ line: 12, column: 7 });
    expect(deepest?.locate(['spec', 'hostNetwork'])).toEqual({ line: 27, column: 9 });
  });

  it('skips a List inside 8 other Lists, naming where it is', () => {
    const loaded = loadInputs([`${FIXTURES}/lists-too-deep.json`]);
    expect(loaded.objects).toEqual([]);
    expect(loaded.skipped).toEqual([
      { file: `${FIXTURES}/lists-too-deep.json`, line: 33, documentIndex: 0, reason: 'a List inside 8 other Lists (its items are not read)' },
    ]);
  });
});
