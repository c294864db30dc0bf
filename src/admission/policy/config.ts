import { z } from 'zod';
import { asArray, asRecord, asString } from '../../k8s/access.js';
import { type NamespacePolicy, parseLevel, parseVersion } from './levels.js';

/**
 * PSA's PodSecurityConfiguration (pod-security.admission.config.k8s.io v1, v1beta1, v1alpha1):
 * cluster-wide defaults for namespaces without labels, and exemptions. Read as strictly as the
 * upstream loader does (unknown fields are errors), validated as upstream validates it.
 */

export const POD_SECURITY_CONFIG_GROUP = 'pod-security.admission.config.k8s.io';
export const POD_SECURITY_CONFIG_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'] as const;

const level = z.string().optional();
const list = z.array(z.string()).nullish();

export const podSecurityConfigurationSchema = z
  .object({
    apiVersion: z.enum(POD_SECURITY_CONFIG_VERSIONS.map((v) => `${POD_SECURITY_CONFIG_GROUP}/${v}`) as [string, ...string[]], {
      error: `apiVersion must be ${POD_SECURITY_CONFIG_VERSIONS.map((v) => `${POD_SECURITY_CONFIG_GROUP}/${v}`).join(', ')}`,
    }),
    kind: z.literal('PodSecurityConfiguration', { error: 'kind must be PodSecurityConfiguration' }),
    defaults: z
      .object({
        enforce: level,
        'enforce-version': level,
        audit: level,
        'audit-version': level,
        warn: level,
        'warn-version': level,
      })
      .strict()
      .nullish(),
    exemptions: z.object({ usernames: list, namespaces: list, runtimeClasses: list }).strict().nullish(),
  })
  .strict();

export type PodSecurityConfigurationInput = z.input<typeof podSecurityConfigurationSchema>;

/** The configuration in force: defaults as a policy, exemptions as sets. */
export interface PodSecurityConfig {
  readonly defaults: NamespacePolicy;
  readonly exemptions: {
    readonly usernames: ReadonlySet<string>;
    readonly namespaces: ReadonlySet<string>;
    readonly runtimeClasses: ReadonlySet<string>;
  };
}

/** What PSA runs with when given no configuration: everything privileged, nothing exempt. */
export const DEFAULT_POD_SECURITY_CONFIG: PodSecurityConfig = {
  defaults: {
    enforce: { level: 'privileged', version: 'latest' },
    audit: { level: 'privileged', version: 'latest' },
    warn: { level: 'privileged', version: 'latest' },
  },
  exemptions: { usernames: new Set(), namespaces: new Set(), runtimeClasses: new Set() },
};

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function namespaceNameProblem(name: string): string | undefined {
  if (name.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(name)) return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  return undefined;
}

function subdomainProblem(name: string): string | undefined {
  if (name.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(name)) return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/**
 * Turns a PodSecurityConfiguration into the configuration in force, or the problems upstream's
 * validation reports (`defaults.enforce: Invalid value: "strict": must be one of ...`).
 */
export function compilePodSecurityConfiguration(input: unknown): { ok: true; value: PodSecurityConfig } | { ok: false; errors: string[] } {
  const parsed = podSecurityConfigurationSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)) };
  }
  const errors: string[] = [];
  const defaults = parsed.data.defaults ?? {};
  const levelOf = (key: 'enforce' | 'audit' | 'warn') => {
    const value = defaults[key] || 'privileged';
    const level = parseLevel(value);
    if (!level) errors.push(`defaults.${key}: Invalid value: ${JSON.stringify(value)}: must be one of privileged, baseline, restricted`);
    return level ?? 'privileged';
  };
  const versionOf = (key: 'enforce-version' | 'audit-version' | 'warn-version') => {
    const value = defaults[key] || 'latest';
    const version = parseVersion(value);
    if (version === undefined) errors.push(`defaults.${key}: Invalid value: ${JSON.stringify(value)}: must be "latest" or "v1.x"`);
    return version ?? 'latest';
  };
  const policy: NamespacePolicy = {
    enforce: { level: levelOf('enforce'), version: versionOf('enforce-version') },
    warn: { level: levelOf('warn'), version: versionOf('warn-version') },
    audit: { level: levelOf('audit'), version: versionOf('audit-version') },
  };
  const exemptions = parsed.data.exemptions ?? {};
  const unique = (field: string, values: readonly string[], problem: (v: string) => string | undefined) => {
    const set = new Set<string>();
    values.forEach((value, i) => {
      const bad = problem(value);
      if (bad) errors.push(`exemptions.${field}[${i}]: Invalid value: ${JSON.stringify(value)}: ${bad}`);
      else if (set.has(value)) errors.push(`exemptions.${field}[${i}]: Duplicate value: ${JSON.stringify(value)}`);
      else set.add(value);
    });
    return set;
  };
  const namespaces = unique('namespaces', exemptions.namespaces ?? [], namespaceNameProblem);
  const runtimeClasses = unique('runtimeClasses', exemptions.runtimeClasses ?? [], subdomainProblem);
  const usernames = unique('usernames', exemptions.usernames ?? [], (u) => (u === '' ? 'username must not be empty' : undefined));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { defaults: policy, exemptions: { usernames, namespaces, runtimeClasses } } };
}

/**
 * The PodSecurityConfiguration in a document: the object itself, or the `PodSecurity` plugin's
 * configuration inside an API server AdmissionConfiguration (so the file the built-in plugin
 * reads works unchanged).
 */
export function podSecurityConfigurationOf(document: unknown): unknown {
  const record = asRecord(document);
  if (asString(record?.kind) !== 'AdmissionConfiguration') return document;
  for (const plugin of asArray(record?.plugins)) {
    const p = asRecord(plugin);
    if (asString(p?.name) === 'PodSecurity') return p?.configuration;
  }
  return document;
}
