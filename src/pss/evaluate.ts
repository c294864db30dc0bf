import { asRecord } from '../k8s/access.js';
import type { PodLike, PssEvaluation, PssPolicy, PssViolation } from './api.js';
import type { CheckFailure } from './check.js';
import { checkAt, compiledChecks } from './registry.js';
import { podView } from './view.js';

const ALLOWED: PssEvaluation = Object.freeze({ allowed: true, violations: Object.freeze([]) as readonly PssViolation[] });

/**
 * Evaluates a pod (or pod template: its metadata and spec) against a Pod Security Standards
 * level and version, exactly as pod-security-admission does. The privileged level allows
 * everything; 'latest' and versions newer than the newest check evaluate as the newest.
 * The pod is untrusted input: it is read as the API server's typed decoding and defaulting would
 * leave it (see view.ts). Pass a Pod object whole (with `kind: Pod`): the defaulting of a Pod
 * differs slightly from a template's.
 */
export function evaluatePod(pod: PodLike, policy: PssPolicy): PssEvaluation {
  const checks = compiledChecks(policy.level, policy.version);
  if (checks.length === 0) return ALLOWED;
  const view = viewOf(pod);
  let violations: PssViolation[] | undefined;
  for (const check of checks) {
    const failure = check.run(view);
    if (failure) (violations ??= []).push({ check: check.id, reason: failure.reason, detail: failure.detail, fields: failure.fields });
  }
  return violations ? { allowed: false, violations } : ALLOWED;
}

/** Upstream's placeholder for a failed check without a reason. */
export const UNKNOWN_FORBIDDEN_REASON = 'unknown forbidden reason';

/**
 * The denial text pod-security-admission puts after `violates PodSecurity "restricted:latest": `
 * (AggregateCheckResult.ForbiddenDetail): `reason1 (detail1), reason2, reason3 (detail3)`; the
 * parenthesis is left out when a detail is empty.
 */
export function formatPssReason(violations: readonly Pick<PssViolation, 'reason' | 'detail'>[]): string {
  let out = '';
  for (let i = 0; i < violations.length; i++) {
    const v = violations[i] as Pick<PssViolation, 'reason' | 'detail'>;
    if (i > 0) out += ', ';
    out += v.reason === '' ? UNKNOWN_FORBIDDEN_REASON : v.reason;
    if (v.detail !== '') out += ` (${v.detail})`;
  }
  return out;
}

/** The reasons alone, comma-separated (AggregateCheckResult.ForbiddenReason), as in namespace-level warnings. */
export function formatPssReasonSummary(violations: readonly Pick<PssViolation, 'reason'>[]): string {
  return violations.map((v) => (v.reason === '' ? UNKNOWN_FORBIDDEN_REASON : v.reason)).join(', ');
}

// Scan rules ask one check at a time about the same pod: build its view once.
const views = new WeakMap<object, ReturnType<typeof podView>>();

function viewOf(pod: PodLike): ReturnType<typeof podView> {
  // Untrusted input may not even be an object (and then cannot key a WeakMap).
  if (typeof pod !== 'object' || pod === null) return podView(undefined);
  let view = views.get(pod);
  if (!view) views.set(pod, (view = podView(asRecord(pod))));
  return view;
}

/**
 * One check's verdict on a pod at a policy version (whatever the level), for scan rules that
 * report a Pod Security Standards control in their own words: undefined when the pod passes.
 */
export function runPssCheck(pod: PodLike, checkId: string, version: number | 'latest' = 'latest'): CheckFailure | undefined {
  const run = checkAt(checkId, version);
  if (!run) throw new Error(`unknown Pod Security Standards check "${checkId}"`);
  return run(viewOf(pod));
}
