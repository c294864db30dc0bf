import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import type { Finding } from '../../src/core/finding.js';
import { loadFiles } from '../../src/inputs/load.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { runChecks } from '../../src/scan/engine.js';
import { mappedRules, scannerInputFiles } from './scanner-inputs.js';
import { findCheckov, runCheckov } from './checkov/checkov.js';
import { type Disagreement, EXPECTED, explain } from './checkov/expected.js';

/*
 * Differential oracle against the real Checkov: for every Checkov check that Rampart's coverage
 * table maps to rules (test/coverage/*.json), which objects Checkov fails and which ones the
 * mapped rules flag, on the real-world corpus, the insecure corpus and every rule fixture. Checkov
 * reports per object (`Kind.namespace.name`), so the comparison is per file and object. Checkov's
 * PASSED means not flagged; an object Checkov gives no verdict on (a kind the check does not look
 * at, a file it does not read) is left out. Every disagreement must be one of the explained
 * differences of checkov/expected.ts, and every difference listed there by object must still occur.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHECKOV_ID = /^CKV2?_K8S_\d+$/;

const objectKey = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace || 'default'}/${name}`;

/** Checkov's `Kind.namespace.name` as `Kind/namespace/name` (names may contain dots, kinds and namespaces do not). */
function checkovKey(resource: string): string {
  const first = resource.indexOf('.');
  const second = resource.indexOf('.', first + 1);
  return `${resource.slice(0, first)}/${resource.slice(first + 1, second)}/${resource.slice(second + 1)}`;
}

interface RampartRun {
  /** Per file, the objects read, by key. */
  readonly objects: Map<string, Map<string, K8sObject>>;
  /** Per file and object key, the findings. */
  readonly findings: Map<string, Map<string, Finding[]>>;
}

/**
 * Runs the rules on each file by itself (as Checkov judges each object by itself: a ServiceAccount
 * or LimitRange of one fixture must not change the verdict on another's pods), in this process,
 * with default parameters and no exemptions.
 */
function runRampart(files: readonly string[], ruleIds: ReadonlySet<string>): RampartRun {
  const checks = [...ruleIds].map((id) => {
    const check = CHECKS.get(id);
    if (!check) throw new Error(`unknown rule ${id}`);
    const params = check.parseParams({});
    if (!params.ok) throw new Error(params.message);
    return { check, severityOverride: undefined, params: params.params };
  });
  const objects = new Map<string, Map<string, K8sObject>>();
  const findings = new Map<string, Map<string, Finding[]>>();
  for (const file of files) {
    const inputs = loadFiles([path.join(ROOT, file)]);
    const byKey = new Map<string, K8sObject>();
    for (const object of inputs.objects) byKey.set(objectKey(object.kind, object.namespace, object.name), object);
    objects.set(file, byKey);
    const found = new Map<string, Finding[]>();
    runChecks(inputs.objects, { checks, settings: {}, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false }, (batch) => {
      for (const finding of batch) {
        const key = objectKey(finding.object.kind, finding.object.namespace, finding.object.name);
        found.set(key, [...(found.get(key) ?? []), finding]);
      }
    });
    findings.set(file, found);
  }
  return { objects, findings };
}

/**
 * Checkov's RBAC graph checks (CKV2_K8S_1..5) judge a RoleBinding or ClusterRoleBinding by the role
 * it binds; Rampart reports the role. A binding counts as flagged when the role it binds (in the
 * same file) is.
 */
function boundRoleFindings(run: RampartRun, file: string, binding: K8sObject | undefined): Finding[] {
  const key = boundRoleKey(binding);
  return key === undefined ? [] : (run.findings.get(file)?.get(key) ?? []);
}

const isBinding = (object: K8sObject | undefined): object is K8sObject => object?.kind === 'RoleBinding' || object?.kind === 'ClusterRoleBinding';

/** The key of the role a binding binds. */
function boundRoleKey(binding: K8sObject | undefined): string | undefined {
  if (!isBinding(binding)) return undefined;
  const roleRef = binding.body.roleRef as { kind?: unknown; name?: unknown } | undefined;
  if (typeof roleRef?.name !== 'string') return undefined;
  return roleRef.kind === 'ClusterRole' ? objectKey('ClusterRole', undefined, roleRef.name) : objectKey('Role', binding.namespace, roleRef.name);
}

describe('Checkov differential oracle', () => {
  const checkov = findCheckov();

  it.skipIf(!checkov)('mapped rules flag the objects Checkov fails, apart from the explained differences', () => {
    const mapping = mappedRules('Checkov', CHECKOV_ID);
    const files = scannerInputFiles();
    const checkIds = [...mapping.keys()].sort();
    const verdicts = runCheckov(checkov as string, ROOT, files, checkIds);
    const rampart = runRampart(files, new Set([...mapping.values()].flatMap((rules) => [...rules])));

    const byCheck = new Map<string, Map<string, string>>();
    for (const v of verdicts) {
      const results = byCheck.get(v.check) ?? new Map<string, string>();
      const key = `${v.file} ${checkovKey(v.resource)}`;
      // An object twice in a file (the same name in two documents): failed if either failed.
      if (results.get(key) !== 'FAILED') results.set(key, v.result);
      byCheck.set(v.check, results);
    }

    const disagreements: Disagreement[] = [];
    for (const check of checkIds) {
      const rules = mapping.get(check) ?? new Set<string>();
      for (const [key, result] of byCheck.get(check) ?? []) {
        if (result === 'SKIPPED') continue;
        const space = key.indexOf(' ');
        const file = key.slice(0, space);
        const objectId = key.slice(space + 1);
        const object = rampart.objects.get(file)?.get(objectId);
        const siblings = [...(rampart.objects.get(file)?.values() ?? [])];
        // Checkov's graph joins a binding to a role of that name in any input file; with one run over
        // unrelated fixtures, only a binding whose role is in its own file has a meaningful verdict.
        if (check.startsWith('CKV2_') && isBinding(object) && boundRoleKey(object) !== undefined && !rampart.objects.get(file)?.has(boundRoleKey(object) ?? '')) continue;
        const flagged = [...(rampart.findings.get(file)?.get(objectId) ?? []), ...boundRoleFindings(rampart, file, object)].filter((f) => rules.has(f.ruleId));
        if (result === 'FAILED' && flagged.length === 0) disagreements.push({ check, side: 'checkov', file, object: objectId, body: object, siblings, findings: [] });
        if (result === 'PASSED' && flagged.length > 0) disagreements.push({ check, side: 'rampart', file, object: objectId, body: object, siblings, findings: flagged });
      }
    }

    const unexplained = disagreements.filter((d) => !explain(d));
    if (process.env.CHECKOV_ORACLE_PRINT) {
      const counts = new Map<string, number>();
      for (const d of disagreements) {
        const reason = explain(d)?.reason;
        if (reason) counts.set(`${d.check} ${d.side}-only: ${reason}`, (counts.get(`${d.check} ${d.side}-only: ${reason}`) ?? 0) + 1);
      }
      for (const [key, count] of [...counts].sort()) console.log(`explained ${count}x ${key}`);
      for (const d of unexplained) console.log(`${d.check} ${d.side} ${d.file} ${d.object} ${d.findings.map((f) => `${f.ruleId}@${f.path}`).join(' ')}`);
    }
    expect(unexplained.map((d) => `${d.check} ${d.side}-only ${d.file} ${d.object}`)).toEqual([]);

    // A difference listed by object that no longer occurs must be taken out of the list.
    const occurring = new Set(disagreements.map((d) => `${d.check} ${d.side} ${d.file} ${d.object}`));
    const stale = EXPECTED.flatMap((e) => (e.objects ?? []).filter((o) => !e.checks.some((check) => occurring.has(`${check} ${e.side} ${o}`))).map((o) => `${e.reason} ${o}`));
    expect(stale).toEqual([]);

    // The comparison saw every mapped check at work.
    const failedChecks = new Set(verdicts.filter((v) => v.result === 'FAILED').map((v) => v.check));
    expect(checkIds.filter((c) => !failedChecks.has(c))).toEqual(['CKV2_K8S_1', 'CKV2_K8S_2', 'CKV2_K8S_4', 'CKV2_K8S_6']);
  }, 600_000);
});
