import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import { fail, ok, type Result } from '../core/result.js';
import { unreadable } from '../inputs/files.js';
import type { K8sObject } from '../k8s/object.js';
import type { ReportSink } from '../report/format.js';
import { jsonSyntaxError } from './json-syntax.js';
import { prettyJsonAt, writePrettyObject } from '../report/pretty-json.js';
import { findingIdentity } from './identity.js';

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
    return this.fingerprints.size > 0 && this.fingerprints.has(fingerprint(finding));
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

  add(f: Finding, object: K8sObject): void {
    const print = fingerprint(f);
    this.entries.push({ fingerprint: print, identity: findingIdentity(f, object, print), ruleId: f.ruleId, object: f.object, path: f.path });
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
    // The order of the rule ID and fingerprint as one string (files written so far use it). The
    // identity only tells apart two copies of an object (same kind, namespace and name) whose
    // containers are in different orders: both entries are kept. The sort is stable, so the last
    // of equal keys is the finding that came last.
    const sorted = this.entries.map((entry) => ({ key: entry.ruleId + entry.fingerprint + entry.identity, entry }));
    sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // An object has a dozen findings or more: its JSON is made once.
    const objects = new Map<Finding['object'], string>();
    for (let i = 0; i < sorted.length; i++) {
      const { key, entry } = sorted[i] as (typeof sorted)[number];
      if (i + 1 < sorted.length && (sorted[i + 1] as (typeof sorted)[number]).key === key) continue;
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
