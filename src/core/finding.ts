import type { SourceLocation } from './location.js';
import type { Reference } from './references.js';
import type { Severity } from './severity.js';

/** Identifies a Kubernetes object in findings and reports. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * The one result type every analysis produces: manifest checks, PSS, RBAC risks, CVE matches,
 * benchmark results and runtime alerts.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly category: string;
  readonly title: string;
  /** Specific to this occurrence: names the container, the field and the value. */
  readonly message: string;
  readonly object: ObjectRef;
  /** Path of the offending field, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  readonly location: SourceLocation;
  /** The Helm template the object was rendered from (`# Source:` comment), when known. */
  readonly helmTemplate?: string;
  readonly remediation: string;
  readonly references: readonly Reference[];
}

export function objectLabel(ref: ObjectRef): string {
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  // A configuration file (KubeletConfiguration, kubeadm's ClusterConfiguration) has no name: its kind alone.
  return ns === '' && ref.name === '' ? ref.kind : `${ref.kind} ${ns}${ref.name}`;
}
