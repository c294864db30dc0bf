/*
 * Differential test of how the webhook decodes `request.object` for Pod Security Admission
 * (decodeObject in src/admission/policy/decode.ts) against upstream PSA's decoder:
 * test/oracles/pss/cmd/admission-decode (in the module of the Pod Security oracle) decodes each
 * object as k8s.io/pod-security-admission's webhook does, with its scheme's UniversalDeserializer
 * and the request's kind as the default, and answers the group, version and kind it decoded the
 * object as, or its error. Objects of random apiVersions and kinds (served, unserved, malformed,
 * missing, null, of the wrong type, the keys in other letter cases) under random request kinds.
 *
 *   ADMISSION_DECODE_ORACLE_RUNS=20000 ADMISSION_DECODE_ORACLE_SEED=random npx vitest run test/oracles/admission-decode.oracle.test.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeObject } from '../../src/admission/policy/decode.js';
import type { GroupVersionKind } from '../../src/admission/review.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';

const ORACLE_DIR = fileURLToPath(new URL('./pss/', import.meta.url));
const HAVE_GO = goAvailable('admission-decode');
const RUNS = Number(process.env.ADMISSION_DECODE_ORACLE_RUNS ?? 3000);
const SEED = process.env.ADMISSION_DECODE_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.ADMISSION_DECODE_ORACLE_SEED ?? 20261208);

let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'admission-decode', './cmd/admission-decode');
}, 900_000);

afterAll(() => built?.remove());

interface Case {
  readonly kind: GroupVersionKind;
  /** The object as the AdmissionReview carries it (JSON text). */
  readonly object: string;
}

/** What a decoding came to: the kind decoded as (`apps/v1, Kind=Deployment`), or `error`. */
function upstream(cases: readonly Case[]): string[] {
  const input = cases.map((c) => `{"kind":${JSON.stringify(c.kind)},"object":${c.object}}`).join('\n') + '\n';
  const run = spawnSync(built!.binary, [], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(run.stderr);
  const answers = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { decoded?: string; error?: string });
  expect(answers).toHaveLength(cases.length);
  return answers.map((a) => a.decoded ?? 'error');
}

function rampart(c: Case): string {
  const decoded = decodeObject(JSON.parse(c.object) as Record<string, unknown>, c.kind);
  return 'error' in decoded ? 'error' : `${decoded.kind.group}/${decoded.kind.version}, Kind=${decoded.kind.kind}`;
}

const API_VERSIONS = ['v1', 'v2', 'apps/v1', 'apps/v1beta2', 'extensions/v1beta1', 'batch/v1', 'batch/v1beta1', 'admission.k8s.io/v1', 'policy/v1', 'apps/', 'batch/', 'foo/', '/', '', '/v1', 'a/b/c', '__internal', 'apps/__internal'];
const KINDS = ['Pod', 'Namespace', 'Deployment', 'CronJob', 'Job', 'PodTemplate', 'ReplicationController', 'ConfigMap', 'PodList', 'ListOptions', 'Status', 'APIGroup', 'AdmissionReview', 'Eviction', 'Ingress', 'pod', ''];
const REQUEST_KINDS: GroupVersionKind[] = [
  { group: '', version: 'v1', kind: 'Pod' },
  { group: '', version: 'v1', kind: 'Namespace' },
  { group: '', version: 'v2', kind: 'Pod' },
  { group: 'apps', version: 'v1', kind: 'Deployment' },
  { group: 'apps', version: 'v1beta2', kind: 'StatefulSet' },
  { group: 'batch', version: 'v1', kind: 'CronJob' },
  { group: 'extensions', version: 'v1beta1', kind: 'Deployment' },
];

/** A member's value: a string of the list, or nothing, null, or a value of another type. */
const member = (values: readonly string[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, fc.constant(undefined), fc.constant(null), fc.constantFrom(7, true, ['v1'], { a: 1 }));
/** The name as written: mostly as Kubernetes writes it, sometimes in another case, or with a character Go's folding matches. */
const keyOf = (names: readonly string[]) => fc.oneof({ weight: 6, arbitrary: fc.constant(names[0]!) }, fc.constantFrom(...names.slice(1)));

const objectArbitrary = fc
  .record({
    apiVersionKey: keyOf(['apiVersion', 'APIVERSION', 'ApiVersion', 'apiVer\u017fion', 'apiVersion ']),
    apiVersion: member(API_VERSIONS),
    kindKey: keyOf(['kind', 'Kind', 'KIND', '\u212aind', 'kind\u0130']),
    kind: member(KINDS),
    second: fc.option(fc.record({ key: fc.constantFrom('kind', 'Kind', 'apiVersion', 'APIVersion'), value: member([...KINDS, ...API_VERSIONS]) }), { nil: undefined }),
  })
  .map(({ apiVersionKey, apiVersion, kindKey, kind, second }) => {
    const object: Record<string, unknown> = { metadata: { name: 'x' } };
    if (apiVersion !== undefined) object[apiVersionKey] = apiVersion;
    if (kind !== undefined) object[kindKey] = kind;
    if (second && second.value !== undefined) object[second.key] = second.value;
    return JSON.stringify(object);
  });

const caseArbitrary = fc.record({ kind: fc.constantFrom(...REQUEST_KINDS), object: objectArbitrary });

describe.skipIf(!HAVE_GO)('admission decoding oracle (upstream pod-security-admission v0.37.2 webhook decoder)', () => {
  it(`decodes ${RUNS} random objects as upstream does, under random request kinds (seed ${SEED})`, () => {
    const cases = fc.sample(caseArbitrary, { numRuns: RUNS, seed: SEED });
    const expected = upstream(cases);
    const differences = cases.flatMap((c, i) => (rampart(c) === expected[i] ? [] : [`${JSON.stringify(c)}\n  upstream: ${expected[i]}\n  rampart:  ${rampart(c)}`]));
    expect(differences.slice(0, 10), `seed ${SEED}: ${differences.length} differences`).toEqual([]);
    // The sample reaches each outcome: a registered kind, an unregistered version, a malformed apiVersion.
    expect(expected.filter((e) => e === 'error').length).toBeGreaterThan(RUNS / 10);
    expect(new Set(expected).size).toBeGreaterThan(20);
  });
});
