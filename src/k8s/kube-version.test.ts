import { describe, expect, it } from 'vitest';
import { kubeMinorVersion } from './kube-version.js';

describe('kubeMinorVersion', () => {
  it('reads the minor version of 1.x versions, with or without v and patch', () => {
    expect(kubeMinorVersion('1.28')).toBe(28);
    expect(kubeMinorVersion('v1.31.4')).toBe(31);
    expect(kubeMinorVersion(' 1.9 ')).toBe(9);
    expect(kubeMinorVersion('v1.30.2-eks-1552ad0')).toBe(30);
  });

  it('is undefined for unset or unrecognized versions', () => {
    expect(kubeMinorVersion(undefined)).toBeUndefined();
    expect(kubeMinorVersion('')).toBeUndefined();
    expect(kubeMinorVersion('2.0')).toBeUndefined();
    expect(kubeMinorVersion('latest')).toBeUndefined();
    expect(kubeMinorVersion('1.x')).toBeUndefined();
  });
});
