import type { Path } from '../core/path.js';
import type { PodView } from './view.js';

/** A failed check before the engine names it: upstream's ForbiddenReason and ForbiddenDetail. */
export interface CheckFailure {
  readonly reason: string;
  readonly detail: string;
  /** The offending fields, paths into the pod; for a missing field, where it belongs. */
  readonly fields: readonly Path[];
}

/** One version of a check's logic: undefined when the pod passes. */
export type CheckFn = (pod: PodView) => CheckFailure | undefined;

export interface PssCheckVersion {
  /** The first policy version (minor of v1.x) this logic applies to. */
  readonly minVersion: number;
  readonly run: CheckFn;
  /** Baseline checks this restricted check replaces at this version. */
  readonly overrides?: readonly string[];
}

/** A Pod Security Standards check, as upstream's policy.Check. */
export interface PssCheckDefinition {
  /** Upstream check id (`privileged`, `capabilities_restricted`). */
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /** What the check enforces, one sentence. */
  readonly description: string;
  /** Pod fields the check reads, in upstream's notation. */
  readonly restrictedFields: readonly string[];
  /** Strictly increasing minVersion. */
  readonly versions: readonly PssCheckVersion[];
}

export function definePssCheck(check: PssCheckDefinition): PssCheckDefinition {
  return check;
}
