import { CHECKS } from '../../checks/index.js';
import { broaderThan, checksInRanges, rulesFor, rulesOnKinds, uncheckedOutsideRanges } from '../../checks/equivalents.js';
import yaml from 'js-yaml';
import { type ImportedConfig, ImportInputError } from './types.js';

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
 * as exclusions do). A check that looks at some kinds of object only (rulesOnKinds) becomes an
 * exemption of its rules for those kinds.
 */
export function turnOff(into: ImportedConfig, tool: string, id: string, setting: string): void {
  const rules = rulesFor(tool, id);
  const scoped = rulesOnKinds(tool, id);
  if (scoped) into.exemptions.push({ rules: scoped.rules, kinds: scoped.kinds, reason: `imported from ${tool} ${setting} (${tool} checks ${scoped.kinds.join(', ')} only)` });
  else if (rules.length === 0) into.notImported.push(noEquivalent(setting, tool, 'check', id));
  for (const rule of rules) turnRuleOff(into, rule, setting);
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
