import type { Finding } from '../core/finding.js';
import type { Problem } from '../core/result.js';
import type { K8sObject } from '../k8s/object.js';
import type { ActiveExemption } from '../config/resolve.js';

export const IGNORE_ANNOTATION = 'rampart.dev/ignore';
export const IGNORE_REASON_ANNOTATION = 'rampart.dev/ignore-reason';

/** Why a finding is not counted: a config exemption or an annotation on the object. */
export interface Suppression {
  readonly kind: 'config' | 'annotation';
  readonly reason: string;
  readonly expires?: string;
}

export interface IgnoreAnnotations {
  readonly rules: ReadonlySet<string>;
  readonly reason: string;
}

/** Reads `rampart.dev/ignore`; an exemption without a reason is refused with a warning. */
export function readIgnoreAnnotations(object: K8sObject, warnings: Problem[]): IgnoreAnnotations | undefined {
  const value = object.annotations[IGNORE_ANNOTATION];
  if (value === undefined) return undefined;
  const reason = object.annotations[IGNORE_REASON_ANNOTATION]?.trim();
  if (!reason) {
    const line = object.locate(['metadata', 'annotations', IGNORE_ANNOTATION]).line;
    warnings.push({
      code: 'ignore-without-reason',
      message: `${object.kind} ${object.name}: ${IGNORE_ANNOTATION} is not honoured without ${IGNORE_REASON_ANNOTATION}`,
      location: { file: object.source.file, line },
    });
    return undefined;
  }
  const rules = new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  return { rules, reason };
}

export function exemptionFor(
  finding: Finding,
  namespace: string,
  exemptions: readonly ActiveExemption[],
  ignores: IgnoreAnnotations | undefined,
): Suppression | undefined {
  if (ignores && (ignores.rules.has(finding.ruleId) || ignores.rules.has('*'))) {
    return { kind: 'annotation', reason: ignores.reason };
  }
  for (const e of exemptions) {
    if (e.rules(finding.ruleId) && e.kinds(finding.object.kind) && e.namespaces(namespace) && e.names(finding.object.name)) {
      return { kind: 'config', reason: e.reason, ...(e.expires ? { expires: e.expires } : {}) };
    }
  }
  return undefined;
}
