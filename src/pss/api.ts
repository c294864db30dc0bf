import type { Path } from '../core/path.js';

/** Pod Security Standards levels, least to most restrictive. */
export const PSS_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];

/** The newest policy version this engine knows: v1.<LATEST_PSS_MINOR>. */
export const LATEST_PSS_MINOR = 37;

/** A level at a policy version; `version` is the minor of v1.x, or 'latest'. */
export interface PssPolicy {
  readonly level: PssLevel;
  readonly version: number | 'latest';
}

/** One failed check, as pod-security-admission reports it, plus where in the pod it fails. */
export interface PssViolation {
  /** Upstream check id, e.g. `privileged`, `capabilities_restricted`. */
  readonly check: string;
  /** Upstream ForbiddenReason, e.g. `privileged`. */
  readonly reason: string;
  /** Upstream ForbiddenDetail, e.g. `container "app" must not set securityContext.privileged=true`. */
  readonly detail: string;
  /**
   * The offending fields, as paths into the pod (`['spec', 'containers', 0, 'securityContext',
   * 'privileged']`, `['metadata', 'annotations', 'container.apparmor.security.beta.kubernetes.io/app']`).
   * For a missing field, where it belongs.
   */
  readonly fields: readonly Path[];
}

export interface PssEvaluation {
  readonly allowed: boolean;
  /** In upstream's check order. */
  readonly violations: readonly PssViolation[];
}

/** The pod as pod-security-admission sees it: its metadata and spec (a pod template has both). */
export interface PodLike {
  readonly metadata?: unknown;
  readonly spec?: unknown;
}
