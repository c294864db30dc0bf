import type { Finding, ObjectRef } from '../core/finding.js';
import type { SourceLocation } from '../core/location.js';
import { type Reference, mitre } from '../core/references.js';
import type { RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import type { Alert } from './engine.js';
import type { CompiledRule } from './rules/compiler.js';
import type { Priority } from './rules/priority.js';
import { getPath } from './sources/json-value.js';

/** Falco priorities on Rampart's severity scale. */
const SEVERITY: Readonly<Record<Priority, Severity>> = {
  Emergency: 'critical',
  Alert: 'critical',
  Critical: 'critical',
  Error: 'high',
  Warning: 'medium',
  Notice: 'low',
  Informational: 'info',
  Debug: 'info',
};

/** A stable kebab-case id for a Falco rule name: `Create Privileged Pod` -> `falco-create-privileged-pod`. */
export function falcoRuleId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `falco-${slug || 'rule'}`;
}

/** MITRE ATT&CK technique tags (`T1610`, `T1552.007`) as references. */
function references(tags: readonly string[]): Reference[] {
  return tags.filter((t) => /^T\d{4}(\.\d{3})?$/.test(t)).map((t) => mitre(t, t));
}

export function runtimeRuleMeta(rule: CompiledRule): RuleMeta {
  return {
    id: falcoRuleId(rule.name),
    title: rule.name,
    severity: SEVERITY[rule.priority],
    category: 'runtime',
    description: rule.desc.trim(),
    remediation: `Investigate the event that matched the Falco rule "${rule.name}"; if it is expected, add an exception to the rule.`,
    references: references(rule.tags),
  };
}

/** The object a Kubernetes audit event is about (its objectRef), or the event itself. */
function objectOf(payload: unknown): ObjectRef {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const group = str(getPath(payload, ['objectRef', 'apiGroup']));
  const version = str(getPath(payload, ['objectRef', 'apiVersion'])) ?? '';
  const namespace = str(getPath(payload, ['objectRef', 'namespace']));
  return {
    apiVersion: group ? `${group}/${version}` : version,
    kind: str(getPath(payload, ['objectRef', 'resource'])) ?? 'event',
    ...(namespace ? { namespace } : {}),
    name:
      str(getPath(payload, ['objectRef', 'name'])) ??
      str(getPath(payload, ['responseObject', 'metadata', 'name'])) ??
      str(getPath(payload, ['requestObject', 'metadata', 'name'])) ??
      str(getPath(payload, ['auditID'])) ??
      '',
  };
}

/** An alert as a Rampart finding (alerts add the event: its output and where it was read). */
export function alertFinding(alert: Alert, meta: RuleMeta, payload: unknown, location: SourceLocation): Finding {
  return {
    ruleId: meta.id,
    severity: meta.severity,
    category: meta.category,
    title: meta.title,
    message: alert.output,
    object: objectOf(payload),
    path: 'objectRef',
    location,
    remediation: meta.remediation,
    references: meta.references,
  };
}
