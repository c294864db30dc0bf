import type { CheckRegistry } from '../../checks/registry.js';
import { compileGlob } from '../../config/glob.js';
import { type ScanPolicy, resolvePolicy } from '../../config/resolve.js';
import type { ConfigFile } from '../../config/schema.js';
import { type LabelSelector, matchesSelector, parseLabelSelector } from '../../k8s/selectors.js';
import type { AdmissionAction, AdmissionBinding } from '../config-schema.js';

/** A binding ready to match: which rules, how strictly, and where. */
export interface CompiledBinding {
  readonly name: string;
  readonly rules: readonly string[];
  readonly action: AdmissionAction;
  /** Whether the binding covers an object in this namespace ('' for cluster-scoped objects). */
  matches(namespace: string, labels: Readonly<Record<string, string>>): boolean;
}

export interface RampartPolicy {
  readonly bindings: readonly CompiledBinding[];
  /** Every bound rule, with its parameters and severity from `rules:`, plus `exemptions:`. */
  readonly policy: ScanPolicy;
}

export const ACTION_RANK: Readonly<Record<AdmissionAction, number>> = { audit: 0, warn: 1, enforce: 2 };

/**
 * Checks and compiles `admission.bindings`: every rule must exist and be decidable on one object
 * (`admission: true`); a cross-object rule cannot be enforced on a single admitted object.
 */
export function compileBindings(
  config: ConfigFile,
  registry: CheckRegistry,
  today: string,
  configFile?: string,
): { ok: true; value: RampartPolicy; warnings: string[] } | { ok: false; errors: string[] } {
  const bindings = config.admission?.bindings ?? [];
  const errors: string[] = [];
  const bound = new Set<string>();
  bindings.forEach((binding, i) => {
    const where = `admission.bindings[${i}]${binding.name ? ` (${binding.name})` : ''}`;
    for (const id of binding.rules) {
      const check = registry.get(id);
      if (!check) errors.push(`${where}: unknown rule "${id}" (see \`rampart rules\`)`);
      else if (!check.admission) {
        errors.push(`${where}: rule "${id}" cannot be bound for admission: it needs other objects than the one admitted (only rules marked ADM in \`rampart rules\` can be bound)`);
      } else bound.add(id);
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  const resolved = resolvePolicy({ ...config, enableAll: false }, registry, { only: [...bound], today }, configFile);
  if (!resolved.ok) return { ok: false, errors: resolved.errors.map((e) => e.message) };
  // Bound rules run even if `rules:` turns them off for scans: the binding is the explicit choice.
  const policy: ScanPolicy = bound.size === 0 ? { ...resolved.value.policy, checks: [] } : resolved.value.policy;
  return {
    ok: true,
    value: { bindings: bindings.map((b, i) => compileBinding(b, i)), policy },
    warnings: resolved.value.warnings.map((w) => w.message),
  };
}

function compileBinding(binding: AdmissionBinding, index: number): CompiledBinding {
  const globs = binding.namespaces?.map(compileGlob);
  const selector: LabelSelector | undefined = binding.namespaceSelector ? parseLabelSelector(binding.namespaceSelector) : undefined;
  return {
    name: binding.name ?? `bindings[${index}]`,
    rules: [...new Set(binding.rules)],
    action: binding.action,
    matches(namespace, labels) {
      if (globs && (namespace === '' || !globs.some((g) => g(namespace)))) return false;
      if (selector && (namespace === '' || !matchesSelector(selector, labels))) return false;
      return true;
    },
  };
}
