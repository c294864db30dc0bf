import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/inputs/load.js';

const FIXTURES = 'test/inputs/fixtures';

describe('Lists', () => {
  it('expands Lists inside Lists, as kubectl does; every item keeps its own location', () => {
    const loaded = loadFiles([`${FIXTURES}/nested-lists.yaml`]);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.objects.map((o) => `${o.apiVersion} ${o.kind} ${o.name}`)).toEqual(['v1 Pod nested', 'v1 Service between', 'v1 Pod deepest']);
    const [nested, , deepest] = loaded.objects;
    expect(nested?.locate(['spec', 'hostNetwork'])).toEqual({ line: 12, column: 7 });
    expect(deepest?.locate(['spec', 'hostNetwork'])).toEqual({ line: 27, column: 9 });
  });

  it('skips a List inside 8 other Lists, naming where it is', () => {
    const loaded = loadFiles([`${FIXTURES}/lists-too-deep.json`]);
    expect(loaded.objects).toEqual([]);
    expect(loaded.skipped).toEqual([
      { file: `${FIXTURES}/lists-too-deep.json`, line: 33, documentIndex: 0, reason: 'a List inside 8 other Lists (its items are not read)' },
    ]);
  });

  it('says what an item that is not a mapping is instead', () => {
    const loaded = loadFiles([`${FIXTURES}/list-of-non-objects.yaml`]);
    expect(loaded.objects).toEqual([]);
    expect(loaded.skipped.map((s) => `${s.line}: ${s.reason}`)).toEqual([
      '5: not a Kubernetes object (null, not a mapping)',
      '6: not a Kubernetes object (null, not a mapping)',
      '7: not a Kubernetes object (a list, not a mapping)',
      '8: not a Kubernetes object (a number, not a mapping)',
      '9: not a Kubernetes object (a string, not a mapping)',
      '10: not a Kubernetes object (a boolean, not a mapping)',
    ]);
  });
});
