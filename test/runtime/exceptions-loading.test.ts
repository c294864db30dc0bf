import { describe, expect, it } from 'vitest';
import { briefMessage, loadLoaderFixture } from './helpers.js';

/**
 * Exceptions as Falco's loader reads and builds them (falco userspace/engine:
 * rule_loader_reader.cpp read_rule_exceptions, rule_loader_collector.cpp selective_replace,
 * rule_loader_compiler.cpp build_rule_exception_infos).
 */
describe('rule exceptions, as Falco loads them', () => {
  it('refuses a bare value where an exception with a list of fields needs a tuple', () => {
    const loaded = loadLoaderFixture('exception-tuple-scalar-values.yaml');
    expect(loaded.messages.map(briefMessage)).toEqual([
      { severity: 'error', code: 'LOAD_ERR_VALIDATE', item: 'known users', message: 'Fields and values lists must have equal length' },
    ]);
    expect(loaded.engine.enabledRules()).toEqual([]);
  });
});
