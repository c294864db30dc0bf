import { describe, expect, it } from 'vitest';
import { briefMessage, loadLoaderFixture, rulesFiredByCreate } from './helpers.js';

/**
 * `override: {exceptions: replace}` as Falco reads it: the new exceptions are read as a rule's own
 * (rule_loader_reader.cpp passes append=false, so fields are required) and selective_replace
 * stores them unvalidated (comps are not defaulted).
 */
describe('replaced exceptions', () => {
  it('need fields, get no default comps, and replace the exceptions before them', () => {
    const loaded = loadLoaderFixture('exception-replace.yaml');
    expect(loaded.messages.filter((m) => m.severity === 'error').map(briefMessage)).toEqual([
      { severity: 'error', code: 'LOAD_ERR_YAML_VALIDATE', item: 'system namespaces', message: "Item has no mapping for key 'fields'" },
      {
        severity: 'error',
        code: 'LOAD_ERR_COMPILE_CONDITION',
        item: 'Replaced without comps',
        message: expect.stringMatching(/^expected a valid check operator: one of 'exists', /),
      },
    ]);
    expect(loaded.messages.some((m) => m.code === 'LOAD_APPEND_NO_VALUES')).toBe(false);
    // The replacement drops the 'admins' exception and brings its own.
    expect(rulesFiredByCreate(loaded, 'alice', 'default')).toEqual(['Create in namespace']);
    // The replace item without fields was refused: its rule keeps no exception.
    expect(rulesFiredByCreate(loaded, 'bob', 'kube-system')).toEqual(['Replaced without fields']);
  });
});
