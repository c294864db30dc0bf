import { describe, expect, it } from 'vitest';
import { briefMessage, loadLoaderFixture } from './helpers.js';

/** Rule outputs as libsinsp's sinsp_evt_formatter::set_format reads them (eventformatter.cpp). */
describe('rule output formats', () => {
  it("read every '%' as a field, with an optional width", () => {
    const loaded = loadLoaderFixture('output-percent.yaml');
    expect(loaded.messages.map(briefMessage)).toEqual([
      { severity: 'error', code: 'LOAD_ERR_COMPILE_OUTPUT', item: 'Percent inside', message: 'invalid formatting token  for %ka.user.name' },
      { severity: 'error', code: 'LOAD_ERR_COMPILE_OUTPUT', item: 'Percent at the end', message: 'invalid formatting syntax: formatting cannot end with a %' },
      { severity: 'error', code: 'LOAD_ERR_COMPILE_OUTPUT', item: 'Width at the end', message: 'invalid formatting syntax: formatting cannot end with a number' },
    ]);
    const event = { kind: 'Event', auditID: '1', verb: 'create', user: { username: 'bob' }, objectRef: { resource: 'configmaps', namespace: 'default', name: 'c' }, stageTimestamp: '2024-01-01T00:00:00Z' };
    const [alert] = loaded.engine.process('k8s_audit', event, 1n);
    // The width cuts or pads the printed value; output_fields keep the whole value.
    expect(alert?.output).toMatch(/ Informational \[create {4}\] \[con\] bob$/);
    expect(alert?.outputFields).toMatchObject({ 'ka.verb': 'create', 'ka.target.resource': 'configmaps' });
  });
});
