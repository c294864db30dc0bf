import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { polarisForm, type TemplateData } from './polaris-data.js';
import { compileSchema, type SchemaValidator } from './json-schema.js';
import { RuleFieldError } from './rule-field-error.js';
import { type RenderedSchema, schemaTemplate } from './schema-template.js';

/*
 * Polaris' multi-resource checks (additionalSchemas): once the target passes its own schema, each
 * `group/Kind` listed must have some object in the target's namespace that passes that kind's
 * schema; none at all fails too. As Polaris gathers them: objects keyed by the group of their
 * apiVersion and their kind (`policy/PodDisruptionBudget`; `Namespace` for the core group), in the
 * namespace written in the target's metadata (a Namespace's own name), together with every object
 * whose metadata names no namespace, cluster-scoped or not: nothing is defaulted to `default`.
 */

/** What an additional schema says of a target: nothing when it holds, else why not. */
export type AdditionalJudge = (target: K8sObject, index: ObjectIndex, data: () => TemplateData) => string | undefined;

export function additionalSchemasJudge(ruleId: string, schemas: Readonly<Record<string, Record<string, unknown> | string>>): AdditionalJudge {
  const entries = Object.entries(schemas).map(([key, schema]) => ({ key, source: sourceOf(ruleId, key, schema) }));
  return (target, index, data) => {
    const namespace = target.kind === 'Namespace' && target.group === '' ? target.name : (target.namespace ?? '');
    for (const { key, source } of entries) {
      const rendered = source(data);
      if (rendered.kind === 'blank') continue;
      if (rendered.kind === 'error') return `additional schema ${key}: ${rendered.message}`;
      const candidates = objectsOf(index, key).filter((o) => o.namespace === undefined || o.namespace === namespace);
      if (candidates.length === 0) return `no ${key} in namespace "${namespace}" or without one`;
      if (!candidates.some((o) => rendered.validate(polarisForm(o)) === undefined)) {
        return `no ${key} in namespace "${namespace}" or without one satisfies its additional schema (${candidates.length} checked)`;
      }
    }
    return undefined;
  };
}

/** A schema as written (the same for every target) or a template rendered with the target's data. */
function sourceOf(ruleId: string, key: string, schema: Record<string, unknown> | string): (data: () => TemplateData) => RenderedSchema {
  if (typeof schema !== 'string') {
    const fixed: RenderedSchema = { kind: 'schema', validate: compileOrThrow(key, schema) };
    return () => fixed;
  }
  const render = withKey(key, () => schemaTemplate(ruleId, schema), "is not a template Go's text/template parses");
  return (data) => {
    const { data: value, options } = data();
    return render(value, options);
  };
}

function compileOrThrow(key: string, schema: Record<string, unknown>): SchemaValidator {
  return withKey(key, () => compileSchema(schema), 'is not a valid JSON Schema');
}

function withKey<T>(key: string, make: () => T, what: string): T {
  try {
    return make();
  } catch (error) {
    throw new RuleFieldError(`its additional schema for ${key} ${what}: ${error instanceof Error ? error.message : String(error)}`, ['additionalSchemas', key]);
  }
}

const byKey = new WeakMap<ObjectIndex, Map<string, K8sObject[]>>();

/** The objects of the scan under a Polaris key: `group/Kind`, or `Kind` in the core group. */
function objectsOf(index: ObjectIndex, key: string): readonly K8sObject[] {
  let keyed = byKey.get(index);
  if (!keyed) {
    keyed = new Map();
    for (const o of index.objects) {
      const k = o.group === '' ? o.kind : `${o.group}/${o.kind}`;
      const list = keyed.get(k);
      if (list) list.push(o);
      else keyed.set(k, [o]);
    }
    byKey.set(index, keyed);
  }
  return keyed.get(key) ?? [];
}
