import { describe, expect, it } from 'vitest';
import { alertsOf } from './helpers.js';

// Checks written the same way in several rules are evaluated once per event and shared: each rule
// must still see this event's result, never another event's or another check's.
const rules = `
- list: shells
  items: [bash, sh]
- list: editors
  items: [vi, nano]
- rule: shell
  desc: d
  condition: evt.type = execve and proc.name in (shells)
  output: shell %proc.name
  priority: INFO
- rule: not shell
  desc: d
  condition: evt.type = execve and not proc.name in (shells)
  output: other %proc.name
  priority: INFO
- rule: editor
  desc: d
  condition: evt.type = execve and proc.name in (editors)
  output: editor %proc.name
  priority: INFO
`;

describe('checks shared between rules', () => {
  it('give every rule the result for the event at hand', () => {
    const events = ['bash', 'vi', 'sh', 'cat', 'nano'].map((name) => ({ 'evt.type': 'execve', 'proc.name': name }));
    const alerts = alertsOf(rules, 'syscall', events, { ruleMatching: 'all' });
    expect(alerts.map((a) => a.output.replace(/^\S+ /, ''))).toEqual([
      'Informational shell bash',
      'Informational other vi',
      'Informational editor vi',
      'Informational shell sh',
      'Informational other cat',
      'Informational other nano',
      'Informational editor nano',
    ]);
  });
});
