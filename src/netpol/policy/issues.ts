import type { Path } from '../../core/path.js';

/** Codes of the problems policy parsing reports; stable, so scripts can match on them. */
export const ISSUE_CODES = [
  'invalid-selector',
  'invalid-cidr',
  'invalid-except',
  'invalid-peer',
  'invalid-port',
  'invalid-protocol',
  'invalid-end-port',
  'invalid-policy-types',
  'invalid-rule',
  'invalid-action',
  'invalid-priority',
  'duplicate-priority',
  'duplicate-policy',
  'named-port-ip-peer',
  'named-port-mixed-peers',
  'unsupported-peer',
  'cidr-host-bits',
  'cidr-non-standard',
  'ignored-rules',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * Something wrong in a policy, at a field. An `error` is what the API server rejects (or, for
 * `named-port-ip-peer`, what can never be evaluated): the analysis does not trust the policy.
 * A `warning` is accepted by Kubernetes but probably not what the author meant.
 */
export interface PolicyIssue {
  readonly level: 'error' | 'warning';
  readonly code: IssueCode;
  readonly path: Path;
  readonly message: string;
}

export class IssueCollector {
  readonly issues: PolicyIssue[] = [];

  error(code: IssueCode, path: Path, message: string): void {
    this.issues.push({ level: 'error', code, path, message });
  }

  warning(code: IssueCode, path: Path, message: string): void {
    this.issues.push({ level: 'warning', code, path, message });
  }

  get hasErrors(): boolean {
    return this.issues.some((i) => i.level === 'error');
  }
}
