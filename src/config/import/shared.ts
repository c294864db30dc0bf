import { CHECKS } from '../../checks/index.js';
import { broaderThan, checksInRanges, checksOfRule, conceptRulesOf, rulesFor, rulesOnKinds, uncheckedOutsideRanges } from '../../checks/equivalents.js';
import yaml from 'js-yaml';
import { LineCounter, parseDocument } from 'yaml';
import { type ImportedConfig, ImportInputError, type SkippedCheck } from './types.js';

/**
 * Why a setting for `tool`'s check `id` is not carried over: no Rampart rule checks exactly what it
 * does, or (broaderThan) the rules of its concept report more than it, which it must not silence.
 */
export function noEquivalent(where: string, tool: string, noun: 'check' | 'control', id: string): string {
  const broader = broaderThan(tool, id);
  if (broader) return `${where}: ${tool} ${noun} "${id}" is not carried over, as the Rampart rules of its concept report more than it: ${broader}`;
  const unchecked = [...checksInRanges(id), ...uncheckedOutsideRanges(id)].find((c) => c.tool === tool && c.notChecked !== undefined)?.notChecked;
  if (unchecked) return `${where}: ${tool} ${noun} "${id}" is not checked by any Rampart rule: ${unchecked}`;
  const group = checksInRanges(id).find((c) => c.tool === tool);
  if (group) return `${where}: ${tool} ${noun} "${id}" is not carried over: Rampart checks it as part of "${group.concept}" (${group.rules.join(', ')}), none of them its exact equivalent`;
  return `${where}: ${tool} ${noun} "${id}" has no exact Rampart equivalent`;
}

/**
 * Turns off the rules equivalent to a check the tool's configuration turns off (off wins over on,
 * as exclusions do), once settleSkips has seen every check the configuration skips. A check that
 * looks at some kinds of object only (rulesOnKinds) becomes an exemption of its rules for those kinds.
 */
export function turnOff(into: ImportedConfig, tool: string, id: string, setting: string, until?: Pick<SkippedCheck, 'expires' | 'written' | 'reason'>): void {
  into.skipped.push({ tool, id, setting, ...until });
}

/** Records a check the tool's configuration skips with another (the other spelling of its id), saying nothing of it. */
export function skip(into: ImportedConfig, skipped: SkippedCheck): void {
  into.skipped.push({ ...skipped, quiet: true });
}

/**
 * Turns off (or, for checks skipped until a date, exempts every object from) the rules of the
 * checks one configuration skips. A rule stands for every check of the tool that a concept of
 * the coverage table holding it names (checksOfRule): Checkov's CKV_K8S_25 (any capability
 * added) and CKV_K8S_39 (SYS_ADMIN) both have dangerous-capability. A rule goes off only when
 * the configuration skips every one of them; otherwise the checks it still runs want the rule's
 * findings (a container adding SYS_ADMIN), and the rule stays on, which the file says. With
 * expiry dates, a rule is exempted until the first of its checks' dates (the day the tool reports
 * again). Called once the configuration's checks have all been recorded (skip, turnOff).
 */
export function settleSkips(into: ImportedConfig): void {
  const skipped = into.skipped.splice(0);
  for (const tool of new Set(skipped.map((s) => s.tool))) {
    // Per check, its first entry, and how long it is skipped: for good (undefined) when any entry
    // skips it for good, else to its latest date (the tool ignores a finding while one entry holds).
    const first = new Map<string, SkippedCheck>();
    const until = new Map<string, string | undefined>();
    for (const s of skipped.filter((entry) => entry.tool === tool)) {
      if (!first.has(s.id)) {
        first.set(s.id, s);
        until.set(s.id, s.expires);
      } else {
        const before = until.get(s.id);
        if (before !== undefined && (s.expires === undefined || s.expires > before)) until.set(s.id, s.expires);
      }
    }
    const state = (id: string) => (until.has(id) ? { until: until.get(id) } : undefined);
    // Exemptions by the check whose entry bounds them (the first to expire) and kinds, in order.
    const exemptions = new Map<string, { readonly entry: SkippedCheck; readonly kinds?: readonly string[]; readonly expires?: string; readonly rules: string[] }>();
    // The rules turned off or exempted on every object.
    const silenced = new Set<string>();
    for (const s of first.values()) {
      const kept: string[] = [];
      const settle = (rules: readonly string[], kinds?: readonly string[]) => {
        for (const rule of rules) {
          const cover = coverOf(tool, rule, state);
          if ('missing' in cover) {
            kept.push(`${rule} ${s.expires === undefined ? 'stays on' : 'is not exempted'}, as it also checks what ${cover.missing.join(', ')} ${cover.missing.length === 1 ? 'checks' : 'check'}, which this configuration does not skip`);
            continue;
          }
          if (kinds === undefined && cover.until === undefined) {
            turnRuleOff(into, rule, s.setting);
            silenced.add(rule);
            continue;
          }
          if (kinds === undefined) silenced.add(rule);
          const entry = cover.until === undefined ? s : (first.get(cover.bound) ?? s);
          const key = `${entry.id}\u0000${kinds?.join() ?? ''}`;
          const group = exemptions.get(key) ?? { entry, ...(kinds ? { kinds } : {}), ...(cover.until !== undefined ? { expires: cover.until } : {}), rules: [] };
          if (!group.rules.includes(rule)) group.rules.push(rule);
          exemptions.set(key, group);
        }
      };
      settle(rulesFor(tool, s.id));
      const scoped = rulesOnKinds(tool, s.id);
      if (scoped) settle(scoped.rules, scoped.kinds);
      if (kept.length > 0) into.notImported.push(`${s.setting}: ${tool} check "${s.id}": ${kept.join('; ')}`);
    }
    // A check with no rule of its own is said to be so, unless the rules of its concept went off
    // (or were exempted) with the others the configuration skips (CKV_K8S_39 with CKV_K8S_25:
    // dangerous-capability).
    for (const s of first.values()) {
      if (s.quiet || rulesFor(tool, s.id).length > 0 || rulesOnKinds(tool, s.id)) continue;
      const concept = conceptRulesOf(tool, s.id);
      if (concept.length === 0 || !concept.every((rule) => silenced.has(rule))) into.notImported.push(noEquivalent(s.setting, tool, 'check', s.id));
    }
    for (const { entry, kinds, expires, rules } of exemptions.values()) {
      const reason = entry.reason ?? `imported from ${tool} ${entry.setting}${entry.expires === undefined ? '' : ` (${entry.written ?? entry.id})`}${kinds ? ` (${tool} checks ${kinds.join(', ')} only)` : ''}`;
      into.exemptions.push({ rules, ...(kinds ? { kinds } : {}), reason, ...(expires !== undefined ? { expires } : {}) });
    }
  }
}

/**
 * Whether every check of `tool` that `rule` stands for is among the checks `state` knows, and
 * until when they all hold (the first date, and the check it is of; undefined for good), or which
 * checks are not.
 */
function coverOf(
  tool: string,
  rule: string,
  state: (id: string) => { readonly until: string | undefined } | undefined,
): { readonly until: undefined } | { readonly until: string; readonly bound: string } | { readonly missing: string[] } {
  const { ids, ranges } = checksOfRule(tool, rule);
  const missing = [...ids.filter((id) => !state(id)), ...ranges.filter((range) => range.ids.some((id) => !state(id))).map((range) => range.name)];
  if (missing.length > 0) return { missing };
  let bound: { until: string; bound: string } | undefined;
  for (const id of [...ids, ...ranges.flatMap((range) => range.ids)]) {
    const date = state(id)?.until;
    if (date !== undefined && (bound === undefined || date < bound.until)) bound = { until: date, bound: id };
  }
  return bound ?? { until: undefined };
}

/**
 * Of `rules`, the rules of checks `ids` of `tool`, those an exemption naming exactly these checks
 * may silence: the rules none of whose other checks is left out (see settleSkips). For each rule
 * left out, a note says which checks keep it; `by` names the exemption (`this exception`).
 */
export function rulesOfAll(tool: string, ids: ReadonlySet<string>, rules: readonly string[], by: string): { readonly rules: string[]; readonly notes: string[] } {
  const kept: string[] = [];
  const notes: string[] = [];
  for (const rule of rules) {
    const cover = coverOf(tool, rule, (id) => (ids.has(id) ? { until: undefined } : undefined));
    if ('missing' in cover) notes.push(`${rule} is not exempted, as it also checks what ${cover.missing.join(', ')} ${cover.missing.length === 1 ? 'checks' : 'check'}, which ${by} does not name`);
    else kept.push(rule);
  }
  return { rules: kept, notes };
}

/** Turns one rule (built in or custom) off, by its id; the first setting that does so is the one named. */
export function turnRuleOff(into: ImportedConfig, rule: string, setting: string): void {
  into.on.delete(rule);
  if (!into.off.has(rule)) into.off.set(rule, setting);
}

/** Turns on the rules equivalent to a check the tool's configuration turns on, where Rampart has them off by default. */
export function turnOn(into: ImportedConfig, tool: string, id: string, setting: string): void {
  const rules = rulesFor(tool, id);
  if (rules.length === 0) into.notImported.push(noEquivalent(setting, tool, 'check', id));
  for (const rule of rules) {
    into.enabled.add(rule);
    if (CHECKS.get(rule)?.enabledByDefault === false && !into.on.has(rule) && !into.off.has(rule)) into.on.set(rule, setting);
  }
}

/**
 * A list setting: a YAML sequence of strings, or one comma-separated string (as command-line flags
 * are written); each item is split at commas too, and trimmed. Checkov's check lists are read as
 * Checkov reads them instead (checkovList in checkov.ts).
 */
export function stringList(value: unknown): string[] {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return items.flatMap((item) => item.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A check of the tool's configuration that the tool refuses, and with it the whole file: the message says why. */
export class RefusedCheck extends Error {}

/** The line (from 1) where the value at `path` of a YAML text begins, for messages; undefined where there is none. */
export function yamlLine(text: string, path: ReadonlyArray<string | number>): number | undefined {
  const lines = new LineCounter();
  const node: unknown = parseDocument(text, { lineCounter: lines }).getIn(path, true);
  const range = typeof node === 'object' && node !== null && 'range' in node && Array.isArray(node.range) ? node.range : undefined;
  return typeof range?.[0] === 'number' ? lines.linePos(range[0]).line : undefined;
}

/** A YAML configuration file's content; an empty file is an empty mapping. */
export function parseYaml(text: string, file: string): unknown {
  try {
    return yaml.load(text, { filename: file }) ?? {};
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    throw new ImportInputError(`${file}:${(error.mark?.line ?? 0) + 1}:${(error.mark?.column ?? 0) + 1}: invalid YAML: ${error.reason}`);
  }
}

/**
 * Keys of a mapping the tool's file format does not have, listed as not imported: a file given
 * to the wrong `--from` (a kube-linter file read as Trivy's) then says so instead of importing nothing in silence.
 */
export function listUnknownKeys(value: Record<string, unknown>, known: readonly string[], where: string, tool: string, into: ImportedConfig): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) into.notImported.push(`${where}${key}: not a setting of ${tool}'s file (is --from right?)`);
  }
}
