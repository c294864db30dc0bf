import { CHECKS } from '../../checks/index.js';
import { knownCheckIds, rulesFor } from '../../checks/equivalents.js';
import { searchMatcher } from '../../core/full-match.js';
import { compileGlob } from '../glob.js';
import { groupHasKind } from '../../k8s/kind-groups.js';
import { jsonSyntaxError } from '../../scan/json-syntax.js';
import { noEquivalent, record, rulesOfAll } from './shared.js';
import { type ConfigImporter, type ImportedConfig, ImportInputError } from './types.js';

/*
 * Kubescape's exceptions file (`--exceptions FILE`): a list of `postureExceptionPolicy` entries
 * naming controls (`posturePolicies[].controlID`) and the resources they do not apply to
 * (`resources[].attributes`: namespace, name and kind, each a regular expression matched against
 * the whole value; other attributes are labels). Each
 * resource becomes a `.rampart.yaml` exemption for the rules equivalent to those controls.
 * Only what globs can say exactly is carried over: literal values, and `.*` for anything.
 * Posture policies limited to a framework or a rule, control names and other attributes (labels,
 * cluster) are listed instead.
 */
export const kubescapeImporter: ConfigImporter = {
  tool: 'Kubescape',
  read(text, file, into) {
    // Kubescape decodes the file as JSON (its getter's GetExceptions): a trailing comma, a comment
    // or YAML is refused, and so is anything but a list.
    const syntax = jsonSyntaxError(text);
    if (syntax) throw new ImportInputError(`${file}:${syntax.line}:${syntax.column}: invalid JSON: ${syntax.reason} (Kubescape reads its exceptions file as JSON, and refuses it)`);
    const document: unknown = JSON.parse(text);
    if (document !== null && !Array.isArray(document)) throw new ImportInputError(`${file}: not a JSON list of exceptions, which Kubescape refuses`);
    const policies: unknown[] = document ?? [];
    policies.forEach((raw, i) => policy(record(raw) ?? {}, `${file} [${i}]${typeof record(raw)?.name === 'string' ? ` "${String(record(raw)?.name)}"` : ''}`, into));
  },
};

const ATTRIBUTES = ['namespace', 'name', 'kind'] as const;

function policy(entry: Record<string, unknown>, where: string, into: ImportedConfig): void {
  if (entry.policyType !== undefined && entry.policyType !== 'postureExceptionPolicy') return;
  const controls: string[] = [];
  for (const raw of Array.isArray(entry.posturePolicies) ? entry.posturePolicies : []) {
    const p = record(raw) ?? {};
    const controlID = typeof p.controlID === 'string' ? p.controlID : '';
    // Kubescape applies a posture policy that names a framework or a rule only to that
    // framework's results or that rule of the control (ruleHasExceptions): no Rampart exemption
    // says so, and one for the control alone would exempt more.
    const narrowing = (['frameworkName', 'ruleName'] as const).filter((key) => typeof p[key] === 'string' && p[key] !== '');
    if (controlID === '') into.notImported.push(`${where}: ${Object.keys(p).join(', ') || 'an empty posture policy'} (only controlID is carried over)`);
    else if (narrowing.length > 0) {
      const named = narrowing.map((key) => `${key} "${String(p[key])}"`).join(' and ');
      into.notImported.push(`${where}: controlID "${controlID}" with ${named}: Kubescape applies it only to ${narrowing.includes('frameworkName') ? "that framework's results" : 'that rule of the control'}, which a Rampart exemption cannot say; not carried over`);
    } else controls.push(...controlIds(controlID, where, into));
  }
  // A rule is exempted only when the exception names every control it stands for: Kubescape
  // still reports the others on the resources it lists (C-0038 and C-0276 both have host-ipc).
  const exact = rulesOfAll('Kubescape', new Set(controls), [...new Set(controls.flatMap((id) => rulesFor('Kubescape', id)))].sort(), 'this exception');
  for (const note of exact.notes) into.notImported.push(`${where}: ${note}`);
  const rules = exact.rules;
  if (rules.length === 0) return;
  // Kubescape applies an exception to the resources it lists, each matched by its attributes: with
  // none listed, or a resource with no attribute set, it exempts nothing (GetResourceExceptions,
  // hasException), and so does the import.
  const resources = Array.isArray(entry.resources) ? entry.resources : [];
  if (resources.length === 0) {
    into.notImported.push(`${where}: lists no resources, so Kubescape exempts nothing with it; not carried over`);
    return;
  }
  resources.forEach((raw, r) => {
    const attributes = record(record(raw)?.attributes) ?? {};
    if (isEmptyDesignator(attributes)) {
      into.notImported.push(`${where} resources[${r}]: sets no attribute, so Kubescape matches no resource with it; not carried over`);
      return;
    }
    const unknown = Object.keys(attributes).filter((k) => !(ATTRIBUTES as readonly string[]).includes(k));
    const globs: Partial<Record<(typeof ATTRIBUTES)[number], string>> = {};
    let exact = unknown.length === 0;
    for (const key of ATTRIBUTES) {
      const value = attributes[key];
      if (value === undefined) continue;
      const glob = typeof value === 'string' ? globOf(value) : undefined;
      if (glob === undefined) exact = false;
      else if (glob !== '*' && glob !== '') globs[key] = glob;
    }
    if (!exact) {
      into.notImported.push(`${where} resources[${r}]: attributes ${JSON.stringify(attributes)} use labels or regular expressions other than literal text and ".*", which Rampart's exemptions cannot say exactly`);
      return;
    }
    // Rules that never report on the exception's kind are left out of its exemption (they would
    // match nothing); a subject kind says why, as that is where Kubescape and Rampart differ.
    const kind = globs.kind;
    const reported = kind ? rules.filter((rule) => reportsOnKind(rule, kind)) : rules;
    const dropped = rules.filter((rule) => !reported.includes(rule));
    if (kind && (reported.length === 0 || SUBJECT_KINDS.has(kind)) && dropped.length > 0) into.notImported.push(`${where} resources[${r}]: ${notReportedOn(kind, dropped)}`);
    if (reported.length === 0) return;
    into.exemptions.push({
      rules: reported,
      ...(globs.kind ? { kinds: [globs.kind] } : {}),
      ...(globs.namespace ? { namespaces: [globs.namespace] } : {}),
      ...(globs.name ? { names: [globs.name] } : {}),
      reason: `imported from Kubescape ${where}`,
    });
  });
}

/**
 * The controls a posture policy's controlID names, as Kubescape compares it with each control's id:
 * the same text in any case, or a regular expression (RE2, matched whole, in any case: `C-004[14]`)
 * that matches it. A pattern stands for the controls of the coverage table it matches; the
 * controls named that no Rampart rule checks exactly are listed.
 */
function controlIds(written: string, where: string, into: ImportedConfig): string[] {
  if (/^C-\d+$/i.test(written)) {
    const id = written.toUpperCase();
    if (rulesFor('Kubescape', id).length === 0) into.notImported.push(noEquivalent(where, 'Kubescape', 'control', id));
    return [id];
  }
  let matches: (id: string) => boolean;
  try {
    // regexCompareI: "(?i)^" + pattern + "$", the pattern not grouped.
    matches = searchMatcher(`(?i)^${written}$`);
  } catch {
    into.notImported.push(`${where}: controlID "${written}" names no control: Kubescape reads it as a regular expression, and this one does not compile`);
    return [];
  }
  const ids = knownCheckIds('Kubescape').filter((id) => id.toLowerCase() === written.toLowerCase() || matches(id));
  const without = ids.filter((id) => rulesFor('Kubescape', id).length === 0);
  if (ids.length === 0) into.notImported.push(`${where}: controlID "${written}" (a regular expression to Kubescape) matches none of the controls Rampart knows`);
  else if (without.length > 0) into.notImported.push(`${where}: controlID "${written}" (a regular expression to Kubescape) matches ${without.length} control${without.length === 1 ? '' : 's'} with no exact Rampart rule (${without.join(', ')}), whose rules stay as they are`);
  return ids;
}

/** Kubescape's designator attributes of their own; any other key is a label (DigestPortalDesignator). */
const DESIGNATOR_KEYS = ['cluster', 'namespace', 'kind', 'name', 'resourceID', 'path'];

/** Whether attributes designate nothing: no label, and each of Kubescape's own attributes unset or empty. */
function isEmptyDesignator(attributes: Record<string, unknown>): boolean {
  return Object.entries(attributes).every(([key, value]) => DESIGNATOR_KEYS.includes(key) && (value === '' || value === undefined || value === null));
}

/**
 * A Kubescape attribute (a regular expression matched against the whole value) as a glob, when it
 * is literal text with `.*` between: `web-.*` is `web-*`. Anything else has no exact glob.
 */
export function globOf(pattern: string): string | undefined {
  const parts = pattern.split('.*');
  return parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p)) ? parts.join('*') : undefined;
}

/** Whether `rule` can report on objects of a kind matching `kindGlob`. */
function reportsOnKind(rule: string, kindGlob: string): boolean {
  const target = CHECKS.get(rule)?.target;
  return target !== undefined && groupHasKind(target, compileGlob(kindGlob));
}

const SUBJECT_KINDS = new Set(['User', 'Group', 'ServiceAccount']);

/** Why an exception for `kind` silences nothing in Rampart: none of the rules reports on that kind. */
function notReportedOn(kind: string, rules: readonly string[]): string {
  const base = `kind "${kind}" is not a kind that ${rules.join(', ')} ${rules.length === 1 ? 'reports' : 'report'} on, so an exemption of ${rules.length === 1 ? 'it' : 'them'} for that kind would silence nothing`;
  // Kubescape reports its RBAC controls on the subjects a binding grants to.
  return SUBJECT_KINDS.has(kind) ? `${base}; Kubescape reports these controls on the subject a binding grants to, Rampart on the roles and bindings, which this exception does not name` : base;
}
