import yaml from 'js-yaml';
import { customRuleId, nonEmptyText } from './custom-rules.js';
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
    const rule: Record<string, unknown> = { id: customRuleId(id, 'polaris'), title: nonEmptyText(check.failureMessage) ?? id, severity };
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
    const success = nonEmptyText(check.successMessage);
    const category = nonEmptyText(check.category);
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

