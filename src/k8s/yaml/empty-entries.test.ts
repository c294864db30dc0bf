import { describe, expect, it } from 'vitest';
import { withEmptyEntriesMarked } from './empty-entries.js';
import { loadAllGoYaml, loadGoYaml } from './kubernetes-schema.js';
import { parseManifests } from './parse.js';

const read = (text: string) => parseManifests(text, 'x.yaml').documents[0]?.value;

// Expected values as sigs.k8s.io/yaml (go-yaml v2) reads each text.
describe('empty sequence entries', () => {
  it('end the inner sequence before an entry of an outer one, as go-yaml reads them', () => {
    expect(read('- k:\n  -\n- b\n')).toEqual([{ k: [null] }, 'b']);
    expect(read('- - -  # c\n- b\n')).toEqual([[[null]], 'b']);
  });

  it('are written as a null only where the dash is a token: not in a block scalar or a plain scalar', () => {
    for (const text of ['- text: |\n    -\n- name: b\n', '- a\n  -\n- b\n', 'k:\n- -\n  - x\n']) expect(withEmptyEntriesMarked(text)).toBe(text);
    expect(read('- text: |\n    -\n- name: b\n')).toEqual([{ text: '-\n' }, { name: 'b' }]);
    expect(read('- a\n  -\n- b\n')).toEqual(['a -', 'b']);
  });

  it('read the same in Rampart\'s own YAML files (configuration, admission, namespaces)', () => {
    expect(loadGoYaml('exemptions:\n- names:\n  -\n- rules: [x]\n')).toEqual({ exemptions: [{ names: [null] }, { rules: ['x'] }] });
    expect(loadAllGoYaml('a: 1\n---\n- - \n- b\n')).toEqual([{ a: 1 }, [[null], 'b']]);
  });

  it('grow only the line of the dash', () => {
    expect(withEmptyEntriesMarked('a:\n- x:\n  -   # c\n- y\n')).toBe("a:\n- x:\n  - !!null ''   # c\n- y\n");
  });
});
