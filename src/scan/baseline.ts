import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import { fingerprint, fingerprintOfNamed } from '../core/fingerprint.js';
import { fail, ok, type Result } from '../core/result.js';
import { unreadable } from '../inputs/files.js';
import type { K8sObject } from '../k8s/object.js';
import type { ReportSink } from '../report/format.js';
import { jsonSyntaxError } from './json-syntax.js';
import { prettyJsonAt, writePrettyObject } from '../report/pretty-json.js';
import { findingIdentity, legacyFindingIdentity, podNamedIdentity, replicaName } from './identity.js';

export const BASELINE_SCHEMA_VERSION = '1';

const baselineSchema = z.object({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  findings: z.array(z.object({ fingerprint: z.string(), identity: z.string().optional() }).loose()),
});

/** Accepted findings; a scan with `--baseline` reports only what is not in it. */
export class Baseline {
  constructor(
    /** Identities of the entries that have one. */
    private readonly identities: ReadonlySet<string>,
    /** Fingerprints of the entries without an identity (written before identities existed). */
    private readonly fingerprints: ReadonlySet<string>,
  ) {}

  has(finding: Finding, object: K8sObject): boolean {
    if (this.identities.size > 0 && this.identities.has(findingIdentity(finding, object))) return true;
    // A replica's entry in a baseline written before replicas were named by their controller.
    if (this.identities.size > 0 && replicaName(object) !== undefined && this.identities.has(podNamedIdentity(finding, object))) return true;
    if (this.fingerprints.size > 0 && this.fingerprints.has(fingerprint(finding))) return true;
    // An unnamed object's entry in a baseline written before its file counted (see fingerprint).
    if (object.name !== '') return false;
    return this.identities.has(legacyFindingIdentity(finding, object)) || this.fingerprints.has(fingerprintOfNamed(finding));
  }
}

export function readBaseline(file: string): Result<Baseline> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail({ code: 'baseline-invalid', message: `cannot read baseline: ${unreadable(error)}`, location: { file } });
  }
  // A byte order mark is accepted, as in manifests.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the file's text raw (escape sequences, several lines) and gives
    // a character offset: the message says where, by line and column, and what, escaped.
    const error = jsonSyntaxError(text);
    return fail({
      code: 'baseline-invalid',
      message: `cannot read baseline: not valid JSON${error ? `: ${error.reason}` : ''}`,
      location: error ? { file, line: error.line, column: error.column } : { file },
    });
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) return fail({ code: 'baseline-invalid', message: 'not a Rampart baseline file (expected schemaVersion "1" and findings[].fingerprint)', location: { file } });
  const identities = new Set<string>();
  const fingerprints = new Set<string>();
  for (const f of parsed.data.findings) {
    if (f.identity === undefined) fingerprints.add(f.fingerprint);
    else identities.add(f.identity);
  }
  return ok(new Baseline(identities, fingerprints));
}

/** One accepted finding, as the baseline file records it (readable, not just a hash). */
export interface BaselineEntry {
  /** The JSON report's and SARIF's fingerprint; matched only where an entry has no identity. */
  readonly fingerprint: string;
  /** Matched from now on: like the fingerprint, with containers, volumes and env vars keyed by name. */
  readonly identity: string;
  readonly ruleId: string;
  readonly object: Finding['object'];
  readonly path: string;
}

/**
 * The findings of a scan, for `--baseline-write`: one entry per fingerprint and identity, sorted
 * by rule and fingerprint so that the file diffs well under review. Entries are written one by
 * one, so a baseline of 100k+ findings never exists as one string.
 */
export class BaselineCollector {
  /** In arrival order; sorted, and repeated entries dropped, only when written. */
  private readonly entries: BaselineEntry[] = [];

  /** One copy of each path: findings of many objects share the same few hundred. */
  private readonly paths = new Map<string, string>();

  add(f: Finding, object: K8sObject): void {
    const print = fingerprint(f);
    let path = this.paths.get(f.path);
    if (path === undefined) this.paths.set(f.path, (path = f.path));
    this.entries.push({ fingerprint: print, identity: findingIdentity(f, object, print), ruleId: f.ruleId, object: f.object, path });
  }

  /** The baseline file, in the layout of `JSON.stringify(file, null, 2)`. */
  write(sink: ReportSink): void {
    writePrettyObject(sink, [
      ['schemaVersion', { value: BASELINE_SCHEMA_VERSION }],
      ['findings', { items: this.items() }],
    ]);
  }

  /** Each entry as `prettyJsonAt(entry, 2)` writes it. */
  private *items(): Generator<string> {
    // Ordered as the rule ID, fingerprint and identity joined into one string (files written so
    // far use that order), compared without joining them: 100k+ joined keys would add tens of MB
    // to the scan's peak. The identity only tells apart two copies of an object (same kind,
    // namespace and name) whose containers are in different orders: both entries are kept. The
    // sort is stable, so the last of equal entries is the finding that came last.
    const sorted = this.entries;
    sorted.sort(compareEntries);
    // An object has a dozen findings or more: its JSON is made once.
    const objects = new Map<Finding['object'], string>();
    for (let i = 0; i < sorted.length; i++) {
      const entry = sorted[i] as BaselineEntry;
      const next = sorted[i + 1];
      if (next !== undefined && next.ruleId === entry.ruleId && next.fingerprint === entry.fingerprint && next.identity === entry.identity) continue;
      let object = objects.get(entry.object);
      if (object === undefined) {
        object = prettyJsonAt(entry.object, 3);
        objects.set(entry.object, object);
      }
      // The fields of a BaselineEntry, in its order.
      yield `{\n      "fingerprint": ${JSON.stringify(entry.fingerprint)},\n      "identity": ${JSON.stringify(entry.identity)},\n      "ruleId": ${JSON.stringify(entry.ruleId)},\n      "object": ${object},\n      "path": ${JSON.stringify(entry.path)}\n    }`;
    }
  }
}

/** The order of `ruleId + fingerprint + identity`, as strings compare (by UTF-16 code unit). */
export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  // Fingerprints all have the same length: unless one rule ID is a prefix of the other, the
  // joined strings compare as their parts in turn.
  if (a.ruleId === b.ruleId && a.fingerprint.length === b.fingerprint.length) {
    if (a.fingerprint !== b.fingerprint) return a.fingerprint < b.fingerprint ? -1 : 1;
    return a.identity === b.identity ? 0 : a.identity < b.identity ? -1 : 1;
  }
  if (!a.ruleId.startsWith(b.ruleId) && !b.ruleId.startsWith(a.ruleId)) return a.ruleId < b.ruleId ? -1 : 1;
  return compareJoined([a.ruleId, a.fingerprint, a.identity], [b.ruleId, b.fingerprint, b.identity]);
}

function compareJoined(a: readonly string[], b: readonly string[]): number {
  let ai = 0;
  let aj = 0;
  let bi = 0;
  let bj = 0;
  for (;;) {
    while (ai < a.length && aj >= (a[ai] as string).length) {
      ai++;
      aj = 0;
    }
    while (bi < b.length && bj >= (b[bi] as string).length) {
      bi++;
      bj = 0;
    }
    if (ai === a.length) return bi === b.length ? 0 : -1;
    if (bi === b.length) return 1;
    const d = (a[ai] as string).charCodeAt(aj++) - (b[bi] as string).charCodeAt(bj++);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
}
