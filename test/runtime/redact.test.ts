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
