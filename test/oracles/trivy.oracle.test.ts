/*
 * Differential oracle against the real Trivy (its Kubernetes misconfiguration checks, built from
 * the Go module in test/oracles/trivy; see README.md): for every Trivy check that Rampart's
 * coverage table maps to rules (test/coverage/*.json), which objects Trivy fails and which ones
 * the mapped rules flag, on the real-world corpus, the insecure corpus and every rule fixture.
 * Trivy judges each document by itself and reports failures per file with the lines they point
 * at, so the comparison is per file and object (the object whose document holds those lines). An
 * object of a file Trivy reads and does not fail passes. Every disagreement must be one of the
 * explained differences of trivy/expected.ts, and every one listed there must still occur.
 *
 *   npx vitest run test/oracles/trivy.oracle.test.ts
 *   TRIVY_ORACLE_SHOW=1 npx vitest run test/oracles/trivy.oracle.test.ts     # the unexplained ones
 *   TRIVY_ORACLE_SHOW=all npx vitest run test/oracles/trivy.oracle.test.ts   # every one, with its reason
 *   TRIVY_ORACLE_SHOW=pending npx vitest run test/oracles/trivy.oracle.test.ts # also those not reviewed yet
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import type { Finding } from '../../src/core/finding.js';
import { loadFiles } from '../../src/inputs/load.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { runChecks } from '../../src/scan/engine.js';
import { mappedRules, scannerInputFiles } from './scanner-inputs.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { type Disagreement, EXPECTED, type ExpectedDifference, NOT_FAILED_BY_TRIVY, NOT_IN_THIS_TRIVY, PENDING_REVIEW } from './trivy/expected.js';
import { runTrivy, TRIVY_BUILD } from './trivy/trivy.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ORACLE_DIR = path.join(import.meta.dirname, 'trivy');
const HAVE_GO = goAvailable('Trivy');
const SHOW = process.env.TRIVY_ORACLE_SHOW;
/** The Kubernetes version both are told the manifests target (deprecated-api-version, KSV-0107). */
const KUBE_VERSION = '1.33';
const TRIVY_ID = /^K[SC]V-\d+$/;

interface FileObjects {
  /** The objects of the file in document order, with the line each starts at and its key. */
  readonly objects: ReadonlyArray<{ readonly object: K8sObject; readonly line: number; readonly key: string }>;
  /** Per object key, the mapped rules' findings. */
  readonly findings: Map<string, Finding[]>;
}

/**
 * Runs the rules on each file by itself (Trivy judges each document by itself: a NetworkPolicy or
 * LimitRange of one fixture must not change the verdict on another's pods), in this process, with
 * default parameters, the target Kubernetes version and no exemptions.
 */
function runRampart(files: readonly string[], ruleIds: ReadonlySet<string>): Map<string, FileObjects> {
  const checks = [...ruleIds].sort().map((id) => {
    const check = CHECKS.get(id);
    if (!check) throw new Error(`Trivy maps to unknown rule ${id}`);
    const params = check.parseParams({});
    if (!params.ok) throw new Error(params.message);
    return { check, severityOverride: undefined, params: params.params };
  });
  const out = new Map<string, FileObjects>();
  for (const file of files) {
    const inputs = loadFiles([path.join(ROOT, file)]);
    const seen = new Map<string, number>();
    const keys = new Map<K8sObject, string>();
    const objects = inputs.objects.map((object) => {
      const base = `${object.kind}/${object.namespace ?? ''}/${object.name}`;
      const nth = seen.get(base) ?? 0;
      seen.set(base, nth + 1);
      const key = nth === 0 ? base : `${base}#${nth + 1}`;
      keys.set(object, key);
      return { object, line: object.locate([]).line, key };
    });
    const findings = new Map<string, Finding[]>();
    runChecks(
      inputs.objects,
      { checks, settings: { kubeVersion: KUBE_VERSION }, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false },
      (batch, object) => {
        const key = keys.get(object) ?? '';
        findings.set(key, [...(findings.get(key) ?? []), ...batch]);
      },
    );
    out.set(file, { objects: [...objects].sort((a, b) => a.line - b.line), findings });
  }
  return out;
}

/**
 * The line of the file that Trivy calls `line`. Trivy numbers the lines of a file with several
 * documents mostly without the `---` lines that separate them: its line n is about the file's n-th
 * line that is not a separator. Only used for messages that do not name their object.
 */
function fileLine(text: string, line: number): number {
  const lines = text.split('\n');
  let counted = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^---\s*$/.test(lines[i]!)) continue;
    if (++counted === line) return i + 1;
  }
  return lines.length;
}

/** The object whose document holds `line`: the last one starting at or before it. */
function objectAt(file: FileObjects, line: number): FileObjects['objects'][number] | undefined {
  let found: FileObjects['objects'][number] | undefined;
  for (const o of file.objects) if (o.line <= line) found = o;
  return found ?? file.objects[0];
}

/** The kind and name of the object a Trivy message names, when it does (`of Deployment 'api'`, `ClusterRole 'x' should`). */
function namedObject(message: string): { kind: string; name: string } | undefined {
  const match =
    / of ['"]?([A-Za-z]+)['"]? ['"]([^'"]+)['"]/.exec(message) ??
    /^([A-Z][A-Za-z]+) '([^']+)'/.exec(message) ??
    // `deployment web in shop namespace should ...` (the kind in lower case)
    /^(?:container \S+ of )?([a-z]+) ([a-z0-9][-a-z0-9.]*) in \S* ?namespace /.exec(message);
  return match ? { kind: match[1]!, name: match[2]! } : undefined;
}

const describeDisagreement = (d: Disagreement) =>
  `${d.check} only ${d.side} flags ${d.file} ${d.object}: ${d.side === 'trivy' ? d.messages.join(' | ') : d.findings.map((f) => `${f.ruleId}@${f.path}: ${f.message}`).join(' | ')}`;

function explains(e: ExpectedDifference, d: Disagreement): boolean {
  if (!(e.checks.includes('*') || e.checks.includes(d.check)) || e.side !== d.side) return false;
  if (e.objects) return e.objects.includes(`${d.file} ${d.object}`);
  return e.when?.(d) ?? false;
}

let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (!HAVE_GO) return;
  built = buildGoOracle(ORACLE_DIR, 'trivy', TRIVY_BUILD.pkg, TRIVY_BUILD.options);
}, 1_500_000);

afterAll(() => built?.remove());

describe.skipIf(!HAVE_GO)('Trivy checks vs the Rampart rules mapped to them (differential)', () => {
  it('disagree only where trivy/expected.ts explains it', () => {
    const mapping = mappedRules('Trivy', TRIVY_ID);
    for (const id of NOT_IN_THIS_TRIVY) expect(mapping.delete(id), `${id} is no longer mapped: take it off NOT_IN_THIS_TRIVY`).toBe(true);
    const checkIds = [...mapping.keys()].sort();
    const files = scannerInputFiles();
    const trivy = runTrivy(built!.binary, ROOT, files, `${KUBE_VERSION}.0`);
    const rampart = runRampart(files, new Set([...mapping.values()].flatMap((rules) => [...rules])));

    // Trivy's failures per check, file and object.
    const failed = new Map<string, string[]>();
    const unplaced: string[] = [];
    for (const f of trivy.failures) {
      if (!mapping.has(f.check)) continue;
      const objects = rampart.get(f.file);
      const line = fileLine(readFileSync(path.join(ROOT, f.file), 'utf8'), f.startLine);
      const named = namedObject(f.message);
      // Trivy's lines drift in files of several documents (and are sometimes 0): an object its
      // message names is found by kind and name, and by line only among several so named (or none).
      // KSV-0107 names the apiVersion and kind instead, and places its failure on the first line of
      // the document, which may be a comment above the object.
      const api = /^apiVersion "([^"]+)" and kind "([^"]+)"/.exec(f.message);
      const byName = named
        ? objects?.objects.filter((o) => o.object.kind.toLowerCase() === named.kind.toLowerCase() && o.object.name === named.name)
        : api && objects?.objects.filter((o) => o.object.apiVersion === api[1] && o.object.kind === api[2]);
      const candidates = byName?.length ? byName : objects?.objects;
      const object = candidates && (candidates.length === 1 ? candidates[0] : objectAt({ objects: candidates, findings: new Map() }, line));
      if (object === undefined) {
        unplaced.push(`${f.check} ${f.file}:${line} (Trivy's ${f.startLine}) ${f.message}`);
        continue;
      }
      const key = `${f.check} ${f.file} ${object.key}`;
      failed.set(key, [...(failed.get(key) ?? []), f.message]);
    }

    const disagreements: Disagreement[] = [];
    let compared = 0;
    for (const file of files) {
      if (!trivy.read.has(file)) continue;
      const objects = rampart.get(file)!;
      const siblings = objects.objects.map((o) => o.object);
      for (const { object, key } of objects.objects) {
        for (const check of checkIds) {
          compared++;
          const rules = mapping.get(check)!;
          const flagged = (objects.findings.get(key) ?? []).filter((f) => rules.has(f.ruleId));
          const messages = failed.get(`${check} ${file} ${key}`);
          if (messages && flagged.length === 0) disagreements.push({ check, side: 'trivy', file, object: key, body: object, siblings, messages, findings: [] });
          if (!messages && flagged.length > 0) disagreements.push({ check, side: 'rampart', file, object: key, body: object, siblings, messages: [], findings: flagged });
        }
      }
    }

    const notExplained = disagreements.filter((d) => !EXPECTED.some((e) => explains(e, d)));
    const pending = new Map<string, number>();
    for (const d of notExplained) if (PENDING_REVIEW.has(`${d.check} ${d.side}`)) pending.set(`${d.check} ${d.side}`, (pending.get(`${d.check} ${d.side}`) ?? 0) + 1);
    const unexplained = notExplained.filter((d) => !PENDING_REVIEW.has(`${d.check} ${d.side}`));
    console.log(`Trivy oracle: ${disagreements.length - notExplained.length} explained disagreements; not reviewed yet (trivy/expected.ts PENDING_REVIEW): ${[...pending].map(([k, n]) => `${k}-only ${n}`).join(', ') || 'none'}`);
    if (SHOW) {
      for (const d of unexplained) console.log(`UNEXPLAINED ${describeDisagreement(d)}`);
      if (SHOW === 'pending') for (const d of notExplained) if (PENDING_REVIEW.has(`${d.check} ${d.side}`)) console.log(`PENDING ${describeDisagreement(d)}`);
      const counts = new Map<string, number>();
      for (const d of disagreements) {
        const e = EXPECTED.find((x) => explains(x, d));
        if (e) counts.set(`${d.check} ${d.side}-only (${e.kind}): ${e.reason}`, (counts.get(`${d.check} ${d.side}-only (${e.kind}): ${e.reason}`) ?? 0) + 1);
        if (e && SHOW === 'all') console.log(`${describeDisagreement(d)}\n    => ${e.reason}`);
      }
      for (const [key, count] of [...counts].sort()) console.log(`explained ${count}x ${key}`);
      const read = files.filter((f) => trivy.read.has(f));
      console.log(`compared ${checkIds.length} checks on ${read.reduce((n, f) => n + (rampart.get(f)?.objects.length ?? 0), 0)} objects of ${read.length} files (${compared} verdicts); not read by Trivy: ${files.filter((f) => !trivy.read.has(f)).join(' ')}`);
    }
    if (SHOW) for (const u of unplaced) console.log(`UNPLACED ${u}`);
    expect(unplaced).toEqual([]);
    expect(unexplained.map(describeDisagreement)).toEqual([]);

    // Every explained difference still occurs (by object: each object listed).
    const stale = EXPECTED.flatMap((e) => {
      if (e.objects) return e.objects.filter((o) => !disagreements.some((d) => explains({ ...e, objects: [o] }, d))).map((o) => `${e.reason} ${o}`);
      return disagreements.some((d) => explains(e, d)) ? [] : [e.reason];
    });
    expect(stale).toEqual([]);
    // The pending list only shrinks: a check and side listed there that no longer disagrees is taken off it.
    expect([...PENDING_REVIEW].filter((k) => !pending.has(k))).toEqual([]);

    // The comparison saw the mapped checks at work, apart from those no input makes Trivy fail (listed).
    const failedChecks = new Set(trivy.failures.map((f) => f.check));
    expect(checkIds.filter((c) => !failedChecks.has(c))).toEqual(NOT_FAILED_BY_TRIVY);
  }, 600_000);
});
