import type { PodLike, PssViolation } from '../../pss/api.js';
import { evaluatePod, formatPssReason, formatPssReasonSummary } from '../../pss/index.js';
import { type LevelVersion, levelVersionKey } from './levels.js';

/** A pod's result at one level+version, in the two forms PSA prints. */
export interface PodResult {
  readonly allowed: boolean;
  readonly violations: readonly PssViolation[];
}

/**
 * Evaluates one pod at several level+versions, each at most once (PSA reuses the enforce result
 * for audit and warn when they name the same policy).
 */
export class PodEvaluator {
  private readonly cache = new Map<string, PodResult>();

  constructor(private readonly pod: PodLike) {}

  at(policy: LevelVersion): PodResult {
    const key = levelVersionKey(policy);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const result: PodResult = policy.level === 'privileged' ? { allowed: true, violations: [] } : evaluatePod(this.pod, policy);
    this.cache.set(key, result);
    return result;
  }
}

/** `host namespaces (hostNetwork=true), privileged (...)`: upstream's AggregateCheckResult.ForbiddenDetail. */
export const forbiddenDetail = (violations: readonly PssViolation[]): string => formatPssReason(violations);

/** `host namespaces, privileged`: upstream's ForbiddenReason, used when many pods are summarised. */
export const forbiddenReason = (violations: readonly PssViolation[]): string => formatPssReasonSummary(violations);
