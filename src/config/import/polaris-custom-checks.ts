import yaml from 'js-yaml';
import { customRuleId, nonEmptyText } from './custom-rules.js';
import { goJsonMarshal } from './go-json-marshal.js';
import { record, stringList } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * Polaris' custom checks (customChecks: a JSON Schema per target) become Rampart custom rules of
 * the same target and schema. Polaris renders every schema as a Go template with the object (a
 * `schema:` map first written as encoding/json writes it); one that uses the template language
 * becomes a `schemaTemplate` of that same text, and its schemas of other resources
 * (additionalSchemas, additionalSchemaStrings) become the rule's `additionalSchemas`. Container and
 * pod spec checks are `typed`: Polaris validates those through their Go types.
 */

const SEVERITY: Readonly<Record<string, string>> = { danger: 'high', error: 'high', warning: 'medium' };

/** Polaris' targets; anything else names a kind (`apps/Deployment`, of which Polaris compares only the kind). */
const TARGETS: Readonly<Record<string, string>> = { Container: 'container', PodSpec: 'pod-spec', PodTemplate: 'pod-template', Controller: 'workload' };

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
    if (check.schemaTarget !== undefined && check.schemaTarget !== '') {
      why(`its schemaTarget validates a pod spec holding only the container checked, which custom rules do not build (write the schema for the container, target Container)`);
      continue;
    }
    const condition = conditionOf(check);
    if (typeof condition === 'string') {
      why(condition);
      continue;
    }
    const additional = additionalSchemasOf(check);
    if (typeof additional === 'string') {
      why(additional);
      continue;
    }
    const target = typeof check.target === 'string' ? check.target : '';
    const rule: Record<string, unknown> = { id: customRuleId(id, 'polaris'), title: nonEmptyText(check.failureMessage) ?? id, severity };
    const kind = /^(?:[a-z0-9.-]*\/)?([A-Z][A-Za-z0-9]*)$/.exec(target)?.[1];
    if (TARGETS[target]) rule.target = TARGETS[target];
    else if (kind) Object.assign(rule, { target: 'object', kinds: [kind] });
    else {
      why(`its target "${target}" is none of Polaris' targets`);
      continue;
    }
    const controllers = record(check.controllers) ?? {};
    // Polaris leaves controllers.include and exclude to all checks but those of pod templates.
    const include = stringList(controllers.include);
    const exclude = stringList(controllers.exclude);
    if (rule.target === 'object' && include.length > 0 && !include.includes(kind ?? '')) {
      why(`its controllers.include (${include.join(', ')}) leaves out its own target kind`);
      continue;
    }
    if (rule.target === 'object' && exclude.includes(kind ?? '')) {
      why('its controllers.exclude leaves out its own target kind');
      continue;
    }
    if (rule.target !== 'object' && rule.target !== 'pod-template') {
      if (include.length > 0) rule.kinds = include;
      if (exclude.length > 0) rule.excludeKinds = exclude;
    }
    if (rule.target === 'container') rule.containers = containerKinds(record(check.containers) ?? {});
    // Polaris validates a container or pod spec through its Go type (json.Marshal of corev1.Container, PodSpec).
    if (rule.target === 'container' || rule.target === 'pod-spec') rule.typed = true;
    const success = nonEmptyText(check.successMessage);
    const category = nonEmptyText(check.category);
    rule.description = `Imported from the Polaris custom check ${id}${category ? ` (${category})` : ''}.${success ? ` It passes as: ${success}.` : ''}`;
    Object.assign(rule, condition);
    if (additional) rule.additionalSchemas = additional;
    const notes = [target === 'Pod' ? "target Pod names the kind Pod, as in Polaris since version 4 (PodSpec is the pod spec of every workload)" : undefined, kind && target.includes('/') ? `Polaris compares only the kind of target ${target}` : undefined].filter(Boolean);
    into.customRules.push({ rule, from: `${where} (checks.${id}: ${String(severities[id])})${notes.length > 0 ? `; ${notes.join('; ')}` : ''}` });
    ids.set(id, String(rule.id));
  }
  return ids;
}

/**
 * The check's condition: `schema` (a map) or `schemaString` (YAML or JSON, which wins), as a plain
 * schema, or as a schema template when it uses the template language; a string says why there is none.
 */
function conditionOf(check: Record<string, unknown>): { schema: Record<string, unknown> } | { schemaTemplate: string } | string {
  if (typeof check.schemaString === 'string' && check.schemaString.trim() !== '') return plainOrTemplate(check.schemaString);
  const written = record(check.schema);
  if (written) return plainOrTemplate(goJsonMarshal(written));
  if (typeof check.jsonSchema === 'string') return "its schema is under jsonSchema, which Polaris no longer reads (so it passes every object there): move it to schemaString";
  return 'it has no schema';
}

function plainOrTemplate(text: string): { schema: Record<string, unknown> } | { schemaTemplate: string } | string {
  if (text.includes('{{')) return { schemaTemplate: text };
  try {
    const schema = record(yaml.load(text));
    return schema ? { schema } : 'its schema is not a mapping';
  } catch {
    return 'its schema string is neither YAML nor JSON';
  }
}

/** additionalSchemaStrings, and additionalSchemas written as Polaris writes them (which win for the same key). */
function additionalSchemasOf(check: Record<string, unknown>): Record<string, Record<string, unknown> | string> | undefined | string {
  const out: Record<string, Record<string, unknown> | string> = {};
  for (const [key, text] of Object.entries(record(check.additionalSchemaStrings) ?? {})) {
    if (typeof text !== 'string') return `its additionalSchemaStrings.${key} is not a string`;
    out[key] = text;
  }
  for (const [key, schema] of Object.entries(record(check.additionalSchemas) ?? {})) {
    const map = record(schema);
    if (!map) return `its additionalSchemas.${key} is not a mapping`;
    const text = goJsonMarshal(map);
    out[key] = text.includes('{{') ? text : map;
  }
  const keys = Object.keys(out);
  const odd = keys.find((k) => !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z][A-Za-z0-9]*$/.test(k));
  if (odd !== undefined) return `its additional schema key "${odd}" is not group/Kind, so Polaris finds no object under it`;
  return keys.length > 0 ? out : undefined;
}

/** Polaris containers include/exclude as Rampart's list of container kinds (Polaris reads no ephemeral containers). */
function containerKinds(containers: Record<string, unknown>): string[] {
  const include = stringList(containers.include);
  const exclude = new Set(stringList(containers.exclude));
  return POLARIS_CONTAINERS.filter((k) => (include.length === 0 || include.includes(k)) && !exclude.has(k));
}

