import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactAuditEvent } from '../../src/runtime/redact.js';
import { alertsOf } from './helpers.js';

const FALCO = path.resolve(import.meta.dirname, '../conformance/falco');

describe('secret redaction in outputs', () => {
  const secretEvent = {
    kind: 'Event',
    auditID: 'x',
    verb: 'create',
    objectRef: { resource: 'secrets', namespace: 'default', name: 's' },
    requestObject: { kind: 'Secret', data: { password: 'aHVudGVyMg==' }, stringData: { token: 'abc' }, metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}' } } },
  };

  it('replaces Secret data, stringData and last-applied-configuration', () => {
    expect(redactAuditEvent(secretEvent)).toMatchObject({
      requestObject: { data: { password: REDACTED }, stringData: { token: REDACTED }, metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': REDACTED } } },
    });
    expect(secretEvent.requestObject.data.password).toBe('aHVudGVyMg==');
  });

  it('matches on the original event but prints the redacted one, unless told not to', () => {
    const rule = "- rule: r\n  desc: d\n  condition: ka.req.configmap.obj contains aHVudGVyMg\n  output: 'obj=%jevt.value[/requestObject/data]'\n  priority: INFO\n  source: k8s_audit\n";
    const [redacted] = alertsOf(rule, 'k8s_audit', [secretEvent]);
    expect(redacted?.output).toContain('"password":"<redacted>"');
    expect(redacted?.output).not.toContain('aHVudGVyMg');
    const [plain] = alertsOf(rule, 'k8s_audit', [secretEvent], { redact: false });
    expect(plain?.output).toContain('aHVudGVyMg');
  });

  it('redacts the values a JSON patch (kubectl patch --type=json) writes into Secret data, and only those', () => {
    const patch = (resource: string, ops: unknown[]) => ({ kind: 'Event', auditID: 'p', verb: 'patch', objectRef: { resource, namespace: 'default', name: 's' }, requestObject: ops });
    const secretOps = [
      { op: 'replace', path: '/data/password', value: 'SlNPTlBBVENIU0VDUkVU' },
      { op: 'add', path: '/stringData', value: { token: 'abc', user: 'me' } },
      { op: 'test', path: '/data/token', value: 'dG9rZW4=' },
      { op: 'add', path: '', value: { kind: 'Secret', data: { key: 'a2V5' }, type: 'Opaque' } },
      { op: 'add', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration', value: '{"data":{"key":"a2V5"}}' },
      { op: 'replace', path: '/type', value: 'Opaque' },
      { op: 'add', path: '/metadata/labels/app', value: 'web' },
      { op: 'remove', path: '/data/old' },
      { op: 'copy', from: '/data/a', path: '/data/b' },
    ];
    expect(redactAuditEvent(patch('secrets', secretOps))).toEqual({
      ...patch('secrets', secretOps),
      requestObject: [
        { op: 'replace', path: '/data/password', value: REDACTED },
        { op: 'add', path: '/stringData', value: { token: REDACTED, user: REDACTED } },
        { op: 'test', path: '/data/token', value: REDACTED },
        { op: 'add', path: '', value: { kind: 'Secret', data: { key: REDACTED }, type: 'Opaque' } },
        { op: 'add', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration', value: REDACTED },
        { op: 'replace', path: '/type', value: 'Opaque' },
        { op: 'add', path: '/metadata/labels/app', value: 'web' },
        { op: 'remove', path: '/data/old' },
        { op: 'copy', from: '/data/a', path: '/data/b' },
      ],
    });
    // A ConfigMap's entries are redacted when their key or value looks like a credential.
    const configOps = [
      { op: 'add', path: '/data/db-password', value: 'hunter2' },
      { op: 'add', path: '/data/mode', value: 'fast' },
    ];
    expect(redactAuditEvent(patch('configmaps', configOps))).toMatchObject({ requestObject: [{ value: REDACTED }, { value: 'fast' }] });
    // Nothing to redact: the event itself.
    const harmless = patch('deployments', [{ op: 'replace', path: '/spec/replicas', value: 3 }]);
    expect(redactAuditEvent(harmless)).toBe(harmless);
  });

  it('prints a Secret JSON patch redacted in rule outputs', () => {
    const rule = "- rule: r\n  desc: d\n  condition: ka.target.resource=secrets\n  output: 'req=%json.value[/requestObject] leaf=%json.value[/requestObject/0/value]'\n  priority: INFO\n  source: k8s_audit\n";
    const event = { kind: 'Event', auditID: 'p', verb: 'patch', objectRef: { resource: 'secrets', namespace: 'default', name: 'db' }, requestObject: [{ op: 'replace', path: '/data/password', value: 'SlNPTlBBVENIU0VDUkVU' }] };
    const [alert] = alertsOf(rule, 'k8s_audit', [event]);
    expect(alert?.output).toContain('<redacted>');
    expect(alert?.output).not.toContain('SlNPTlBBVENIU0VDUkVU');
  });

  it('redacts credentials in ConfigMaps that a rule prints', () => {
    const rules = readFileSync(path.join(FALCO, 'k8s_audit_rules.yaml'), 'utf8').replace('configmap=%ka.req.configmap.name)', 'configmap=%ka.req.configmap.name obj=%ka.req.configmap.obj)');
    const events = readFileSync(path.join(FALCO, 'k8saudit-tests/test/trace_files/k8s_audit/create_configmap_sensitive_values.json'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
    const alerts = alertsOf(rules, 'k8s_audit', events);
    expect(alerts.map((a) => a.rule)).toEqual(Array(6).fill('Create/Modify Configmap With Private Credentials'));
    for (const a of alerts) {
      expect(a.output).toContain(REDACTED);
      expect(a.output).not.toContain('MY-KEY');
    }
  });
});
