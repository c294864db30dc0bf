import type { ImportedConfig, ImportedParams } from './types.js';

/*
 * kube-linter checks whose Rampart rules take kube-linter's threshold as a parameter: built-in
 * checks that ask more than the rule's default (minimum-three-replicas wants 3 replicas,
 * too-few-replicas 2 unless told), and custom checks of the minimum-replicas and
 * hpa-minimum-replicas templates. Several checks on one rule ask for the strictest of them
 * (the highest minimum, every forbidden Service type), as kube-linter, running each, reports.
 */

interface RuleParams {
  readonly rule: string;
  readonly params: Readonly<Record<string, number | readonly string[]>>;
}

/** Built-in checks (when included) and the parameters their rule needs to flag what they flag. */
const BUILT_IN: Readonly<Record<string, RuleParams>> = {
  'minimum-three-replicas': { rule: 'too-few-replicas', params: { minReplicas: 3 } },
  'hpa-minimum-three-replicas': { rule: 'hpa-min-replicas-too-low', params: { minReplicas: 3 } },
  'exposed-services': { rule: 'service-node-port', params: { forbiddenTypes: ['NodePort', 'LoadBalancer'] } },
};

/** Custom check templates whose minReplicas is a rule's minReplicas. */
const REPLICA_TEMPLATES: Readonly<Record<string, { readonly rule: string; readonly what: string }>> = {
  'minimum-replicas': { rule: 'too-few-replicas', what: 'workloads scaled to zero, which too-few-replicas takes for a deliberate scale-down' },
  'hpa-minimum-replicas': { rule: 'hpa-min-replicas-too-low', what: 'autoscalers with minReplicas 0 (scale to zero), which hpa-min-replicas-too-low takes for a deliberate choice' },
};

/** The parameters an included built-in check gives its rule, merged in. */
export function applyBuiltInParams(id: string, setting: string, into: ImportedConfig): void {
  const known = Object.hasOwn(BUILT_IN, id) ? BUILT_IN[id] : undefined;
  if (known) mergeRuleParams(into, known, setting);
}

/** A custom check of the minimum-replicas or hpa-minimum-replicas template: its minimum, merged into the rule's; false for another template. */
export function readReplicaCheck(check: Record<string, unknown>, params: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, into: ImportedConfig): boolean {
  const template = typeof check.template === 'string' && Object.hasOwn(REPLICA_TEMPLATES, check.template) ? REPLICA_TEMPLATES[check.template] : undefined;
  if (!template) return false;
  const name = String(check.name);
  if (excluded.has(name)) return true;
  const setting = `${where}: ${name} (${String(check.template)})`;
  const min = params.minreplicas ?? 0;
  if (typeof min !== 'number' || !Number.isInteger(min)) into.notImported.push(`${setting}: not carried over: minReplicas is not a whole number, which kube-linter refuses`);
  else if (min <= 0) into.notImported.push(`${setting}: not carried over: with minReplicas ${min} it flags nothing`);
  else if (min === 1) into.notImported.push(`${setting}: not carried over: with minReplicas 1 it flags only ${template.what}`);
  else mergeRuleParams(into, { rule: template.rule, params: { minReplicas: min } }, setting);
  return true;
}

function mergeRuleParams(into: ImportedConfig, { rule, params }: RuleParams, setting: string): void {
  if (into.off.has(rule)) return;
  const merged: Record<string, ImportedParams> = { ...into.params.get(rule) };
  for (const [key, value] of Object.entries(params)) {
    const before = merged[key];
    if (typeof value === 'number') merged[key] = typeof before === 'number' ? Math.max(before, value) : value;
    else merged[key] = Array.isArray(before) ? [...new Set([...(before as readonly string[]), ...value])] : value;
  }
  into.params.set(rule, merged);
  const from = into.on.get(rule);
  into.on.set(rule, from === undefined ? setting : `${from}; ${setting}`);
}
