import { LATEST_PSS_MINOR, type PssLevel } from './api.js';
import type { CheckFn, PssCheckDefinition } from './check.js';
import allowPrivilegeEscalation from './checks/allowPrivilegeEscalation.js';
import appArmorProfile from './checks/appArmorProfile.js';
import capabilitiesBaseline from './checks/capabilities_baseline.js';
import capabilitiesRestricted from './checks/capabilities_restricted.js';
import hostNamespaces from './checks/hostNamespaces.js';
import hostPathVolumes from './checks/hostPathVolumes.js';
import hostPorts from './checks/hostPorts.js';
import hostProbesAndHostLifecycle from './checks/hostProbesAndHostLifecycle.js';
import privileged from './checks/privileged.js';
import procMount from './checks/procMount.js';
import procMountRestricted from './checks/procMount_restricted.js';
import restrictedVolumes from './checks/restrictedVolumes.js';
import runAsNonRoot from './checks/runAsNonRoot.js';
import runAsUser from './checks/runAsUser.js';
import seccompProfileBaseline from './checks/seccompProfile_baseline.js';
import seccompProfileRestricted from './checks/seccompProfile_restricted.js';
import seLinuxOptions from './checks/seLinuxOptions.js';
import sysctls from './checks/sysctls.js';
import windowsHostProcess from './checks/windowsHostProcess.js';
import { compareGo } from './go.js';

/** Every check of pod-security-admission's DefaultChecks(). Order here does not matter. */
const DEFINITIONS: readonly PssCheckDefinition[] = [
  allowPrivilegeEscalation,
  appArmorProfile,
  capabilitiesBaseline,
  capabilitiesRestricted,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileBaseline,
  seccompProfileRestricted,
  seLinuxOptions,
  sysctls,
  windowsHostProcess,
];

/** A check as documented: which level, from which policy versions, what it replaces. */
export interface PssCheckInfo {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /** Policy versions where the check's logic changes (`v1.0`, `v1.25`); it applies from the first. */
  readonly versions: readonly string[];
  /** Baseline checks this restricted check replaces (from the version it first does so). */
  readonly overrides: readonly string[];
  readonly description: string;
  readonly restrictedFields: readonly string[];
}

export interface CompiledCheck {
  readonly id: string;
  readonly run: CheckFn;
}

/** Upstream's validateChecks: a broken registry is a programming error. */
function validate(checks: readonly PssCheckDefinition[]): void {
  const levels = new Map<string, string>();
  for (const check of checks) {
    if (levels.has(check.id)) throw new Error(`pss: multiple checks registered for ID ${check.id}`);
    levels.set(check.id, check.level);
    if (check.versions.length === 0) throw new Error(`pss: check ${check.id}: empty`);
    let previous = -1;
    for (const v of check.versions) {
      if (!Number.isInteger(v.minVersion) || v.minVersion <= previous) throw new Error(`pss: check ${check.id}: versions must be strictly increasing`);
      previous = v.minVersion;
    }
  }
  for (const check of checks) {
    for (const v of check.versions) {
      if (!v.overrides?.length) continue;
      if (check.level !== 'restricted') throw new Error(`pss: check ${check.id}: only restricted checks may set overrides`);
      for (const id of v.overrides) {
        const level = levels.get(id);
        if (level !== undefined && level !== 'baseline') throw new Error(`pss: check ${check.id}: overrides ${level} check ${id}`);
      }
    }
  }
}

validate(DEFINITIONS);

/** Newest policy version any check changes at: later versions evaluate as this one. */
export const MAX_PSS_MINOR = Math.max(...DEFINITIONS.map((c) => c.versions[c.versions.length - 1]?.minVersion ?? 0));

/** Upstream evaluates baseline checks first, then restricted ones, each sorted by id. */
const ORDERED = [
  ...DEFINITIONS.filter((c) => c.level === 'baseline').sort((a, b) => compareGo(a.id, b.id)),
  ...DEFINITIONS.filter((c) => c.level === 'restricted').sort((a, b) => compareGo(a.id, b.id)),
];

function versionAt(check: PssCheckDefinition, minor: number) {
  let found;
  for (const v of check.versions) if (v.minVersion <= minor) found = v;
  return found;
}

/** Per policy version 0..MAX_PSS_MINOR, the checks to run, in order (upstream's populate). */
function compile(level: 'baseline' | 'restricted'): ReadonlyArray<readonly CompiledCheck[]> {
  const tables: CompiledCheck[][] = [];
  for (let minor = 0; minor <= MAX_PSS_MINOR; minor++) {
    const overridden = new Set<string>();
    if (level === 'restricted') {
      for (const check of ORDERED) {
        if (check.level === 'restricted') for (const id of versionAt(check, minor)?.overrides ?? []) overridden.add(id);
      }
    }
    const table: CompiledCheck[] = [];
    for (const check of ORDERED) {
      if (level === 'baseline' && check.level !== 'baseline') continue;
      if (check.level === 'baseline' && overridden.has(check.id)) continue;
      const version = versionAt(check, minor);
      if (version) table.push(Object.freeze({ id: check.id, run: version.run }));
    }
    tables.push(Object.freeze(table) as CompiledCheck[]);
  }
  return tables;
}

const BASELINE = compile('baseline');
const RESTRICTED = compile('restricted');
const NONE: readonly CompiledCheck[] = Object.freeze([]);

/** The policy version a minor evaluates as: clamped to 0..MAX_PSS_MINOR; 'latest' is the newest. */
export function effectiveMinor(version: number | 'latest'): number {
  if (version === 'latest' || !(version <= MAX_PSS_MINOR)) return MAX_PSS_MINOR; // also NaN
  return version <= 0 ? 0 : Math.floor(version);
}

/**
 * The checks evaluated at a level and version, in upstream's order. Any level other than
 * privileged and baseline is treated as restricted (as upstream's EvaluatePod does).
 */
export function compiledChecks(level: PssLevel, version: number | 'latest'): readonly CompiledCheck[] {
  if (level === 'privileged') return NONE;
  const minor = effectiveMinor(version);
  return (level === 'baseline' ? BASELINE : RESTRICTED)[minor] ?? NONE;
}

/** Every check, in upstream's evaluation order (baseline, then restricted, each by id). */
export const PSS_CHECKS: readonly PssCheckInfo[] = Object.freeze(
  ORDERED.map((c) =>
    Object.freeze({
      id: c.id,
      level: c.level,
      versions: c.versions.map((v) => `v1.${v.minVersion}`),
      overrides: [...new Set(c.versions.flatMap((v) => v.overrides ?? []))],
      description: c.description,
      restrictedFields: c.restrictedFields,
    }),
  ),
);

/** The ids of the checks evaluated at a level and version, in order. */
export function pssCheckIds(level: PssLevel, version: number | 'latest'): string[] {
  return compiledChecks(level, version).map((c) => c.id);
}

if (MAX_PSS_MINOR !== LATEST_PSS_MINOR) {
  throw new Error(`pss: LATEST_PSS_MINOR (${LATEST_PSS_MINOR}) must be the newest check version (${MAX_PSS_MINOR})`);
}

const BY_ID = new Map(DEFINITIONS.map((c) => [c.id, c] as const));

/** A check's logic at a policy version, or undefined for an unknown check or a version before it. */
export function checkAt(id: string, version: number | 'latest'): CheckFn | undefined {
  const check = BY_ID.get(id);
  return check ? versionAt(check, effectiveMinor(version))?.run : undefined;
}
