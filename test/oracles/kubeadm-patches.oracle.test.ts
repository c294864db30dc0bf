/*
 * Differential test of src/checks/control-plane/kubeadm-patches.ts against the libraries kubeadm's
 * patch manager applies patches with (evanphx/json-patch v4, apimachinery's strategicpatch), see
 * README.md. Random JSON, merge and strategic merge patches of a static pod as kubeadm writes it;
 * the command line after them must be the same, and where kubeadm would stop on a patch, Rampart
 * must keep the command line unpatched.
 *
 *   KUBEADM_PATCH_ORACLE_RUNS=20000 KUBEADM_PATCH_ORACLE_SEED=random npx vitest run test/oracles/kubeadm-patches
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchedWords, type StaticPodPatch } from '../../src/checks/control-plane/kubeadm-patches.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';

const ORACLE_DIR = fileURLToPath(new URL('./kubeadm-patches/', import.meta.url));
const HAVE_GO = goAvailable('kubeadm-patches');
const RUNS = Number(process.env.KUBEADM_PATCH_ORACLE_RUNS ?? 3000);
const SEED = process.env.KUBEADM_PATCH_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.KUBEADM_PATCH_ORACLE_SEED ?? 20261206);
const NAME = 'kube-apiserver';

let built: { readonly binary: string; remove(): void } | undefined;
beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'kubeadm-patches');
}, 900_000);
afterAll(() => built?.remove());

/** The static pod as kubeadm writes it, with the parts a patch may touch besides the command. */
function staticPod(command: readonly string[]): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: NAME, namespace: 'kube-system', labels: { component: NAME, tier: 'control-plane' } },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      containers: [
        {
          name: NAME,
          image: 'registry.k8s.io/kube-apiserver:v1.33.0',
          command: [...command],
          resources: { requests: { cpu: '250m' } },
          volumeMounts: [{ name: 'k8s-certs', mountPath: '/etc/kubernetes/pki', readOnly: true }],
        },
      ],
      volumes: [{ name: 'k8s-certs', hostPath: { path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate' } }],
    },
  };
}

const flag = fc.constantFrom('--anonymous-auth=true', '--profiling=false', '--audit-log-path', '/var/log/audit.log', '--secure-port=6443', 'kube-apiserver', '--authorization-mode=AlwaysAllow');
const words = fc.array(flag, { maxLength: 4 });
const command = fc.array(flag, { minLength: 2, maxLength: 6 }).map((rest) => ['kube-apiserver', ...rest]);
// Mostly indices that exist (or the end), some past it and some counted from the end, which evanphx/json-patch v4 allows.
const index = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }).map(String) }, { weight: 3, arbitrary: fc.constant('-') }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 9 }).map(String) });
const commandOnly = fc.tuple(fc.constant('command'), index).map(([field, i]) => `/spec/containers/0/${field}/${i}`);
const commandPath = fc.tuple(fc.constantFrom('command', 'args'), index).map(([field, i]) => `/spec/containers/0/${field}/${i}`);

/** Operations on the command and args, on what holds them, and on parts of the pod that hold no command line. */
const operation: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ op: fc.constant('add'), path: commandPath, value: flag }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('remove'), path: commandOnly }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('replace'), path: commandOnly, value: flag }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('test'), path: commandPath, value: flag }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('move', 'copy'), from: commandPath, path: commandPath }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('add', 'replace'), path: fc.constantFrom('/spec/containers/0/args', '/spec/containers/0/command'), value: words }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove'), path: fc.constantFrom('/spec/containers/0/args', '/spec/containers/0/command', '/spec/containers/0') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('add', 'replace'), path: fc.constant('/spec/containers/0'), value: fc.record({ name: fc.constantFrom(NAME, 'sidecar'), command: command }) }) },
  { weight: 4, arbitrary: fc.constantFrom(
    { op: 'add', path: '/spec/volumes/-', value: { name: 'audit', hostPath: { path: '/var/log' } } },
    { op: 'add', path: '/spec/containers/0/volumeMounts/-', value: { name: 'audit', mountPath: '/var/log' } },
    { op: 'replace', path: '/spec/containers/0/resources', value: { requests: { cpu: '1' } } },
    { op: 'add', path: '/spec/containers/-', value: { name: 'sidecar', image: 'busybox', command: ['sleep'] } },
    { op: 'test', path: '/spec/containers/0/image', value: 'registry.k8s.io/kube-apiserver:v1.33.0' },
    { op: 'add', path: '/metadata/labels/patched', value: 'yes' },
  ) },
);

const containerPatch = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        name: fc.constantFrom(NAME, NAME, 'sidecar'),
        command: fc.oneof({ weight: 4, arbitrary: command }, { weight: 1, arbitrary: words }, { weight: 1, arbitrary: fc.constant(null) }),
        args: fc.oneof({ weight: 3, arbitrary: words }, { weight: 1, arbitrary: fc.constant(null) }),
      },
      { requiredKeys: ['name'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ name: fc.constant(NAME), $patch: fc.constantFrom('delete', 'replace'), command: command }, { requiredKeys: ['name', '$patch'] }) },
  // Another field of the container (not the image, which a generated test operation checks: the model takes such a test to pass).
  { weight: 2, arbitrary: fc.record({ name: fc.constantFrom(NAME, 'sidecar'), imagePullPolicy: fc.constant('Always') }) },
);
const strategic: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ spec: fc.record({ containers: fc.array(containerPatch, { minLength: 1, maxLength: 2 }) }) }) },
  { weight: 1, arbitrary: fc.record({ spec: fc.record({ containers: fc.array(containerPatch, { minLength: 1, maxLength: 2 }).map((items) => [{ $patch: 'replace' }, ...items]) }) }) },
  { weight: 2, arbitrary: fc.constantFrom({ metadata: { labels: { patched: 'yes' } } }, { spec: { hostNetwork: true } }) },
  { weight: 1, arbitrary: fc.constantFrom({ spec: null }, { spec: { containers: null } }) },
);
const merge: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ spec: fc.record({ containers: fc.array(fc.record({ name: fc.constantFrom(NAME, 'sidecar'), command: command }, { requiredKeys: ['name'] }), { maxLength: 2 }) }) }),
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom({ metadata: { labels: { patched: 'yes' } } }, { spec: { hostNetwork: true } }) },
    { weight: 1, arbitrary: fc.constantFrom({ spec: null }, { spec: { containers: null } }) },
  ),
);

const patchSet = fc.oneof(
  fc.record({ type: fc.constant('json' as const), documents: fc.array(fc.array(operation, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant('strategic' as const), documents: fc.array(strategic, { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant('merge' as const), documents: fc.array(merge, { minLength: 1, maxLength: 2 }) }),
);

interface Answer {
  readonly words?: string[] | null;
  readonly error?: string;
}

describe.skipIf(!HAVE_GO)('kubeadm patch differential oracle (evanphx/json-patch v4.13.0, apimachinery v0.37.2 strategicpatch)', () => {
  it(`agrees on the command line after ${RUNS} random patch sequences (seed ${SEED})`, () => {
    const cases = fc.sample(fc.tuple(command, fc.array(patchSet, { minLength: 1, maxLength: 3 })), { numRuns: RUNS, seed: SEED });
    const input = cases.map(([cmd, patches]) => JSON.stringify({ pod: staticPod(cmd), container: NAME, patches })).join('\n');
    const run = spawnSync(built!.binary, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
    expect(run.status, run.stderr).toBe(0);
    const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers).toHaveLength(cases.length);

    const mismatches: string[] = [];
    let failed = 0;
    let changed = 0;
    let removed = 0;
    cases.forEach(([cmd, sets], i) => {
      const answer = answers[i]!;
      const patches: StaticPodPatch[] = sets.map((set, n) => ({ target: NAME, type: set.type, file: `patch${n}`, documents: set.documents, at: ['patch', n] }));
      const result = patchedWords(NAME, cmd.map((text) => ({ text, path: ['kubeadm'] })), patches);
      const actual = result.words?.map((w) => w.text) ?? null;
      // Where kubeadm stops on a patch, nothing of the patches is applied.
      const expected = answer.error !== undefined ? cmd : (answer.words ?? null);
      if (answer.error !== undefined) failed++;
      else if (expected === null) removed++;
      else if (JSON.stringify(expected) !== JSON.stringify(cmd)) changed++;
      if (JSON.stringify(actual) !== JSON.stringify(expected) || (answer.error !== undefined && result.applied.length > 0)) {
        mismatches.push(`case ${i}\n  command:  ${JSON.stringify(cmd)}\n  patches:  ${JSON.stringify(sets)}\n  upstream: ${JSON.stringify(answer)}\n  rampart:  ${JSON.stringify(actual)} (applied ${result.applied.join(', ')})`);
      }
    });
    expect(mismatches.slice(0, 4), `${mismatches.length} of ${cases.length} differ (seed ${SEED})`).toEqual([]);
    // The sample must have patches that fail, change the command and remove it, or it proves little.
    expect(failed).toBeGreaterThan(RUNS / 20);
    expect(changed).toBeGreaterThan(RUNS / 5);
    expect(removed).toBeGreaterThan(RUNS / 50);
  });
});
