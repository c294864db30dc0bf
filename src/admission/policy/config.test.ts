import { describe, expect, it } from 'vitest';
import { compilePodSecurityConfiguration, podSecurityConfigurationOf } from './config.js';

const base = { apiVersion: 'pod-security.admission.config.k8s.io/v1', kind: 'PodSecurityConfiguration' };

describe('PodSecurityConfiguration', () => {
  it('defaults every mode to privileged:latest', () => {
    const r = compilePodSecurityConfiguration(base);
    expect(r.ok && r.value.defaults).toEqual({ enforce: { level: 'privileged', version: 'latest' }, audit: { level: 'privileged', version: 'latest' }, warn: { level: 'privileged', version: 'latest' } });
  });

  it.each(['v1', 'v1beta1', 'v1alpha1'])('accepts %s', (version) => {
    const r = compilePodSecurityConfiguration({ ...base, apiVersion: `pod-security.admission.config.k8s.io/${version}`, defaults: { enforce: 'baseline', 'enforce-version': 'v1.30' }, exemptions: { namespaces: ['kube-system'], usernames: ['admin'], runtimeClasses: ['kata.containers'] } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.defaults.enforce).toEqual({ level: 'baseline', version: 30 });
    expect([...r.value.exemptions.namespaces]).toEqual(['kube-system']);
    expect(r.value.exemptions.runtimeClasses.has('kata.containers')).toBe(true);
  });

  it('reports invalid levels, versions, names and duplicates as upstream validation does', () => {
    const r = compilePodSecurityConfiguration({
      ...base,
      defaults: { enforce: 'strict', 'warn-version': '1.2' },
      exemptions: { namespaces: ['Kube_System', 'a', 'a'], usernames: [''], runtimeClasses: ['UPPER'] },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'defaults.enforce: Invalid value: "strict": must be one of privileged, baseline, restricted',
      'defaults.warn-version: Invalid value: "1.2": must be "latest" or "v1.x"',
      expect.stringMatching(/^exemptions.namespaces\[0\]: Invalid value: "Kube_System": a lowercase RFC 1123 label/),
      'exemptions.namespaces[2]: Duplicate value: "a"',
      expect.stringMatching(/^exemptions.runtimeClasses\[0\]: Invalid value: "UPPER"/),
      'exemptions.usernames[0]: Invalid value: "": username must not be empty',
    ]);
  });

  it('refuses unknown fields and other kinds, as the strict upstream decoder does', () => {
    const unknown = compilePodSecurityConfiguration({ ...base, defaults: { enforce: 'baseline', enforceVersion: 'latest' } });
    expect(unknown.ok).toBe(false);
    const kind = compilePodSecurityConfiguration({ ...base, kind: 'AdmissionConfiguration' });
    expect(!kind.ok && kind.errors[0]).toMatch(/kind must be PodSecurityConfiguration/);
  });

  it('finds the PodSecurity plugin configuration inside an AdmissionConfiguration', () => {
    const inner = { ...base, defaults: { enforce: 'restricted' } };
    const doc = { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration', plugins: [{ name: 'Other', configuration: {} }, { name: 'PodSecurity', configuration: inner }] };
    expect(podSecurityConfigurationOf(doc)).toBe(inner);
  });
});
