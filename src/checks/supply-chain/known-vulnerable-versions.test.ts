import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../k8s/image-ref.js';
import { type AffectedInterval, KNOWN_VULNERABILITIES, type KnownVulnerability, componentImageForm, isAffected, tagVersion } from './known-vulnerable-versions.js';

const entries: readonly KnownVulnerability[] = Object.values(KNOWN_VULNERABILITIES);

type Triple = readonly [number, number, number];

function triple(version: string): Triple {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return [major, minor, patch];
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The advisory's intervals read by plain numeric comparison, independently of semver ranges. */
function inIntervals(intervals: readonly AffectedInterval[], version: Triple): boolean {
  return intervals.some((i) => compare(triple(i.introduced), version) <= 0 && compare(version, triple(i.fixed)) < 0);
}

/** Versions near the entry's boundaries, where mistakes hide, and anywhere else. */
function versions(entry: KnownVulnerability): fc.Arbitrary<Triple> {
  const bounds = entry.affected.flatMap((i) => [triple(i.introduced), triple(i.fixed)]);
  const near = fc.tuple(fc.constantFrom(...bounds), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([[major, minor, patch], dPatch, which]): Triple => {
    if (which === 0) return [major, minor, Math.max(0, patch + dPatch)];
    if (which === 1) return [major, Math.max(0, minor + dPatch), patch];
    return [Math.max(0, major + dPatch), minor, patch];
  });
  const anywhere = fc.tuple(fc.nat(12), fc.nat(60), fc.nat(40));
  return fc.oneof(near, anywhere);
}

describe('known-vulnerable version ranges', () => {
  it.each(entries.map((e) => [e.cve, e] as const))('%s: the semver range holds exactly the advisory\'s intervals', (_cve, entry) => {
    fc.assert(
      fc.property(versions(entry), (version) => {
        expect(isAffected(entry, version.join('.'))).toBe(inIntervals(entry.affected, version));
      }),
      { numRuns: 400 },
    );
  });

  it.each(entries.map((e) => [e.cve, e] as const))('%s: each fixing release is unaffected and the release before it affected', (_cve, entry) => {
    for (const { introduced, fixed } of entry.affected) {
      expect(isAffected(entry, fixed), fixed).toBe(false);
      expect(isAffected(entry, introduced), introduced).toBe(true);
      const [major, minor, patch] = triple(fixed);
      if (patch > 0) expect(isAffected(entry, `${major}.${minor}.${patch - 1}`)).toBe(true);
    }
  });

  it('intervals are ordered and do not overlap', () => {
    for (const entry of entries) {
      for (const [i, interval] of entry.affected.entries()) {
        expect(compare(triple(interval.introduced), triple(interval.fixed)), `${entry.cve} ${interval.introduced}`).toBeLessThan(0);
        const next = entry.affected[i + 1];
        if (next) expect(compare(triple(interval.fixed), triple(next.introduced)), `${entry.cve} ${interval.fixed}`).toBeLessThanOrEqual(0);
      }
    }
  });
});

describe('versions read from image tags', () => {
  const form = (image: string, entry: KnownVulnerability) => {
    const parsed = parseImageRef(image);
    if (!parsed.ok) throw new Error(image);
    const found = componentImageForm(entry, parsed.ref);
    return found && tagVersion(found, parsed.ref.tag);
  };

  it.each([
    ['registry.k8s.io/ingress-nginx/controller:v1.11.4', 'CVE-2025-1974', '1.11.4'],
    ['bitnami/nginx-ingress-controller:1.11.4-debian-12-r0', 'CVE-2025-1974', '1.11.4'],
    ['rancher/nginx-ingress-controller:nginx-1.9.4-rancher1', 'CVE-2025-1974', '1.9.4'],
    ['registry.k8s.io/ingress-nginx/controller:controller-v1.9.3', 'CVE-2025-1974', undefined],
    ['registry.k8s.io/ingress-nginx/controller:v1.11', 'CVE-2025-1974', undefined],
    ['registry.k8s.io/ingress-nginx/controller@sha256:e6b8de175acda6ca913891f0f727bca4527e797d52688cbe9fec9040d6f6b6fa', 'CVE-2025-1974', undefined],
    ['quay.io/argoproj/argocd:v2.2.3', 'CVE-2022-24348', '2.2.3'],
    ['quay.io/argoproj/argocd:2.2.3', 'CVE-2022-24348', undefined],
    ['grafana/grafana:9.2.3-ubuntu', 'CVE-2022-39328', '9.2.3'],
    ['grafana/grafana:v9.2.3', 'CVE-2022-39328', undefined],
    ['ghcr.io/kyverno/kyverno:v1.8.4', 'CVE-2022-47633', '1.8.4'],
    ['mongo:7.0.12-windowsservercore-ltsc2022', 'CVE-2025-14847', '7.0.12'],
    ['mongo:latest', 'CVE-2025-14847', undefined],
    ['mongo:07.0.12', 'CVE-2025-14847', undefined],
  ] as const)('%s (%s) reads as %s', (image, id, expected) => {
    expect(form(image, KNOWN_VULNERABILITIES[id])).toBe(expected);
  });

  it('a suffix does not change the version a published tag names, and a floating tag names none', () => {
    const entry = KNOWN_VULNERABILITIES['CVE-2025-14847'];
    const suffix = fc.stringMatching(/^-[a-z0-9][a-z0-9.-]{0,20}$/);
    fc.assert(
      fc.property(fc.nat(99), fc.nat(99), fc.nat(99), suffix, (major, minor, patch, rest) => {
        const version = `${major}.${minor}.${patch}`;
        expect(form(`mongo:${version}${rest}`, entry)).toBe(version);
        expect(form(`mongo:${major}.${minor}${rest}`, entry)).toBeUndefined();
        expect(form(`mongo:${major}`, entry)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('images of other projects are not the component, whatever their tag', () => {
    const others = ['nginx/nginx-ingress', 'kong/kubernetes-ingress-controller', 'registry.k8s.io/ingress-nginx/kube-webhook-certgen', 'percona/percona-server-mongodb', 'mongo-express', 'grafana/grafana-image-renderer', 'ghcr.io/kyverno/kyvernopre', 'quay.io/argoproj/argocd-applicationset'];
    for (const entry of entries) {
      for (const image of others) {
        const parsed = parseImageRef(`${image}:1.0.0`);
        expect(parsed.ok && componentImageForm(entry, parsed.ref), `${entry.cve} ${image}`).toBeFalsy();
      }
    }
  });
});
