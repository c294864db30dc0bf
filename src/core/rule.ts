import type { Reference } from './references.js';
import type { Severity } from './severity.js';

export const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** What every rule (manifest check, RBAC risk, benchmark item, runtime rule) documents about itself. */
export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: string;
  /** Why it matters: the risk, in a sentence or three. */
  readonly description: string;
  readonly remediation: string;
  readonly references: readonly Reference[];
}
