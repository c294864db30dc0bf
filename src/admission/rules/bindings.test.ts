import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { configSchema } from '../../config/schema.js';
import { compileBindings } from './bindings.js';

const config = (admission: unknown, rules: Record<string, unknown> = {}) => configSchema.parse({ admission, rules });

describe('admission bindings', () => {
  it('compiles bindings with namespace globs and label selectors', () => {
    const r = compileBindings(
      config({ bindings: [{ rules: ['host-network'], action: 'enforce', namespaces: ['team-*'], namespaceSelector: { matchLabels: { tier: 'prod' } } }] }),
      CHECKS,
      '2026-06-01',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [b] = r.value.bindings;
    expect(b?.name).toBe('bindings[0]');
    expect(b?.matches('team-a', { tier: 'prod' })).toBe(true);
    expect(b?.matches('team-a', { tier: 'dev' })).toBe(false);
    expect(b?.matches('ops', { tier: 'prod' })).toBe(false);
    expect(b?.matches('', {})).toBe(false);
    expect(r.value.policy.checks.map((c) => c.check.id)).toEqual(['host-network']);
  });

  it('applies everywhere, cluster-scoped objects included, without namespaces or selector', () => {
    const r = compileBindings(config({ bindings: [{ rules: ['rbac-wildcard'], action: 'warn' }] }), CHECKS, '2026-06-01');
    expect(r.ok && r.value.bindings[0]?.matches('', {})).toBe(true);
  });

  it('refuses unknown rules and rules that need other objects', () => {
    const cross = CHECKS.all().find((c) => !c.admission);
    expect(cross).toBeDefined();
    const r = compileBindings(config({ bindings: [{ name: 'strict', rules: ['no-such-rule', cross?.id ?? ''], action: 'enforce' }] }), CHECKS, '2026-06-01');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'admission.bindings[0] (strict): unknown rule "no-such-rule" (see `rampart rules`)',
      expect.stringMatching(new RegExp(`^admission.bindings\\[0\\] \\(strict\\): rule "${cross?.id}" cannot be bound for admission: it needs other objects`)),
    ]);
  });

  it('runs a bound rule even when rules: turns it off for scans, with its params', () => {
    const r = compileBindings(
      config({ bindings: [{ rules: ['untrusted-registry'], action: 'enforce' }] }, { 'untrusted-registry': { enabled: false, params: { allowed: ['registry.example.com/*'] } } }),
      CHECKS,
      '2026-06-01',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.policy.checks.map((c) => [c.check.id, c.params])).toEqual([['untrusted-registry', expect.objectContaining({ allowed: ['registry.example.com/*'] })]]);
  });

  it('runs nothing without bindings', () => {
    const r = compileBindings(config(undefined), CHECKS, '2026-06-01');
    expect(r.ok && r.value.policy.checks).toEqual([]);
  });

  it('rejects malformed bindings when the config loads', () => {
    expect(configSchema.safeParse({ admission: { bindings: [{ rules: ['host-network'], action: 'block' }] } }).success).toBe(false);
    expect(configSchema.safeParse({ admission: { bindings: [{ rules: [], action: 'warn' }] } }).success).toBe(false);
    expect(configSchema.safeParse({ admission: { bindings: [{ rules: ['a'], action: 'warn', namespaceSelector: { matchExpressions: [{ key: 'k', operator: 'In' }] } }] } }).success).toBe(false);
    expect(configSchema.safeParse({ admission: { podSecurity: { apiVersion: 'pod-security.admission.config.k8s.io/v1', kind: 'PodSecurityConfiguration', defaults: { enforce: 'strict' } } } }).success).toBe(false);
  });
});
