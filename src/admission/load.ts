import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { CHECKS } from '../checks/index.js';
import type { CheckRegistry } from '../checks/registry.js';
import { DEFAULT_CONFIG, findConfigUpward, loadConfigFile } from '../config/load.js';
import type { ConfigFile } from '../config/schema.js';
import { formatProblem } from '../core/result.js';
import { withCustomRules } from '../custom-rules/index.js';
import { loadGoYaml } from '../k8s/yaml/kubernetes-schema.js';
import { DEFAULT_POD_SECURITY_CONFIG, type PodSecurityConfig, compilePodSecurityConfiguration, podSecurityConfigurationOf } from './policy/config.js';
import { type RampartPolicy, compileBindings } from './rules/bindings.js';

/** Everything the webhook decides with: PSA's configuration and the bound Rampart rules. */
export interface AdmissionSetup {
  readonly podSecurity: PodSecurityConfig;
  readonly rampart: RampartPolicy;
  /** The `.rampart.yaml` in use, if any. */
  readonly configFile: string | undefined;
  readonly warnings: readonly string[];
}

export interface AdmissionSetupInput {
  /** `--config`: a `.rampart.yaml`. */
  readonly configFile?: string;
  /** Where to look upward for `.rampart.yaml` when no file is named (`admission test DIR`). */
  readonly discoverFrom?: string;
  /** `--pod-security-config`: a standalone PodSecurityConfiguration (or AdmissionConfiguration) file. */
  readonly podSecurityConfigFile?: string;
  readonly registry?: CheckRegistry;
  /** Today's date (YYYY-MM-DD), to retire expired exemptions. */
  readonly today: string;
}

export type SetupResult = { ok: true; value: AdmissionSetup } | { ok: false; errors: string[] };

/** Reads a standalone PodSecurityConfiguration file. */
export function loadPodSecurityConfigFile(file: string): { ok: true; value: PodSecurityConfig } | { ok: false; errors: string[] } {
  let document: unknown;
  try {
    document = loadGoYaml(readFileSync(file, 'utf8'), { filename: file });
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? `invalid YAML: ${error.reason}` : `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    return { ok: false, errors: [`${file}: ${reason}`] };
  }
  const compiled = compilePodSecurityConfiguration(podSecurityConfigurationOf(document));
  return compiled.ok ? compiled : { ok: false, errors: compiled.errors.map((e) => `${file}: ${e}`) };
}

export async function loadAdmissionSetup(input: AdmissionSetupInput): Promise<SetupResult> {
  const configFile = input.configFile ?? (input.discoverFrom !== undefined ? findConfigUpward(input.discoverFrom) : undefined);
  let config: ConfigFile = DEFAULT_CONFIG;
  if (configFile !== undefined) {
    const loaded = loadConfigFile(configFile);
    if (!loaded.ok) return { ok: false, errors: [formatProblem(loaded.error)] };
    config = loaded.value.config;
  }
  let podSecurity = DEFAULT_POD_SECURITY_CONFIG;
  const inline = config.admission?.podSecurity;
  if (input.podSecurityConfigFile !== undefined) {
    if (inline) return { ok: false, errors: [`both --pod-security-config and admission.podSecurity in ${configFile} configure Pod Security Admission: keep one`] };
    const loaded = loadPodSecurityConfigFile(input.podSecurityConfigFile);
    if (!loaded.ok) return loaded;
    podSecurity = loaded.value;
  } else if (inline) {
    const compiled = compilePodSecurityConfiguration(inline);
    if (!compiled.ok) return { ok: false, errors: compiled.errors.map((e) => `${configFile}: admission.podSecurity.${e}`) };
    podSecurity = compiled.value;
  }
  const custom = await withCustomRules(input.registry ?? CHECKS, config.customRules, configFile);
  if (!custom.ok) return { ok: false, errors: custom.errors.map((e) => formatProblem(e)) };
  const rules = compileBindings(config, custom.registry, input.today, configFile);
  if (!rules.ok) return { ok: false, errors: rules.errors.map((e) => (configFile ? `${configFile}: ${e}` : e)) };
  return { ok: true, value: { podSecurity, rampart: rules.value, configFile, warnings: rules.warnings } };
}
