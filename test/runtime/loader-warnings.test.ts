import { describe, expect, it } from 'vitest';
import { briefMessage, loadLoaderFixture, rulesFiredByCreate } from './helpers.js';

/** What Falco's reader (rule_loader_reader.cpp) reports as warnings, not errors. */
describe('load warnings', () => {
  it('for repeated exception names, odd list and macro names and a standalone enabled', () => {
    const loaded = loadLoaderFixture('deprecations-and-names.yaml');
    expect(loaded.messages.map(briefMessage)).toEqual([
      { severity: 'warning', code: 'LOAD_INVALID_LIST_NAME', item: 'binaries with spaces', message: `List has an invalid name. List names should match a regular expression: ([^()"'[:space:]=,]+)` },
      { severity: 'warning', code: 'LOAD_INVALID_MACRO_NAME', item: 'is-create', message: 'Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)' },
      { severity: 'warning', code: 'LOAD_EXCEPTION_NAME_NOT_UNIQUE', item: 'known', message: "Multiple definitions of exception 'known' in the same rule" },
      {
        severity: 'warning',
        code: 'LOAD_DEPRECATED_ITEM',
        item: 'Create',
        message: "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').",
      },
      { severity: 'warning', code: 'LOAD_UNUSED_MACRO', item: 'is-create', message: 'Macro not referred to by any other rule/macro' },
      { severity: 'warning', code: 'LOAD_UNUSED_LIST', item: 'binaries with spaces', message: 'List not referred to by any other rule/macro' },
    ]);
    // Both exceptions named 'known' are kept, and the rule is enabled again.
    expect(rulesFiredByCreate(loaded, 'alice', 'default')).toEqual([]);
    expect(rulesFiredByCreate(loaded, 'bob', 'kube-system')).toEqual([]);
    expect(rulesFiredByCreate(loaded, 'bob', 'default')).toEqual(['Create']);
  });
});
