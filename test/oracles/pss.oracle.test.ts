/*
 * Differential test of src/pss against upstream pod-security-admission (Go), see README.md.
 * Builds test/oracles/pss once, sends it thousands of random pods at random levels and versions,
 * and requires identical verdicts: allowed, the failing checks in order, each ForbiddenReason and
 * ForbiddenDetail, and the aggregated reason text.
 *
 *   PSS_ORACLE_RUNS=20000 PSS_ORACLE_SEED=123 npx vitest run test/oracles
 *   PSS_ORACLE_SEED=random npx vitest run test/oracles
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { evaluatePod, formatPssReason, type PodLike, type PssPolicy } from '../../src/pss/index.js';
import { podArbitrary, policyArbitrary } from './pss-arbitraries.js';
import { pssPodOf } from '../../src/checks/pod-security/pss.js';
import { loadSources, readFiles } from '../../src/inputs/load.js';
import { podViewOf } from '../../src/k8s/workloads.js';

const ORACLE_DIR = fileURLToPath(new URL('./pss/', import.meta.url));
const HAVE_GO = goAvailable('pss');
const PODS = Number(process.env.PSS_ORACLE_RUNS ?? 4000);
const POLICIES_PER_POD = 3;
const SEED = process.env.PSS_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.PSS_ORACLE_SEED ?? 20260701);

interface Verdict {
  readonly allowed: boolean;
  readonly violations: ReadonlyArray<{ readonly check: string; readonly reason: string; readonly detail: string }>;
  readonly reason: string;
}

interface OracleAnswer extends Verdict {
  readonly decodeError?: string;
  readonly error?: string;
}

let oracle: string;
let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (!HAVE_GO) return;
  built = buildGoOracle(ORACLE_DIR, 'pss');
  oracle = built.binary;
}, 900_000);

afterAll(() => built?.remove());

function versionLabel(version: PssPolicy['version']): string {
  return version === 'latest' ? 'latest' : `v1.${version}`;
}

function askOracle(cases: ReadonlyArray<{ pod: unknown; policy: PssPolicy }>): OracleAnswer[] {
  const input = cases.map((c) => JSON.stringify({ level: c.policy.level, version: versionLabel(c.policy.version), pod: c.pod })).join('\n');
  const run = spawnSync(oracle, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`PSS oracle failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(cases.length);
  return lines.map((line) => JSON.parse(line) as OracleAnswer);
}

function ours(pod: unknown, policy: PssPolicy): Verdict {
  const result = evaluatePod(pod as PodLike, policy);
  return {
    allowed: result.allowed,
    violations: result.violations.map((v) => ({ check: v.check, reason: v.reason, detail: v.detail })),
    reason: formatPssReason(result.violations),
  };
}

function theirs(answer: OracleAnswer): Verdict {
  return { allowed: answer.allowed, violations: answer.violations ?? [], reason: answer.reason };
}

describe.skipIf(!HAVE_GO)('PSS differential oracle (upstream pod-security-admission v0.37.2)', () => {
  it(`agrees on ${PODS} random pods x ${POLICIES_PER_POD} policies (seed ${SEED})`, () => {
    const samples = fc.sample(fc.tuple(podArbitrary, fc.array(policyArbitrary, { minLength: POLICIES_PER_POD, maxLength: POLICIES_PER_POD })), {
      numRuns: PODS,
      seed: SEED,
    });
    const cases = samples.flatMap(([pod, policies]) => policies.map((policy) => ({ pod, policy })));
    const answers = askOracle(cases);

    const mismatches: string[] = [];
    const refused: string[] = [];
    const seenChecks = new Set<string>();
    let denied = 0;
    cases.forEach((c, i) => {
      const answer = answers[i] as OracleAnswer;
      if (answer.error || answer.decodeError) {
        refused.push(`case ${i}: ${answer.error ?? answer.decodeError}\n  pod: ${JSON.stringify(c.pod)}`);
        return;
      }
      const expected = theirs(answer);
      const actual = ours(c.pod, c.policy);
      if (!expected.allowed) denied++;
      for (const v of expected.violations) seenChecks.add(v.check);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(
          `case ${i} at ${c.policy.level}:${versionLabel(c.policy.version)}\n  pod:      ${JSON.stringify(c.pod)}\n  upstream: ${JSON.stringify(expected)}\n  rampart:  ${JSON.stringify(actual)}`,
        );
      }
    });

    // The generator must not produce what the API server would refuse to decode (see pss-arbitraries.ts).
    expect(refused.slice(0, 3), `${refused.length} cases refused by the oracle`).toEqual([]);
    expect(mismatches.slice(0, 5), `${mismatches.length} of ${cases.length} verdicts differ (seed ${SEED})`).toEqual([]);
    // The sample must exercise every check and both outcomes, or it proves little.
    expect([...seenChecks].sort()).toEqual(
      [
        'allowPrivilegeEscalation',
        'appArmorProfile',
        'capabilities_baseline',
        'capabilities_restricted',
        'hostNamespaces',
        'hostPathVolumes',
        'hostPorts',
        'hostProbesAndHostLifecycle',
        'privileged',
        'procMount',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seLinuxOptions',
        'seccompProfile_baseline',
        'seccompProfile_restricted',
        'sysctls',
        'windowsHostProcess',
      ].sort(),
    );
    expect(denied).toBeGreaterThan(cases.length / 4);
    expect(cases.length - denied).toBeGreaterThan(cases.length / 20);
  });

  it('agrees on every pod and pod template of the real-world corpus, at both levels and several versions', () => {
    const loaded = loadSources(readFiles(['test/corpus']).sources);
    const pods = loaded.objects.flatMap((object) => {
      const view = podViewOf(object);
      return view ? [pssPodOf(object, view)] : [];
    });
    const policies: PssPolicy[] = (['baseline', 'restricted'] as const).flatMap((level) => (['latest', 22, 25, 30] as const).map((version) => ({ level, version })));
    const cases = pods.flatMap((pod) => policies.map((policy) => ({ pod, policy })));
    const answers = askOracle(cases);
    let denied = 0;
    cases.forEach((c, i) => {
      const answer = answers[i] as OracleAnswer;
      expect(answer.error ?? answer.decodeError).toBeUndefined();
      if (!answer.allowed) denied++;
      expect(ours(c.pod, c.policy), `${c.policy.level}:${versionLabel(c.policy.version)} ${JSON.stringify(c.pod).slice(0, 300)}`).toEqual(theirs(answer));
    });
    expect(pods.length).toBeGreaterThan(200);
    expect(denied).toBeGreaterThan(cases.length / 4);
  });

  it('agrees on hand-picked edge cases', () => {
    const pod = (spec: unknown, metadata?: unknown, kind?: string) => ({ ...(kind ? { kind } : {}), metadata, spec });
    const restricted: PssPolicy = { level: 'restricted', version: 'latest' };
    const cases: Array<{ pod: unknown; policy: PssPolicy }> = [
      // A compliant restricted pod, then the same at every version.
      ...Array.from({ length: 41 }, (_, v) => ({
        pod: pod({
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
        }),
        policy: { level: 'restricted', version: v } as PssPolicy,
      })),
      // Empty and broken pods.
      { pod: {}, policy: restricted },
      { pod: { spec: null }, policy: restricted },
      { pod: { spec: 'x', metadata: [] }, policy: restricted },
      { pod: pod({ containers: [null, 'x', 1, []] }), policy: restricted },
      // A sourceless volume is an emptyDir; hostNetwork defaults a Pod's hostPorts.
      { pod: pod({ volumes: [{ name: 'v' }, { name: 'w', notASource: {} }] }), policy: restricted },
      { pod: pod({ hostNetwork: true, containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] }, undefined, 'Pod'), policy: { level: 'baseline', version: 'latest' } },
      { pod: pod({ hostNetwork: true, containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] }), policy: { level: 'baseline', version: 'latest' } },
      { pod: pod({ hostNetwork: true, ephemeralContainers: [{ name: 'a', ports: [{ containerPort: 80 }] }] }, undefined, 'Pod'), policy: { level: 'baseline', version: 'latest' } },
      // Forbidden sysctls whose names are empty: a detail of "", so no parenthesis.
      { pod: pod({ securityContext: { sysctls: ['x', null] } }), policy: { level: 'baseline', version: 'latest' } },
      // Annotation quoting.
      {
        pod: pod({ containers: [{ name: 'a' }] }, { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'x\u0000\u00ad\u{e0001}\u{1fae8}\ud800' } }),
        policy: { level: 'baseline', version: 'latest' },
      },
    ];
    const answers = askOracle(cases);
    cases.forEach((c, i) => {
      const answer = answers[i] as OracleAnswer;
      expect(answer.error ?? answer.decodeError).toBeUndefined();
      expect(ours(c.pod, c.policy), `case ${i}: ${JSON.stringify(c.pod)}`).toEqual(theirs(answer));
    });
  });
});
