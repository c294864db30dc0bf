import { describe, expect, it } from 'vitest';
import { ALL_PRIVILEGED, type NamespacePolicy, compareLevels, formatLevelVersion, parseVersion, policyToEvaluate } from './levels.js';

const L = 'pod-security.kubernetes.io/';
const defaults: NamespacePolicy = { enforce: { level: 'baseline', version: 'latest' }, audit: { level: 'restricted', version: 'latest' }, warn: { level: 'privileged', version: 'latest' } };

describe('namespace labels → policy (PolicyToEvaluate)', () => {
  it('uses the defaults when no label is set', () => {
    expect(policyToEvaluate({}, defaults)).toEqual({ policy: defaults, errors: [] });
  });

  it('reads level and version labels for each mode', () => {
    const { policy, errors } = policyToEvaluate({ [`${L}enforce`]: 'restricted', [`${L}enforce-version`]: 'v1.25', [`${L}audit`]: 'baseline', [`${L}warn`]: 'restricted', [`${L}warn-version`]: 'v1.30' }, ALL_PRIVILEGED);
    expect(errors).toEqual([]);
    expect(policy).toEqual({ enforce: { level: 'restricted', version: 25 }, audit: { level: 'baseline', version: 'latest' }, warn: { level: 'restricted', version: 30 } });
  });

  it('raises warn to the enforce level and version when warn is not set', () => {
    const { policy } = policyToEvaluate({ [`${L}enforce`]: 'restricted', [`${L}enforce-version`]: 'v1.29' }, ALL_PRIVILEGED);
    expect(policy.warn).toEqual({ level: 'restricted', version: 29 });
  });

  it('keeps an explicit warn version when raising the warn level', () => {
    const { policy } = policyToEvaluate({ [`${L}enforce`]: 'baseline', [`${L}warn-version`]: 'v1.20' }, ALL_PRIVILEGED);
    expect(policy.warn).toEqual({ level: 'baseline', version: 20 });
  });

  it('never lowers warn below a stricter default', () => {
    const { policy } = policyToEvaluate({ [`${L}enforce`]: 'baseline' }, { ...ALL_PRIVILEGED, warn: { level: 'restricted', version: 'latest' } });
    expect(policy.warn.level).toBe('restricted');
  });

  it('fails closed on an invalid enforce level (restricted) and open on invalid audit and warn levels', () => {
    const { policy, errors } = policyToEvaluate({ [`${L}enforce`]: 'strict', [`${L}audit`]: 'loud', [`${L}warn`]: 'maybe' }, ALL_PRIVILEGED);
    expect(policy.enforce.level).toBe('restricted');
    expect(policy.audit.level).toBe('privileged');
    expect(policy.warn.level).toBe('privileged');
    expect(errors.map((e) => e.field)).toEqual([`metadata.labels[${L}enforce]`, `metadata.labels[${L}audit]`, `metadata.labels[${L}warn]`]);
    expect(errors[0]).toEqual({ field: `metadata.labels[${L}enforce]`, value: 'strict', detail: 'must be one of privileged, baseline, restricted' });
  });

  it('does not raise warn from an invalid enforce level', () => {
    expect(policyToEvaluate({ [`${L}enforce`]: 'strict' }, ALL_PRIVILEGED).policy.warn.level).toBe('privileged');
  });

  it('reads an invalid version as latest and reports it', () => {
    const { policy, errors } = policyToEvaluate({ [`${L}enforce`]: 'baseline', [`${L}enforce-version`]: '1.25' }, ALL_PRIVILEGED);
    expect(policy.enforce.version).toBe('latest');
    expect(errors[0]?.detail).toBe('must be "latest" or "v1.x"');
  });
});

describe('versions and levels', () => {
  it.each([
    ['latest', 'latest'],
    ['v1.0', 0],
    ['v1.37', 37],
    ['v1.99', 99],
    ['v1.01', undefined],
    ['v2.1', undefined],
    ['1.25', undefined],
    ['', undefined],
  ])('parses %j as %j', (text, version) => {
    expect(parseVersion(text)).toBe(version);
  });

  it('prints level:version as PSA does', () => {
    expect(formatLevelVersion({ level: 'restricted', version: 'latest' })).toBe('restricted:latest');
    expect(formatLevelVersion({ level: 'baseline', version: 25 })).toBe('baseline:v1.25');
  });

  it('orders levels privileged < baseline < restricted', () => {
    expect(compareLevels('privileged', 'baseline')).toBe(-1);
    expect(compareLevels('restricted', 'baseline')).toBe(1);
    expect(compareLevels('baseline', 'baseline')).toBe(0);
  });
});
