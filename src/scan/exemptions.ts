import type { Finding } from '../core/finding.js';
import type { Problem } from '../core/result.js';
import type { Path } from '../core/path.js';
import type { K8sObject } from '../k8s/object.js';
import type { ActiveExemption } from '../config/resolve.js';
import { type UnhonouredIgnore, otherToolIgnores } from './other-tool-ignores.js';

export const IGNORE_ANNOTATION = 'rampart.dev/ignore';
export const IGNORE_REASON_ANNOTATION = 'rampart.dev/ignore-reason';

/** Why a finding is not counted: a config exemption or an annotation on the object. */
export interface Suppression {
  readonly kind: 'config' | 'annotation';
  readonly reason: string;
  readonly expires?: string;
}

/** The exemptions an object's annotations grant. */
export interface IgnoreAnnotations {
  /** `rampart.dev/ignore` with its reason. */
  readonly rampart: { readonly rules: ReadonlySet<string>; readonly reason: string } | undefined;
  /** Rules exempted by other scanners' annotations, each with the annotation as its reason. */
  readonly otherTools: ReadonlyMap<string, string> | undefined;
}

/**
 * Reads `rampart.dev/ignore` and, when `otherTools`, other scanners' exemption annotations. With
 * `isRule`, an id in `rampart.dev/ignore` that names no rule gets a warning.
 */
export function readIgnoreAnnotations(object: K8sObject, warnings: Problem[], otherTools: boolean, isRule?: (id: string) => boolean): IgnoreAnnotations | undefined {
  const rampart = readRampartIgnore(object, warnings, isRule);
  const unhonoured: UnhonouredIgnore[] = [];
  const others = otherTools ? otherToolIgnores(object.annotations, object.kind, unhonoured) : undefined;
  for (const { key, tool, id, why } of unhonoured) {
    const { line, column } = object.locate(['metadata', 'annotations', key]);
    warnings.push({
      code: 'ignore-not-equivalent',
      message: `${object.kind} ${object.name}: ${key} silences no Rampart rule, as the rules of ${tool}'s "${id}" report more than it: ${why}`,
      location: { file: object.source.file, line, column },
    });
  }
  return rampart || others ? { rampart, otherTools: others } : undefined;
}

/**
 * `rampart.dev/ignore`; an exemption without a reason is refused with a warning, and an id that
 * names no rule (a typo, which would leave the rule it meant reporting) gets one, as such an id in
 * `.rampart.yaml` is an error.
 */
function readRampartIgnore(object: K8sObject, warnings: Problem[], isRule?: (id: string) => boolean): IgnoreAnnotations['rampart'] {
  const value = object.annotations[IGNORE_ANNOTATION];
  if (value === undefined) return undefined;
  const rules = new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const unknown = isRule ? [...rules].filter((id) => id !== '*' && !isRule(id)) : [];
  if (unknown.length > 0) {
    const { line, column } = object.locate(['metadata', 'annotations', IGNORE_ANNOTATION]);
    const names = unknown.map((id) => `"${id}"`).join(', ');
    warnings.push({
      code: 'ignore-unknown-rule',
      message: `${object.kind} ${object.name}: ${IGNORE_ANNOTATION} names ${unknown.length === 1 ? 'an unknown rule' : 'unknown rules'} ${names}, which exempts nothing (see \`rampart rules\`; ids are matched exactly, * for every rule)`,
      location: { file: object.source.file, line, column },
    });
  }
  const reason = object.annotations[IGNORE_REASON_ANNOTATION]?.trim();
  if (!reason) {
    const { line, column } = object.locate(['metadata', 'annotations', IGNORE_ANNOTATION]);
    warnings.push({
      code: 'ignore-without-reason',
      message: `${object.kind} ${object.name}: ${IGNORE_ANNOTATION} is not honoured without ${IGNORE_REASON_ANNOTATION}`,
      location: { file: object.source.file, line, column },
    });
    return undefined;
  }
  return { rules, reason };
}

/**
 * The exemption or annotation that suppresses a finding, if any. `object` and `path` (the raw path
 * of the finding) tell which container it is in, looked up only for an exemption that names containers.
 */
export function exemptionFor(
  finding: Finding,
  namespace: string,
  exemptions: readonly ActiveExemption[],
  ignores: IgnoreAnnotations | undefined,
  object?: K8sObject,
  path?: Path,
): Suppression | undefined {
  if (ignores) {
    const own = ignores.rampart;
    if (own && (own.rules.has(finding.ruleId) || own.rules.has('*'))) return { kind: 'annotation', reason: own.reason };
    const other = ignores.otherTools?.get(finding.ruleId);
    if (other !== undefined) return { kind: 'annotation', reason: other };
  }
  for (const e of exemptions) {
    if (e.rules(finding.ruleId) && e.kinds(finding.object.kind) && e.namespaces(e.namespaceAsWritten ? (finding.object.namespace ?? '') : namespace) && e.names(finding.object.name)) {
      if (e.containers) {
        const name = object && path ? containerNameAt(object, path) : undefined;
        if (name === undefined || !e.containers(name)) continue;
      }
      return { kind: 'config', reason: e.reason, ...(e.expires ? { expires: e.expires } : {}) };
    }
  }
  return undefined;
}

const CONTAINER_LISTS: ReadonlySet<string | number> = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The name of the container a finding's path is in (`spec.template.spec.initContainers[0].image`: that container's), if it is in one. */
export function containerNameAt(object: K8sObject, path: Path): string | undefined {
  let node: unknown = object.body;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    node = Array.isArray(node) && typeof key === 'number' ? node[key] : typeof node === 'object' && node !== null && typeof key === 'string' ? (node as Record<string, unknown>)[key] : undefined;
    if (node === undefined) return undefined;
    if (CONTAINER_LISTS.has(key) && typeof path[i + 1] === 'number') {
      const container = (node as unknown[])[path[i + 1] as number];
      const name = typeof container === 'object' && container !== null ? (container as Record<string, unknown>).name : undefined;
      return typeof name === 'string' ? name : undefined;
    }
  }
  return undefined;
}
