import yaml from 'js-yaml';
import { CHECKS } from '../../checks/index.js';
import { RULE_ID } from '../../core/rule.js';
import { record, stringList } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * Polaris' custom checks (customChecks: a JSON Schema per target) become Rampart custom rules of
 * the same target and schema. What Polaris' custom checks do beyond that has no equivalent:
 * Go templates in a schema, and schemas of other resources (additionalSchemas).
 */

const SEVERITY: Readonly<Record<string, string>> = { danger: 'high', error: 'high', warning: 'medium' };

/** Polaris' targets; anything else is a `group/Kind` or a `Kind`. `Pod` is PodSpec's name before Polaris 4. */
const TARGETS: Readonly<Record<string, string>> = { Container: 'container', PodSpec: 'pod-spec', Pod: 'pod-spec', PodTemplate: 'pod-template', Controller: 'workload' };

/** Polaris' container kinds, as its `containers` include and exclude lists name them. */
const POLARIS_CONTAINERS = ['container', 'initContainer'] as const;

/** Reads the custom checks into custom rules; returns the rule id of each check imported, by Polaris id. */
export function readCustomChecks(config: Record<string, unknown>, file: string, into: ImportedConfig): Map<string, string> {
  const ids = new Map<string, string>();
  const severities = record(config.checks) ?? {};
  for (const [id, raw] of Object.entries(record(config.customChecks) ?? {})) {
    const where = `${file} customChecks.${id}`;
    const check = record(raw) ?? {};
    const severity = SEVERITY[String(severities[id])];
    if (!severity) {
      const set = severities[id] === undefined ? 'not set' : `${String(severities[id])}, not warning or danger`;
      into.notImported.push(`${where}: not run by Polaris, as checks.${id} is ${set}`);
      continue;
    }
    const why = (reason: string) => into.notImported.push(`${where}: not carried over: ${reason}`);
    if (check.additionalSchemas !== undefined || check.additionalSchemaStrings !== undefined) {
      why('it checks other resources too (additionalSchemas), which custom rules do not');
      continue;
    }
    const schema = schemaOf(check);
    if (typeof schema === 'string') {
      why(schema);
      continue;
    }
    if (JSON.stringify(schema).includes('{{')) {
      why('its schema is a Go template, which custom rules do not fill in');
      continue;
    }
    const target = typeof check.target === 'string' ? check.target : '';
    const rule: Record<string, unknown> = { id: ruleIdOf(id), title: text(check.failureMessage) ?? id, severity };
    if (TARGETS[target]) rule.target = TARGETS[target];
    else if (/^([a-z0-9.-]*\/)?[A-Z][A-Za-z0-9]*$/.test(target)) Object.assign(rule, { target: 'object', kinds: [target] });
    else {
      why(`its target "${target}" is none of Polaris' targets`);
      continue;
    }
    const controllers = record(check.controllers) ?? {};
    if (rule.target !== 'object') {
      const include = stringList(controllers.include);
      const exclude = stringList(controllers.exclude);
      if (include.length > 0) rule.kinds = include;
      if (exclude.length > 0) rule.excludeKinds = exclude;
    }
    if (rule.target === 'container') rule.containers = containerKinds(record(check.containers) ?? {});
    const success = text(check.successMessage);
    const category = text(check.category);
    rule.description = `Imported from the Polaris custom check ${id}${category ? ` (${category})` : ''}.${success ? ` It passes as: ${success}.` : ''}`;
    rule.schema = schema;
    into.customRules.push({ rule, from: `${where} (checks.${id}: ${String(severities[id])})` });
    ids.set(id, String(rule.id));
  }
  return ids;
}

/** The check's schema: `schema`, or `schemaString` / `jsonSchema` read; a string says why there is none. */
function schemaOf(check: Record<string, unknown>): Record<string, unknown> | string {
  const written = record(check.schema);
  if (written) return written;
  const source = typeof check.schemaString === 'string' ? check.schemaString : typeof check.jsonSchema === 'string' ? check.jsonSchema : undefined;
  if (source === undefined) return 'it has no schema';
  if (source.includes('{{')) return 'its schema is a Go template, which custom rules do not fill in';
  try {
    return record(yaml.load(source)) ?? 'its schema is not a mapping';
  } catch {
    return 'its schema string is neither YAML nor JSON';
  }
}

/** Polaris containers include/exclude as Rampart's list of container kinds (Polaris reads no ephemeral containers). */
function containerKinds(containers: Record<string, unknown>): string[] {
  const include = stringList(containers.include);
  const exclude = new Set(stringList(containers.exclude));
  return POLARIS_CONTAINERS.filter((k) => (include.length === 0 || include.includes(k)) && !exclude.has(k));
}

/** imageRegistry → image-registry; `polaris-` before an id a built-in rule has. */
function ruleIdOf(id: string): string {
  const kebab = id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'polaris-check';
  const valid = RULE_ID.test(kebab) ? kebab : 'polaris-check';
  return CHECKS.get(valid) ? `polaris-${valid}` : valid;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Moves the imported custom rules whose schema does not compile to the settings not imported. The
 * JSON Schema validator is loaded here, and only when there are custom rules.
 */
export async function dropUncompiledCustomRules(into: ImportedConfig): Promise<void> {
  if (into.customRules.length === 0) return;
  const { compileSchema } = await import('../../custom-rules/json-schema.js');
  const kept = into.customRules.filter(({ rule, from }) => {
    try {
      compileSchema(record(rule.schema) ?? {});
      return true;
    } catch (error) {
      into.notImported.push(`${from}: not carried over: its schema does not compile: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  });
  into.customRules.splice(0, into.customRules.length, ...kept);
  // An exemption must not name a rule that is not there.
  const ids = new Set(kept.map(({ rule }) => String(rule.id)));
  const dropped = (rule: string) => !ids.has(rule) && CHECKS.get(rule) === undefined;
  const exemptions = into.exemptions.map((e) => ({ ...e, rules: e.rules.filter((r) => !dropped(r)) })).filter((e) => e.rules.length > 0);
  into.exemptions.splice(0, into.exemptions.length, ...exemptions);
}
