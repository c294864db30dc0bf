import { PSS_LEVELS, type PssLevel, type PssPolicy } from '../../pss/api.js';
import { type FieldError, invalid } from '../status.js';

/**
 * Pod Security Admission's policy vocabulary (k8s.io/pod-security-admission/api): levels,
 * versions, and the enforce/audit/warn policy a namespace's labels select.
 */

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const ENFORCE_LEVEL_LABEL = `${LABEL_PREFIX}enforce`;
export const ENFORCE_VERSION_LABEL = `${LABEL_PREFIX}enforce-version`;
export const AUDIT_LEVEL_LABEL = `${LABEL_PREFIX}audit`;
export const AUDIT_VERSION_LABEL = `${LABEL_PREFIX}audit-version`;
export const WARN_LEVEL_LABEL = `${LABEL_PREFIX}warn`;
export const WARN_VERSION_LABEL = `${LABEL_PREFIX}warn-version`;

/** A level at a version, as PSA prints it: `restricted:latest`, `baseline:v1.25`. */
export type LevelVersion = PssPolicy;

export interface NamespacePolicy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

export const PRIVILEGED_LATEST: LevelVersion = { level: 'privileged', version: 'latest' };
export const ALL_PRIVILEGED: NamespacePolicy = { enforce: PRIVILEGED_LATEST, audit: PRIVILEGED_LATEST, warn: PRIVILEGED_LATEST };

const LEVEL_ERROR = `must be one of ${PSS_LEVELS.join(', ')}`;
const VERSION_ERROR = 'must be "latest" or "v1.x"';
const VERSION = /^v1\.([0-9]|[1-9][0-9]*)$/;

export function parseLevel(value: string): PssLevel | undefined {
  return (PSS_LEVELS as readonly string[]).includes(value) ? (value as PssLevel) : undefined;
}

export function parseVersion(value: string): number | 'latest' | undefined {
  if (value === 'latest') return 'latest';
  const match = VERSION.exec(value);
  if (!match) return undefined;
  const minor = Number(match[1]);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

export function formatVersion(version: number | 'latest'): string {
  return version === 'latest' ? 'latest' : `v1.${version}`;
}

export function formatLevelVersion(lv: LevelVersion): string {
  return `${lv.level}:${formatVersion(lv.version)}`;
}

export function sameLevelVersion(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && a.version === b.version;
}

/** Privileged is the same at every version. */
function equivalent(a: LevelVersion, b: LevelVersion): boolean {
  return (a.level === 'privileged' && b.level === 'privileged') || sameLevelVersion(a, b);
}

export function equivalentPolicies(a: NamespacePolicy, b: NamespacePolicy): boolean {
  return equivalent(a.enforce, b.enforce) && equivalent(a.audit, b.audit) && equivalent(a.warn, b.warn);
}

export function fullyPrivileged(p: NamespacePolicy): boolean {
  return p.enforce.level === 'privileged' && p.audit.level === 'privileged' && p.warn.level === 'privileged';
}

/** -1, 0 or 1 as `a` is less, equally or more restrictive than `b`. */
export function compareLevels(a: PssLevel, b: PssLevel): number {
  return Math.sign(PSS_LEVELS.indexOf(a) - PSS_LEVELS.indexOf(b));
}

/** The key of a level+version, for caching evaluations within one request. */
export function levelVersionKey(lv: LevelVersion): string {
  return `${lv.level}:${lv.version}`;
}

/** The field a label's validation error names, as PSA names it. */
export const labelField = (label: string) => `metadata.labels[${label}]`;

/**
 * The policy a namespace's labels select over the configured defaults (PSA's PolicyToEvaluate).
 * Invalid labels are reported; an invalid enforce level enforces restricted (fail closed) while an
 * invalid audit or warn level turns that mode off (fail open), as upstream does.
 */
export function policyToEvaluate(
  labels: Readonly<Record<string, string>>,
  defaults: NamespacePolicy,
): { policy: NamespacePolicy; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let enforce = defaults.enforce;
  let audit = defaults.audit;
  let warn = defaults.warn;
  let hasEnforceLevel = false;
  let hasWarnLevel = false;
  let hasWarnVersion = false;
  const has = (label: string) => Object.hasOwn(labels, label);
  const value = (label: string) => labels[label] ?? '';

  const level = (label: string, onError: PssLevel): PssLevel => {
    const parsed = parseLevel(value(label));
    if (parsed) return parsed;
    errors.push(invalid(labelField(label), value(label), LEVEL_ERROR));
    return onError;
  };
  const version = (label: string): number | 'latest' => {
    const parsed = parseVersion(value(label));
    if (parsed !== undefined) return parsed;
    errors.push(invalid(labelField(label), value(label), VERSION_ERROR));
    return 'latest';
  };

  if (has(ENFORCE_LEVEL_LABEL)) {
    const parsed = parseLevel(value(ENFORCE_LEVEL_LABEL));
    hasEnforceLevel = parsed !== undefined;
    enforce = { ...enforce, level: level(ENFORCE_LEVEL_LABEL, 'restricted') };
  }
  if (has(ENFORCE_VERSION_LABEL)) enforce = { ...enforce, version: version(ENFORCE_VERSION_LABEL) };
  if (has(AUDIT_LEVEL_LABEL)) audit = { ...audit, level: level(AUDIT_LEVEL_LABEL, 'privileged') };
  if (has(AUDIT_VERSION_LABEL)) audit = { ...audit, version: version(AUDIT_VERSION_LABEL) };
  if (has(WARN_LEVEL_LABEL)) {
    hasWarnLevel = true;
    warn = { ...warn, level: level(WARN_LEVEL_LABEL, 'privileged') };
  }
  if (has(WARN_VERSION_LABEL)) {
    hasWarnVersion = true;
    warn = { ...warn, version: version(WARN_VERSION_LABEL) };
  }
  // Warn at least at the enforced level, so `kubectl apply` of a controller shows what its pods will hit.
  if (!hasWarnLevel && hasEnforceLevel && compareLevels(enforce.level, warn.level) > 0) {
    warn = { level: enforce.level, version: hasWarnVersion ? warn.version : enforce.version };
  }
  return { policy: { enforce, audit, warn }, errors };
}
