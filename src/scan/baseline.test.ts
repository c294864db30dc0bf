import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { fingerprint, fingerprintOfNamed } from '../core/fingerprint.js';
import { loadFiles } from '../inputs/load.js';
import type { K8sObject } from '../k8s/object.js';
import { renderToString } from '../report/format.js';
import { sampleFinding } from '../../test/helpers/sample-findings.js';
import { tempDir } from '../../test/helpers/temp.js';
import { BaselineCollector, compareEntries, readBaseline } from './baseline.js';
import { findingIdentity, podNamedIdentity } from './identity.js';

type Accepted = Pick<Finding, 'ruleId' | 'object' | 'path' | 'location'>;

const objectsOf = (file: string) => loadFiles([path.join(import.meta.dirname, 'fixtures', file)]).objects;
const [WEB] = objectsOf('named-items-reordered.yaml') as [K8sObject];
// Not a workload: the identity of each of its findings is the fingerprint.
const SETTINGS = objectsOf('named-items.yaml').find((o) => o.kind === 'ConfigMap') as K8sObject;

/** The file as the format defines it: unique fingerprints (the last finding kept), by rule ID + fingerprint. */
function expected(findings: readonly Accepted[]): string {
  const byPrint = new Map<string, Accepted>();
  for (const f of findings) byPrint.set(fingerprint(f), f);
  const entries = [...byPrint].map(([print, f]) => ({ fingerprint: print, identity: print, ruleId: f.ruleId, object: f.object, path: f.path }));
  entries.sort((a, b) => (a.ruleId + a.fingerprint < b.ruleId + b.fingerprint ? -1 : 1));
  return `${JSON.stringify({ schemaVersion: '1', findings: entries }, null, 2)}\n`;
}

function written(findings: readonly Accepted[], object = SETTINGS): string {
  const collector = new BaselineCollector();
  for (const f of findings) collector.add(f as Finding, object);
  return renderToString((sink) => collector.write(sink));
}

function baselineFile(text: string): string {
  const file = path.join(tempDir(), 'baseline.json');
  writeFileSync(file, text);
  return file;
}

// Rule IDs where one is a prefix of another: sorting by rule, then fingerprint, would differ.
const ruleIds = fc.constantFrom('run-as-root', 'run-as-root-group', 'host-path', 'host-pid', 'a', 'a-');
const findingArb: fc.Arbitrary<Accepted> = fc.record({
  ruleId: ruleIds,
  object: fc.record(
    {
      apiVersion: fc.constantFrom('v1', 'apps/v1', 'apps/v1beta2'),
      kind: fc.constantFrom('Pod', 'Deployment'),
      namespace: fc.constantFrom('shop', 'ns "quoted"', 'ünïcode'),
      name: fc.constantFrom('web', 'db', 'a\u0000b', ''),
    },
    { requiredKeys: ['apiVersion', 'kind', 'name'] },
  ),
  path: fc.constantFrom('spec', 'spec.containers[0].image', 'metadata.annotations["a\\\\b"]'),
  location: fc.constantFrom({ file: 'a.yaml', line: 1, column: 1 }, { file: 'b/c.yaml', line: 2, column: 3 }),
});

describe('BaselineCollector', () => {
  it('writes what the baseline format defines, with the last of repeated findings (random findings)', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 60 }), (findings) => {
        expect(written(findings)).toBe(expected(findings));
      }),
      { numRuns: 300 },
    );
  });

  it('writes an empty baseline as an empty findings list', () => {
    expect(written([])).toBe('{\n  "schemaVersion": "1",\n  "findings": []\n}\n');
  });

  it('writes thousands of findings (many chunks) that read back as the same fingerprints', () => {
    const findings = Array.from({ length: 3000 }, (_, i) => ({
      ruleId: i % 3 === 0 ? 'run-as-root-group' : 'run-as-root',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `team-${i % 7}`, name: `app-${i % 500}` },
      path: `spec.template.spec.containers[${i % 4}].securityContext`,
      location: { file: 'apps.yaml', line: i + 1, column: 1 },
    }));
    const text = written(findings);
    expect(text).toBe(expected(findings));
    const read = readBaseline(baselineFile(text));
    if (!read.ok) throw new Error(read.error.message);
    expect(findings.every((f) => read.value.has(f as Finding, SETTINGS))).toBe(true);
    expect(read.value.has(sampleFinding({ ...findings[0], path: 'spec.template.spec.containers[4].securityContext' }), SETTINGS)).toBe(false);
  });

  it('records the identity by container name, and keeps both entries of two copies of an object that differ in it', () => {
    const finding = { ruleId: 'privileged-container', object: WEB.ref, path: 'spec.template.spec.containers[2].securityContext.privileged', location: { file: 'web.yaml', line: 9, column: 11 } };
    const [copy] = objectsOf('named-items.yaml') as [K8sObject];
    const file = JSON.parse(written([finding, finding], WEB)) as { findings: Array<{ fingerprint: string; identity: string }> };
    expect(file.findings).toHaveLength(1);
    expect(file.findings[0]?.identity).toBe(fingerprint({ ...finding, path: 'spec.template.spec.containers[name="app"].securityContext.privileged' }));
    const collector = new BaselineCollector();
    collector.add(finding as Finding, WEB);
    collector.add(finding as Finding, copy);
    const both = JSON.parse(renderToString((sink) => collector.write(sink))) as { findings: Array<{ fingerprint: string; identity: string }> };
    expect(both.findings.map((f) => f.fingerprint)).toEqual([fingerprint(finding), fingerprint(finding)]);
    expect(new Set(both.findings.map((f) => f.identity)).size).toBe(2);
  });
});

describe('readBaseline', () => {
  const at = (index: number) => sampleFinding({ object: WEB.ref, path: `spec.template.spec.containers[${index}].securityContext.privileged` });

  it('matches entries with an identity by identity: the container, wherever it is now, not its index', () => {
    // Written when container "app" was first.
    const [before] = objectsOf('named-items.yaml') as [K8sObject];
    const read = readBaseline(baselineFile(written([at(0)], before)));
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.has(at(2), WEB)).toBe(true);
    expect(read.value.has(at(0), WEB)).toBe(false);
  });

  it('matches entries without an identity (files of earlier versions) by fingerprint, as before', () => {
    const old = { schemaVersion: '1', findings: [{ fingerprint: fingerprint(at(0)), ruleId: 'privileged-container', object: WEB.ref, path: at(0).path }] };
    const read = readBaseline(baselineFile(JSON.stringify(old)));
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.has(at(0), WEB)).toBe(true);
    expect(read.value.has(at(2), WEB)).toBe(false);
  });

  it('says in words why a file cannot be read', () => {
    const dir = tempDir();
    const message = (file: string) => {
      const read = readBaseline(file);
      return read.ok ? undefined : read.error.message;
    };
    expect(message(path.join(dir, 'missing.json'))).toBe('cannot read baseline: no such file or directory');
    mkdirSync(path.join(dir, 'baseline.json'));
    expect(message(path.join(dir, 'baseline.json'))).toBe('cannot read baseline: is a directory');
    expect(message(baselineFile('{"schemaVersion": "1",'))).toMatch(/^cannot read baseline: .*JSON/);
  });

  it('points at the line and column of invalid JSON, in one line with control characters escaped', () => {
    const read = readBaseline(baselineFile('{\n  "schemaVersion": "1",\n  "findings": [\u001b]2J\u0007\n  {"x"\n]}'));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error.location).toMatchObject({ line: 3, column: 16 });
    expect(read.error.message).toBe('cannot read baseline: not valid JSON: unexpected "\\x1b" where a value should be');
  });

  it('accepts a file that begins with a byte order mark', () => {
    const read = readBaseline(baselineFile(`\uFEFF${written([at(0)], WEB)}`));
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.has(at(0), WEB)).toBe(true);
  });
});

describe('the order of baseline entries', () => {
  const part = (chars: string[], maxLength: number) => fc.array(fc.constantFrom(...chars), { maxLength }).map((c) => c.join(''));
  // Rule IDs that are prefixes of each other, fingerprints of one length or not, identities.
  const entry = fc.record({
    ruleId: fc.constantFrom('rbac', 'rbac-', 'rbac-a', 'rbac0', 'r', ''),
    fingerprint: fc.oneof(part(['0', '1', 'a', '-', 'f'], 4).map((s) => s.padEnd(4, '0')), part(['0', '1', 'a', '-', 'f'], 6)),
    identity: part(['0', '1', 'a', '-'], 3),
  });

  it('is that of rule ID, fingerprint and identity joined into one string', () => {
    fc.assert(
      fc.property(entry, entry, (a, b) => {
        const joined = (e: typeof a) => e.ruleId + e.fingerprint + e.identity;
        const expectedSign = joined(a) < joined(b) ? -1 : joined(a) > joined(b) ? 1 : 0;
        const bare = { object: sampleFinding().object, path: '' };
        expect(Math.sign(compareEntries({ ...a, ...bare }, { ...b, ...bare }))).toBe(expectedSign);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('objects without a name', () => {
  it('are told apart by their file, and entries written before files counted still match them', () => {
    const dir = tempDir();
    const files = ['a', 'b'].map((cluster) => {
      mkdirSync(path.join(dir, cluster));
      const file = path.join(dir, cluster, 'kubelet.yaml');
      writeFileSync(file, 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n');
      return file;
    });
    const [a, b] = files.map((file) => loadFiles([file]).objects[0] as K8sObject) as [K8sObject, K8sObject];
    const object = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', name: '' };
    const finding = (file: string) => sampleFinding({ ruleId: 'kubelet-config-insecure', object, path: 'readOnlyPort', location: { file, line: 3, column: 1 } });
    const collector = new BaselineCollector();
    collector.add(finding(a.source.file), a);
    const read = readBaseline(baselineFile(renderToString((sink) => collector.write(sink))));
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.has(finding(a.source.file), a)).toBe(true);
    // The same finding in the other cluster's file is new.
    expect(read.value.has(finding(b.source.file), b)).toBe(false);
    // A baseline written before: its identity was the fingerprint alone, for every file.
    const before = fingerprintOfNamed(finding(a.source.file));
    const old = { schemaVersion: '1', findings: [{ fingerprint: before, identity: before }] };
    const legacy = readBaseline(baselineFile(JSON.stringify(old)));
    if (!legacy.ok) throw new Error(legacy.error.message);
    expect(legacy.value.has(finding(b.source.file), b)).toBe(true);
    // And one written before identities, matched by fingerprint.
    const older = readBaseline(baselineFile(JSON.stringify({ schemaVersion: '1', findings: [{ fingerprint: before }] })));
    if (!older.ok) throw new Error(older.error.message);
    expect(older.value.has(finding(b.source.file), b)).toBe(true);
  });
});

describe('replicas of a controller', () => {
  const pods = loadFiles([path.join(import.meta.dirname, '../../test/cli/fixtures-derived/injected-sidecar.yaml')]).objects.filter((o) => o.kind === 'Pod');
  const [first, second] = pods as [K8sObject, K8sObject];
  const on = (pod: K8sObject) => sampleFinding({ ruleId: 'dangerous-capability', object: pod.ref, path: 'spec.initContainers[0].securityContext.capabilities.add[0]' });

  it('are one entry by their controller\'s name stem, so another replica matches it', () => {
    expect(findingIdentity(on(first), first)).toBe(findingIdentity(on(second), second));
    expect(findingIdentity(on(first), first)).not.toBe(podNamedIdentity(on(first), first));
    const file = baselineFile(written([on(first)], first));
    const baseline = readBaseline(file);
    expect(baseline.ok && baseline.value.has(on(second), second)).toBe(true);
  });

  it('still match the entry a baseline written before held for that Pod by its own name', () => {
    const entry = { fingerprint: fingerprint(on(first)), identity: podNamedIdentity(on(first), first), ruleId: 'dangerous-capability', object: first.ref, path: 'x' };
    const baseline = readBaseline(baselineFile(JSON.stringify({ schemaVersion: '1', findings: [entry] })));
    expect(baseline.ok && baseline.value.has(on(first), first)).toBe(true);
    expect(baseline.ok && baseline.value.has(on(second), second)).toBe(false);
  });
});
