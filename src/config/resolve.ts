import type { Problem } from '../core/result.js';
import type { Severity } from '../core/severity.js';
import type { Check, ScanSettings } from '../checks/api.js';
import type { CheckRegistry } from '../checks/registry.js';
import { groupHasKind } from '../k8s/kind-groups.js';
import { compileGlob } from './glob.js';
import { locateInConfigFile } from './load.js';
import type { ConfigFile, Exemption } from './schema.js';

export interface ActiveCheck {
  readonly check: Check;
  /** Set when configuration overrides the severity of every finding of this check. */
  readonly severityOverride: Severity | undefined;
  readonly params: unknown;
}

export interface ActiveExemption {
  readonly rules: (ruleId: string) => boolean;
  readonly kinds: (kind: string) => boolean;
  readonly namespaces: (namespace: string) => boolean;
  /** `namespaces` is matched against the namespace the manifest writes ('' when none), not the one the object lands in. */
  readonly namespaceAsWritten?: boolean;
  readonly names: (name: string) => boolean;
  /** Set when the exemption covers findings in some containers only (their names). */
  readonly containers: ((name: string) => boolean) | undefined;
  readonly reason: string;
  readonly expires?: string;
}

export interface ScanPolicy {
  readonly checks: readonly ActiveCheck[];
  readonly settings: ScanSettings;
  readonly exemptions: readonly ActiveExemption[];
  readonly allowAnnotationIgnore: boolean;
  /** Also honour other scanners' exemption annotations (only when annotation exemptions are allowed). */
  readonly allowOtherToolAnnotations: boolean;
  /**
   * Whether an id names a rule (built in, or a custom rule of the configuration), enabled or not:
   * a `rampart.dev/ignore` annotation naming anything else gets a warning.
   */
  readonly isRule?: (id: string) => boolean;
}

export interface PolicyOverrides {
  /** Run only these rules (they are enabled even if off by default). */
  readonly only?: readonly string[];
  readonly disable?: readonly string[];
  readonly enableAll?: boolean;
  /** Turn these rules on with these parameters (over the config's), e.g. `--pss`. */
  readonly enableWith?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly allowAnnotationIgnore?: boolean;
  /**
   * The rules of the frameworks asked for (`--framework`): only these run, each whether it is on
   * by default or not, unless the configuration turns it off.
   */
  readonly within?: readonly string[];
  /** Today's date (YYYY-MM-DD), to retire expired exemptions. */
  readonly today: string;
  readonly settings?: ScanSettings;
}

export interface ResolvedPolicy {
  readonly policy: ScanPolicy;
  readonly warnings: Problem[];
}

/** Turns a config file plus command-line overrides into the checks and exemptions of a scan. */
export function resolvePolicy(
  config: ConfigFile,
  registry: CheckRegistry,
  overrides: PolicyOverrides,
  configFile?: string,
): { ok: true; value: ResolvedPolicy } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const where = configFile ? { location: { file: configFile } } : {};
  // The line and column of a setting, looked up (by reading the file again) only for an error.
  const at = (path: ReadonlyArray<string | number>) => (configFile ? { location: { file: configFile, ...locateInConfigFile(configFile, path) } } : {});
  const unknown = (id: string, origin: string, path?: ReadonlyArray<string | number>) => {
    if (!registry.get(id)) errors.push({ code: 'unknown-rule', message: `unknown rule "${id}" in ${origin} (see \`rampart rules\`)`, ...(path ? at(path) : where) });
  };
  for (const id of Object.keys(config.rules)) unknown(id, 'rules', ['rules', id]);
  config.onlyRules?.forEach((id, i) => unknown(id, 'onlyRules', ['onlyRules', i]));
  for (const id of overrides.only ?? []) unknown(id, '--rule');
  for (const id of overrides.disable ?? []) unknown(id, '--disable');
  config.exemptions.forEach((exemption, i) =>
    exemption.rules.forEach((id, j) => {
      if (id !== '*' && !id.includes('*')) unknown(id, 'exemptions', ['exemptions', i, 'rules', j]);
    }),
  );

  const only = overrides.only && overrides.only.length > 0 ? new Set(overrides.only) : undefined;
  const listed = config.onlyRules ? new Set(config.onlyRules) : undefined;
  const within = overrides.within ? new Set(overrides.within) : undefined;
  const disabled = new Set(overrides.disable ?? []);
  const enableAll = overrides.enableAll ?? config.enableAll;
  const checks: ActiveCheck[] = [];
  for (const check of registry.all()) {
    const setting = config.rules[check.id];
    let enabled = enableAll || check.enabledByDefault;
    let severity: Severity | undefined;
    let rawParams: unknown = {};
    if (setting === 'off') enabled = false;
    else if (setting === 'on') enabled = true;
    else if (typeof setting === 'string') {
      enabled = true;
      severity = setting;
    } else if (setting) {
      enabled = setting.enabled ?? true;
      severity = setting.severity;
      rawParams = setting.params ?? {};
    }
    const forced = overrides.enableWith?.[check.id];
    if (forced) {
      enabled = true;
      rawParams = { ...(typeof rawParams === 'object' && rawParams !== null ? rawParams : {}), ...forced };
    }
    const offInFile = setting === 'off' || (typeof setting === 'object' && setting.enabled === false);
    if (listed) enabled = (listed.has(check.id) && !offInFile) || forced !== undefined;
    if (within) enabled = (within.has(check.id) && (!listed || listed.has(check.id)) && !offInFile) || forced !== undefined;
    if (only) enabled = (only.has(check.id) && (!within || within.has(check.id))) || forced !== undefined;
    if (disabled.has(check.id)) {
      // `--pss` runs this rule: also disabling it would quietly undo what was asked for.
      if (forced) errors.push({ code: 'conflicting-options', message: `--disable ${check.id} turns off the rule --pss runs: give one of them` });
      enabled = false;
    }
    const parsed = check.parseParams(rawParams);
    if (!parsed.ok) {
      // Parameters --pss forces are not in the file; the rule's entry is where to look then.
      const fromFile = config.rules[check.id] !== undefined;
      errors.push({ code: 'invalid-params', message: `invalid params for rule "${check.id}": ${parsed.message}`, ...(fromFile ? at(['rules', check.id, 'params', ...parsed.path]) : where) });
      continue;
    }
    if (enabled) checks.push({ check, severityOverride: severity, params: parsed.params });
  }

  const exemptions: ActiveExemption[] = [];
  for (const exemption of config.exemptions) {
    if (exemption.expires && exemption.expires < overrides.today) {
      warnings.push({ code: 'exemption-expired', message: `exemption expired on ${exemption.expires} and no longer applies: ${exemption.reason}`, ...where });
      continue;
    }
    const active = compileExemption(exemption);
    if (exemption.kinds && exemption.kinds.length > 0 && !registry.all().some((c) => active.rules(c.id) && groupHasKind(c.target, active.kinds))) {
      warnings.push({
        code: 'exemption-matches-nothing',
        message: `exemption for kinds ${exemption.kinds.join(', ')} silences nothing: none of its rules reports on objects of those kinds (${exemption.reason})`,
        ...where,
      });
    }
    exemptions.push(active);
  }
  if (errors.length > 0) return { ok: false, errors };
  const allowAnnotationIgnore = overrides.allowAnnotationIgnore ?? config.annotations.allowIgnore;
  const allowOtherToolAnnotations = config.annotations.otherTools;
  return { ok: true, value: { policy: { checks, settings: overrides.settings ?? {}, exemptions, allowAnnotationIgnore, allowOtherToolAnnotations, isRule: (id) => registry.get(id) !== undefined }, warnings } };
}

function anyOf(globs: readonly string[] | undefined): (value: string) => boolean {
  if (!globs || globs.length === 0) return () => true;
  const matchers = globs.map(compileGlob);
  return (value) => matchers.some((m) => m(value));
}

function compileExemption(exemption: Exemption): ActiveExemption {
  return {
    rules: anyOf(exemption.rules),
    kinds: anyOf(exemption.kinds),
    namespaces: anyOf(exemption.namespaces),
    ...(exemption.namespaceAsWritten ? { namespaceAsWritten: true } : {}),
    names: anyOf(exemption.names),
    containers: exemption.containers && exemption.containers.length > 0 ? anyOf(exemption.containers) : undefined,
    reason: exemption.reason,
    ...(exemption.expires ? { expires: exemption.expires } : {}),
  };
}
