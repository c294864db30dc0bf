import { type ItemContext, RuleLoadError } from './load-result.js';

/** The Falco engine version whose rules language this engine implements. */
export const ENGINE_VERSION = '0.57.0';

/** Plugins whose fields and sources are built in, with the plugin version they are equivalent to. */
export const BUILTIN_PLUGINS: ReadonlyMap<string, string> = new Map([
  ['k8saudit', '0.18.0'],
  ['json', '0.7.0'],
  ['container', '0.4.0'],
]);

type Semver = readonly [number, number, number];

export function parseSemver(text: string): Semver | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: Semver, b: Semver): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** sinsp_version::compatible_with: same major version and at least the required one. */
function compatible(have: Semver, need: Semver): boolean {
  return have[0] === need[0] && compare(have, need) >= 0;
}

/** `required_engine_version`: an integer N (engine 0.N.0) or a semver string. */
export function checkEngineVersion(text: string, ctx: ItemContext): void {
  const need = /^\d+$/.test(text) ? ([0, Number(text), 0] as const) : parseSemver(text);
  if (!need) throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', "Can't decode YAML scalar value", ctx);
  const have = parseSemver(ENGINE_VERSION) ?? [0, 0, 0];
  if (!compatible(have, need)) throw new RuleLoadError('LOAD_ERR_VALIDATE', `Rules require engine version ${text}, but engine version is ${ENGINE_VERSION}`, ctx);
}

/** One `required_plugin_versions` entry: satisfied when any alternative is built in at a compatible version. */
export function checkPluginRequirements(alternatives: ReadonlyArray<{ name: string; version: string }>, ctx: ItemContext): void {
  const seen = new Set<string>();
  for (const a of alternatives) {
    if (!parseSemver(a.version)) throw new RuleLoadError('LOAD_ERR_VALIDATE', `Invalid required version '${a.version}' for plugin '${a.name}'`, ctx);
    if (seen.has(a.name)) throw new RuleLoadError('LOAD_ERR_VALIDATE', `Defined multiple alternative version requirements for plugin '${a.name}'`, ctx);
    seen.add(a.name);
  }
  for (const a of alternatives) {
    const have = BUILTIN_PLUGINS.get(a.name);
    const need = parseSemver(a.version);
    const haveV = have === undefined ? undefined : parseSemver(have);
    if (haveV && need && compatible(haveV, need)) return;
  }
  const [first] = alternatives;
  const builtin = first ? BUILTIN_PLUGINS.get(first.name) : undefined;
  const message =
    first && builtin
      ? `Plugin '${first.name}' version '${builtin}' is not compatible with required plugin version '${first.version}'`
      : `Plugin '${first?.name ?? ''}' is required by this rules file but is not available (built in: ${[...BUILTIN_PLUGINS.keys()].join(', ')})`;
  throw new RuleLoadError('LOAD_ERR_VALIDATE', message, ctx);
}
