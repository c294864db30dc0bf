/*
 * Differential test of the ka.* fields against the k8saudit plugin's own Go code (v0.18.0), see
 * README.md. Builds test/oracles/k8saudit once, sends it the Falco fixtures and thousands of random
 * audit events, and requires the same value (or the same absence of a value) for every field and
 * argument.
 *
 *   K8SAUDIT_ORACLE_RUNS=5000 K8SAUDIT_ORACLE_SEED=123 npx vitest run test/oracles/k8saudit.oracle.test.ts
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { duplicate, withDuplicateKey } from './k8saudit-duplicates.js';
import { parseAuditJson } from '../../src/runtime/inputs/audit-json.js';
import type { EngineEvent, Extracted } from '../../src/runtime/fields.js';
import { K8SAUDIT_FIELDS, K8sAuditProvider } from '../../src/runtime/sources/k8saudit.js';

const ORACLE_DIR = fileURLToPath(new URL('./k8saudit/', import.meta.url));
const HAVE_GO = goAvailable('k8saudit');
const FIXTURES = fileURLToPath(new URL('../conformance/falco/k8saudit-tests/test/trace_files/k8s_audit/', import.meta.url));
const RUNS = Number(process.env.K8SAUDIT_ORACLE_RUNS ?? 1500);
const SEED = process.env.K8SAUDIT_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.K8SAUDIT_ORACLE_SEED ?? 20261204);


interface FieldRequest {
  readonly name: string;
  readonly key?: string;
  readonly index?: number;
}

interface OracleResult {
  readonly set: boolean;
  readonly value?: string;
  readonly values?: readonly string[] | null;
  readonly list?: boolean;
  readonly error?: string;
}

/** Every ka.* field, with the arguments worth trying for it. */
const REQUESTS: readonly FieldRequest[] = K8SAUDIT_FIELDS.flatMap((f): FieldRequest[] => {
  if (f.arg === 'index') return [{ name: f.name }, { name: f.name, index: 0 }, { name: f.name, index: 1 }, { name: f.name, index: 7 }];
  if (f.name === 'ka.uri.param') return ['a', 'command', 'x y', 'b'].map((key) => ({ name: f.name, key }));
  if (f.name === 'ka.req.volume.hostpath') return ['/etc', '/var/run/docker.sock', '/var/*', '/'].map((key) => ({ name: f.name, key }));
  if (f.arg === 'required-key') return [{ name: f.name, key: 'k' }];
  return [{ name: f.name }];
});

let oracle: string;
let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (!HAVE_GO) return;
  built = buildGoOracle(ORACLE_DIR, 'k8saudit');
  oracle = built.binary;
}, 900_000);

afterAll(() => built?.remove());

function upstream(events: readonly string[]): OracleResult[][] {
  const input = events.map((event) => JSON.stringify({ event, fields: REQUESTS })).join('\n');
  const run = spawnSync(oracle, [], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`oracle failed: ${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { results: OracleResult[] }).results);
}

const provider = new K8sAuditProvider({ hostname: 'h' });
const extractors = REQUESTS.map((r) => {
  const ref = provider.resolve(r.name, r.key ?? (r.index === undefined ? undefined : String(r.index)));
  if (!ref) throw new Error(r.name);
  const ex = provider.extractor(ref);
  if (typeof ex === 'string') throw new Error(ex);
  return ex;
});

/**
 * A value the plugin renders as JSON, written as Rampart writes the value it reads: fastjson writes
 * an object back with every member it was given, a key given twice included, where Rampart writes
 * the first value of that key only.
 */
function asRampartWrites(text: string): string {
  if (!/^[[{]/.test(text)) return text;
  const json = parseAuditJson(text);
  return json.ok ? JSON.stringify(json.value) : text;
}

/** The oracle's answer in our terms: no value (not set, an empty list, or an extraction error), a string, or a list. */
function expected(r: OracleResult, duplicates: boolean): Extracted {
  if (r.error || !r.set) return undefined;
  if (r.list) return r.values && r.values.length > 0 ? (duplicates ? r.values.map(asRampartWrites) : r.values) : undefined;
  return duplicates && r.value !== undefined ? asRampartWrites(r.value) : r.value;
}

function compare(events: readonly string[], duplicates = false): void {
  const answers = upstream(events);
  events.forEach((text, i) => {
    // Read as the plugin's parser reads it: the first value of a key given twice.
    const json = parseAuditJson(text);
    if (!json.ok) throw new Error(json.message);
    const payload = json.value;
    const event: EngineEvent = { payload, num: 1, ts: 0n, source: 'k8s_audit' };
    REQUESTS.forEach((req, j) => {
      const want = expected(answers[i]?.[j] ?? { set: false }, duplicates);
      const got = extractors[j]?.(event);
      expect(got, `${req.name}${req.key !== undefined ? `[${req.key}]` : req.index !== undefined ? `[${req.index}]` : ''} on ${text}`).toEqual(want);
    });
  });
}

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const scalar = fc.oneof(word, fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const securityContext = fc.record(
  {
    privileged: fc.oneof(fc.boolean(), scalar),
    allowPrivilegeEscalation: fc.boolean(),
    readOnlyRootFilesystem: fc.boolean(),
    runAsUser: fc.oneof(fc.integer({ min: 0, max: 2000 }), scalar),
    runAsGroup: fc.integer({ min: 0, max: 2000 }),
    procMount: fc.constantFrom('Default', 'Unmasked'),
    capabilities: fc.record({ add: fc.oneof(fc.array(fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'CHOWN'), { maxLength: 3 }), scalar) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const container = fc.record(
  {
    name: word,
    image: fc.oneof(fc.constantFrom('nginx', 'nginx:1.25', 'docker.io/library/nginx:1.25', 'registry:5000/app@sha256:abc', 'busybox@sha256:def'), scalar),
    command: fc.oneof(fc.array(word, { maxLength: 3 }), fc.array(scalar, { maxLength: 2 }), scalar),
    args: fc.array(fc.oneof(word, scalar), { maxLength: 3 }),
    securityContext: fc.oneof(securityContext, scalar),
    runAsUser: fc.integer({ min: 0, max: 10 }),
    ports: fc.oneof(fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 9000 }), hostPort: fc.integer({ min: 1, max: 9000 }) }, { requiredKeys: [] }), { maxLength: 2 }), scalar),
  },
  { requiredKeys: [] },
);
const volume = fc.oneof(
  fc.record({ name: word, hostPath: fc.record({ path: fc.constantFrom('/etc', '/var/run/docker.sock', '/var/lib', '/', '/proc') }) }),
  fc.record({ name: word, configMap: fc.record({ name: word }) }),
  fc.record({ name: word, flexVolume: fc.record({ driver: word }) }),
  fc.record({ name: word, emptyDir: fc.constant({}) }),
  scalar,
);
const event = fc.record(
  {
    kind: fc.constant('Event'),
    auditID: fc.oneof(word, scalar),
    stage: fc.constantFrom('ResponseComplete', 'RequestReceived'),
    verb: fc.constantFrom('create', 'get', 'delete', 'patch'),
    requestURI: fc.constantFrom('/api/v1/namespaces/d/pods', '/api/v1/namespaces/d/pods/p/exec?command=sh&command=-c&a=1', '/x?a=%zz&b=2', '/x?a=1;b=2', '/x?x+y=1+2&a=%41', '/healthz?'),
    user: fc.record({ username: fc.oneof(word, scalar), groups: fc.oneof(fc.array(fc.oneof(word, scalar), { maxLength: 3 }), scalar) }, { requiredKeys: [] }),
    impersonatedUser: maybe(fc.record({ username: word })),
    sourceIPs: fc.array(fc.constantFrom('10.0.0.1', '::1'), { maxLength: 2 }),
    userAgent: word,
    objectRef: fc.record({ resource: fc.constantFrom('pods', 'services', 'clusterrolebindings', 'configmaps'), namespace: word, name: word, subresource: fc.constantFrom('exec', 'status', '') }, { requiredKeys: [] }),
    responseStatus: fc.record({ code: fc.constantFrom(200, 201, 403), reason: word }, { requiredKeys: [] }),
    responseObject: maybe(fc.record({ metadata: fc.record({ name: word }) })),
    annotations: fc.record({ 'authorization.k8s.io/decision': fc.constantFrom('allow', 'forbid'), 'authorization.k8s.io/reason': word, cluster_name: word, 'pod-security.kubernetes.io/audit-violations': word }, { requiredKeys: [] }),
    requestObject: fc.oneof(
      fc.record(
        {
          kind: fc.constant('Pod'),
          spec: fc.record(
            {
              hostNetwork: fc.boolean(),
              hostPID: scalar,
              hostIPC: fc.boolean(),
              runAsUser: fc.integer({ min: 0, max: 5 }),
              securityContext: fc.record({ runAsUser: fc.integer({ min: 0, max: 99 }), runAsGroup: fc.integer({ min: 0, max: 99 }), fsGroup: fc.integer({ min: 0, max: 99 }), supplementalGroups: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }) }, { requiredKeys: [] }),
              containers: fc.oneof(fc.array(fc.oneof(container, scalar), { maxLength: 3 }), scalar),
              initContainers: fc.array(container, { maxLength: 2 }),
              ephemeralContainers: fc.array(container, { maxLength: 2 }),
              volumes: fc.oneof(fc.array(volume, { maxLength: 3 }), scalar),
              type: fc.constantFrom('NodePort', 'ClusterIP'),
              ports: fc.oneof(fc.array(fc.record({ port: fc.integer({ min: 1, max: 9000 }), name: word }, { requiredKeys: [] }), { maxLength: 2 }), scalar),
            },
            { requiredKeys: [] },
          ),
          data: maybe(fc.dictionary(word, word, { maxKeys: 2 })),
        },
        { requiredKeys: ['kind'] },
      ),
      fc.record({
        kind: fc.constant('ClusterRoleBinding'),
        roleRef: fc.record({ name: word }),
        subjects: fc.oneof(fc.array(fc.record({ kind: fc.oneof(fc.constantFrom('User', 'Group', 'ServiceAccount'), scalar), name: fc.oneof(word, scalar), namespace: word }, { requiredKeys: [] }), { maxLength: 3 }), scalar),
      }),
      fc.record({
        kind: fc.constant('ClusterRole'),
        rules: fc.oneof(fc.array(fc.record({ verbs: fc.array(fc.oneof(word, scalar), { maxLength: 2 }), resources: fc.array(word, { maxLength: 2 }), apiGroups: fc.oneof(fc.array(word, { maxLength: 2 }), scalar), nonResourceURLs: fc.array(word, { maxLength: 1 }), sourceIPs: fc.array(word, { maxLength: 1 }) }, { requiredKeys: [] }), { maxLength: 2 }), scalar),
      }),
      scalar,
    ),
  },
  { requiredKeys: ['kind'] },
);

describe.skipIf(!HAVE_GO)('ka.* fields against the k8saudit plugin (Go, v0.18.0)', () => {
  it('agree on the Falco fixtures', () => {
    const lines = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n'))
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{') && l.includes('auditID'));
    expect(lines.length).toBeGreaterThan(40);
    compare(lines);
  });

  it(`agree on ${RUNS} random audit events (seed ${SEED})`, () => {
    const events = fc.sample(event, { numRuns: RUNS, seed: SEED }).map((e) => JSON.stringify(e));
    compare(events);
  });

  it('agree on the values of numbers and strings fastjson reads where JSON.parse refuses the text or decodes it otherwise', () => {
    // Each value where a rule reads a number (runAsUser, the response code, host ports, rendered
    // supplementalGroups) and a string (user name, verb, image), the rest of the event plain JSON.
    const numbers = ['NaN', 'nan', '-Inf', '+inf', 'INF', '-nan', '1.2.3', '01', '+1', '.', 'e', '.e', '1e', '--1', '7', '1.0', '-0', '1e3', '1E2', '2e2', '-12E2', '0.05', '5e-2', '0.10', '12345678901234567890', '9007199254740993', '0.1234567890123456789', '200', '1.5'];
    const strings = ['"a\\xb"', '"\\u12"', '"\\uZZZZ"', '"\\ud800"', '"\\udc00x"', '"\\ud800\\u0041"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"', '"\\ud800\\uZZZZ"', '"a\tb"', '"a\u0001b"', '"a\nb"', '"\\/\\\\"', '"\\u00e9\\u0000"'];
    const event = (n: string, s: string) =>
      `{"kind":"Event","auditID":"a","stage":"ResponseComplete","verb":${s},"user":{"username":${s},"groups":[${s},"g"]},"objectRef":{"resource":"pods","namespace":"d","name":"p"},"responseStatus":{"code":${n}},` +
      `"requestObject":{"kind":"Pod","spec":{"hostPID":${n},"securityContext":{"runAsUser":${n},"supplementalGroups":[${n},1]},"containers":[{"name":${s},"image":${s},"securityContext":{"runAsUser":${n},"privileged":${n}},"ports":[{"hostPort":${n}},{"containerPort":${n}}]}]}}}`;
    const events = [...numbers.map((n) => event(n, '"x"')), ...strings.map((s) => event('1', s))];
    compare(events);
  });

  it(`agree on ${RUNS} random audit events with a key given twice, anywhere (seed ${SEED})`, () => {
    // The plugin's parser (fastjson) reads the first value of the key, JSON.parse the last. No
    // arrays of words: the plugin dereferences nil when requestObject is one (volume_type).
    const other = fc.oneof(scalar, word, container, fc.record({ username: word, name: word, resource: fc.constantFrom('pods', 'secrets') }, { requiredKeys: [] }));
    const events = fc.sample(fc.tuple(event, duplicate(other)), { numRuns: RUNS, seed: SEED }).map(([e, d]) => withDuplicateKey(e, d));
    compare(events, true);
  });
});
