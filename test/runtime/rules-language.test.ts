import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/runtime/engine.js';
import { formatLoadMessage } from '../../src/runtime/rules/load-result.js';
import { alertsOf } from './helpers.js';

const EVENT = { 'evt.type': 'open', 'proc.name': 'cat', 'fd.name': '/etc/shadow', 'user.name': 'root' };
const rule = (name: string, condition: string, extra = '') => `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: "%proc.name"\n  priority: WARNING\n${extra}`;
const names = (content: string, options = {}) => alertsOf(content, 'syscall', [EVENT], options).map((a) => a.rule);

describe('Falco rules files', () => {
  it('runs rules in definition order; first match wins unless rule matching is "all"', () => {
    const content = `${rule('a', 'evt.type=open')}${rule('b', 'proc.name=cat')}`;
    expect(names(content)).toEqual(['a']);
    expect(names(content, { ruleMatching: 'all' })).toEqual(['a', 'b']);
  });

  it('keeps a redefined rule at its original position', () => {
    const content = `${rule('a', 'evt.type=open')}${rule('b', 'proc.name=cat')}${rule('a', 'proc.name=dog')}`;
    expect(names(content, { ruleMatching: 'all' })).toEqual(['b']);
    expect(names(`${rule('a', 'proc.name=dog')}${rule('b', 'proc.name=cat')}${rule('a', 'proc.name=cat')}`, { ruleMatching: 'all' })).toEqual(['a', 'b']);
  });

  it('applies override append/replace and the deprecated append: true', () => {
    const base = `- list: bins\n  items: [dog]\n- macro: m\n  condition: proc.name in (bins)\n${rule('r', 'evt.type=open and m')}`;
    expect(names(base)).toEqual([]);
    expect(names(`${base}- list: bins\n  items: [cat]\n  override:\n    items: append\n`)).toEqual(['r']);
    expect(names(`${base}- list: bins\n  items: [cat]\n  append: true\n`)).toEqual(['r']);
    expect(names(`${base}- macro: m\n  condition: or proc.name=cat\n  override:\n    condition: append\n`)).toEqual(['r']);
    expect(names(`${base}- rule: r\n  condition: or proc.name=cat\n  override:\n    condition: append\n`)).toEqual(['r']);
    expect(names(`${base}- rule: r\n  condition: proc.name=cat\n  override:\n    condition: replace\n`)).toEqual(['r']);
    expect(names(`${base}- rule: r\n  enabled: false\n  condition: proc.name=cat\n  override:\n    condition: replace\n    enabled: replace\n`)).toEqual([]);
  });

  it('builds exceptions into the condition', () => {
    const ex = `  exceptions:\n    - name: known\n      fields: [proc.name, fd.name]\n      comps: [=, startswith]\n      values:\n        - [cat, /etc/]\n`;
    expect(names(rule('r', 'evt.type=open', ex))).toEqual([]);
    const ex2 = `  exceptions:\n    - name: known\n      fields: proc.name\n      values: [dog]\n`;
    expect(names(rule('r', 'evt.type=open', ex2))).toEqual(['r']);
    const appended = `${rule('r', 'evt.type=open', ex2)}- rule: r\n  exceptions:\n    - name: known\n      values: [cat]\n  override:\n    exceptions: append\n`;
    expect(names(appended)).toEqual([]);
  });

  it('evaluates only rules of the event source', () => {
    const content = `${rule('sys', 'proc.name=cat')}- rule: k8s\n  desc: d\n  condition: ka.verb=create\n  output: x\n  priority: INFO\n  source: k8s_audit\n`;
    expect(names(content)).toEqual(['sys']);
    expect(alertsOf(content, 'k8s_audit', [{ auditID: '1', verb: 'create' }]).map((a) => a.rule)).toEqual(['k8s']);
  });

  it('reports a bad rule with code and file:line and still runs the others', () => {
    const content = `${rule('good', 'proc.name=cat')}${rule('bad', 'proc.name=cat and')}- rule: unknown-source\n  desc: d\n  condition: x.y=1\n  output: x\n  priority: INFO\n  source: aws_cloudtrail\n`;
    const loaded = loadRules([{ name: 'r.yaml', content }]);
    const lines = loaded.messages.map(formatLoadMessage);
    expect(lines).toContain("r.yaml:8:31: error LOAD_ERR_COMPILE_CONDITION: expected blank or '(' after 'and' (rule 'bad')");
    expect(lines).toContain('r.yaml:11:3: warning LOAD_UNKNOWN_SOURCE: Unknown source aws_cloudtrail, skipping (rule \'unknown-source\')');
    expect(loaded.engine.enabledRules().map((r) => r.name)).toEqual(['good']);
  });

  it('accepts all eight priorities, case-insensitively, and "info"', () => {
    for (const p of ['EMERGENCY', 'alert', 'Critical', 'error', 'warning', 'NOTICE', 'info', 'informational', 'debug']) {
      const content = `- rule: r\n  desc: d\n  condition: proc.name=cat\n  output: x\n  priority: ${p}\n`;
      expect(loadRules([{ name: 'r.yaml', content }]).errors, p).toBe(0);
    }
    expect(loadRules([{ name: 'r.yaml', content: '- rule: r\n  desc: d\n  condition: proc.name=cat\n  output: x\n  priority: loud\n' }]).messages[0]?.message).toBe('Invalid priority');
  });

  it('satisfies the plugin requirements of the official k8s audit rules', () => {
    const content = '- required_engine_version: 15\n- required_plugin_versions:\n  - name: k8saudit\n    version: 0.18.0\n  - name: json\n    version: 0.7.0\n- required_plugin_versions:\n  - name: cloudtrail\n    version: 0.1.0\n';
    const loaded = loadRules([{ name: 'r.yaml', content }]);
    expect(loaded.messages.map((m) => m.message)).toEqual(["Plugin 'cloudtrail' is required by this rules file but is not available (built in: k8saudit, json, container)"]);
  });
});
