/*
 * NetworkPolicy CIDRs under Kubernetes' strict CIDR validation (StrictIPCIDRValidation, beta and on
 * by default from 1.36): the table was produced by apimachinery v0.37.2's
 * validation.IsValidCIDRForLegacyField with strictValidation true (every value is accepted with
 * false); the properties cover what the table cannot list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { ScanSettings } from '../../src/checks/api.js';
import networkPolicyInvalid from '../../src/checks/network/network-policy-invalid/index.js';
import podNotSelected from '../../src/checks/network/pod-not-selected-by-network-policy/index.js';
import { objectsOfDocument } from '../../src/inputs/objects.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { formatCidr, formatIp, parseCidr, strictCidrProblem } from '../../src/netpol/ip/address.js';
import { strictCidrValidation } from '../../src/netpol/policy/ip-block.js';
import { runChecks } from '../../src/scan/engine.js';

const APIMACHINERY: ReadonlyArray<[string, string | undefined]> = [
  ['10.0.0.0/8', undefined],
  ['10.0.0.1/8', 'must not have bits set beyond the prefix length'],
  ['010.1.0.0/16', 'must not have leading 0s in IP or prefix length'],
  ['10.1.0.0/016', 'must not have leading 0s in IP or prefix length'],
  ['10.1.0.0/0', 'must not have bits set beyond the prefix length'],
  ['0.0.0.0/0', undefined],
  ['::ffff:10.0.0.0/104', 'must not have an IPv4-mapped IPv6 address'],
  ['::ffff:a00:0/104', 'must not have an IPv4-mapped IPv6 address'],
  ['::ffff:0:0/96', 'must not have an IPv4-mapped IPv6 address'],
  ['::/0', undefined],
  ['::1.2.3.4/128', undefined],
  ['::ffff:01.2.3.4/128', 'must not have leading 0s in IP or prefix length'],
  ['2001:db8::1/32', 'must not have bits set beyond the prefix length'],
  ['2001:0db8::/32', undefined],
  ['FD00::/8', undefined],
  ['1.2.3.4/32', undefined],
  ['1.2.3.00/32', 'must not have leading 0s in IP or prefix length'],
  ['1.2.3.0/24', undefined],
  ['10.0.0.0/00', 'must not have leading 0s in IP or prefix length'],
  ['::ffff:10.0.0.1/104', 'must not have an IPv4-mapped IPv6 address'],
  ['0::ffff:10.0.0.0/104', 'must not have an IPv4-mapped IPv6 address'],
  ['::fffe:10.0.0.0/104', undefined],
];

describe('strictCidrProblem', () => {
  it.each(APIMACHINERY)('%s as apimachinery judges it', (text, message) => {
    expect(parseCidr(text)).toBeDefined();
    expect(strictCidrProblem(text)?.message).toBe(message);
  });

  const v4 = fc.tuple(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([address, prefix]) => {
    const hostMask = (1n << BigInt(32 - prefix)) - 1n;
    return { base: BigInt(address) & ~hostMask & 0xffffffffn, prefix };
  });

  it('accepts every canonical IPv4 CIDR', () => {
    fc.assert(fc.property(v4, ({ base, prefix }) => strictCidrProblem(`${formatIp(4, base)}/${prefix}`) === undefined));
  });

  it('rejects a leading zero in any octet or in the prefix length, which the lenient reading ignores', () => {
    fc.assert(
      fc.property(v4, fc.integer({ min: 0, max: 4 }), ({ base, prefix }, where) => {
        const octets = formatIp(4, base).split('.');
        const padded = where === 4 ? `${octets.join('.')}/0${prefix}` : `${octets.map((o, i) => (i === where && o.length < 3 ? `0${o}` : o)).join('.')}/${prefix}`;
        fc.pre(padded !== `${formatIp(4, base)}/${prefix}`);
        const lenient = parseCidr(padded);
        expect(lenient && formatCidr(lenient)).toBe(`${formatIp(4, base)}/${prefix}`);
        expect(strictCidrProblem(padded)?.reason).toBe('leading-zeros');
      }),
    );
  });

  it('rejects host bits, and the IPv4-mapped spelling of any IPv4 CIDR', () => {
    fc.assert(
      fc.property(v4, fc.nat({ max: 0xffffffff }), ({ base, prefix }, noise) => {
        const hostBits = BigInt(noise) & ((1n << BigInt(32 - prefix)) - 1n);
        expect(strictCidrProblem(`${formatIp(4, base | hostBits)}/${prefix}`)?.reason).toBe(hostBits === 0n ? undefined : 'host-bits');
        expect(strictCidrProblem(`::ffff:${formatIp(4, base)}/${prefix + 96}`)?.reason).toBe('ipv4-mapped');
      }),
    );
  });
});

function objects(text: string) {
  return parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
}

const CLUSTER = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.1/8}}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec: {containers: [{name: web, image: web}]}
`;

function scan(text: string, settings: ScanSettings) {
  const policy = {
    checks: [networkPolicyInvalid, podNotSelected].map((check) => ({ check, severityOverride: undefined, params: {} })),
    settings,
    exemptions: [],
    allowAnnotationIgnore: false,
    allowOtherToolAnnotations: false,
  };
  const findings: Finding[] = [];
  runChecks(objects(text), policy, (batch) => findings.push(...batch));
  return findings.map((f) => `${f.ruleId}: ${f.message}`);
}

describe('the target Kubernetes version', () => {
  it('is strict from 1.36 and for the latest release', () => {
    expect([undefined, 'latest', '1.36', 'v1.37.1'].map(strictCidrValidation)).toEqual([true, true, true, true]);
    expect(['1.35', 'v1.33.2'].map(strictCidrValidation)).toEqual([false, false]);
  });

  it('from 1.36: the policy is rejected, so the engine leaves it out and its pods are unprotected', () => {
    const analysis = new NetpolAnalysis(objects(CLUSTER));
    expect(analysis.cluster.networkPolicies).toEqual([]);
    expect(analysis.issues.map((i) => `${i.level} ${i.code}`)).toEqual(['error invalid-cidr']);
    const findings = scan(CLUSTER, { kubeVersion: '1.36' });
    expect(findings).toEqual([
      expect.stringMatching(/^network-policy-invalid: spec\.egress\[0\]\.to\[0\]\.ipBlock\.cidr: "10\.0\.0\.1\/8" must not have bits set beyond the prefix length: .*\(write 10\.0\.0\.0\/8\)$/),
      expect.stringMatching(/^pod-not-selected-by-network-policy: /),
    ]);
  });

  it('suggests a form the API server accepts: IPv4 for a mapped address, even one also written with a leading zero', () => {
    const suggestions = ['10.0.0.1/8', '::ffff:10.0.0.0/104', '::ffff:010.0.0.0/104', '010.0.0.0/8'].map((cidr) => {
      const analysis = new NetpolAnalysis(objects(CLUSTER.replace('10.0.0.1/8', JSON.stringify(cidr))));
      return /\(([^()]*)\)$/.exec(analysis.issues[0]?.message ?? '')?.[1];
    });
    expect(suggestions).toEqual(['write 10.0.0.0/8', 'write it as IPv4: 10.0.0.0/8', 'write it as IPv4: 10.0.0.0/8', 'write 10.0.0.0/8']);
  });

  it('before 1.36: the policy is in force as 10.0.0.0/8, with a warning only', () => {
    const analysis = new NetpolAnalysis(objects(CLUSTER), undefined, { strictCidrs: false });
    expect(analysis.cluster.networkPolicies.map((p) => p.name)).toEqual(['egress']);
    expect(analysis.issues.map((i) => `${i.level} ${i.code}`)).toEqual(['warning cidr-host-bits']);
    expect(scan(CLUSTER, { kubeVersion: '1.35' })).toEqual([]);
  });

  it('a policy read back from an API server keeps its stored CIDR, as updates accept it', () => {
    const stored = CLUSTER.replace('metadata: {name: egress, namespace: shop}', 'metadata: {name: egress, namespace: shop, uid: 0b7c1a52-4c3e-4f0e-9d7e-2a61f0c3b8d4}');
    const analysis = new NetpolAnalysis(objects(stored));
    expect(analysis.cluster.networkPolicies.map((p) => p.name)).toEqual(['egress']);
    expect(analysis.issues.map((i) => `${i.level} ${i.code}`)).toEqual(['warning cidr-host-bits']);
    expect(scan(stored, {})).toEqual([]);
  });
});
