import type { Check } from '../checks/api.js';
import { CheckRegistry } from '../checks/registry.js';
import { locateInConfigFile } from '../config/load.js';
import type { Problem } from '../core/result.js';
import type { CustomRule } from './config-schema.js';
import { RuleFieldError } from './rule-field-error.js';

export { type CustomRule, customRuleSchema, CUSTOM_TARGETS } from './config-schema.js';

/**
 * The built-in checks and the custom rules of a configuration together. A custom rule whose id is
 * taken, or whose schema does not compile, is an error at its place in the file.
 */
export async function withCustomRules(base: CheckRegistry, rules: readonly CustomRule[], configFile?: string): Promise<{ ok: true; registry: CheckRegistry } | { ok: false; errors: Problem[] }> {
  if (rules.length === 0) return { ok: true, registry: base };
  // The JSON Schema validator is loaded only for a configuration that has custom rules.
  const { customRuleCheck, needsPolarisModules } = await import('./rule.js');
  const modules = {
    ...(rules.some((rule) => rule.cel !== undefined) ? { celJudge: (await import('./cel/cel-rule.js')).celJudge } : {}),
    ...(rules.some(needsPolarisModules) ? { templated: await import('./templated.js') } : {}),
  };
  const errors: Problem[] = [];
  const at = (path: ReadonlyArray<string | number>) => (configFile ? { location: { file: configFile, ...locateInConfigFile(configFile, path) } } : {});
  const seen = new Set<string>();
  const checks: Check[] = [];
  rules.forEach((rule, i) => {
    const where = `customRules[${i}] (${rule.id})`;
    if (base.get(rule.id)) errors.push({ code: 'invalid-custom-rule', message: `${where}: "${rule.id}" is the id of a built-in rule; give the custom rule another`, ...at(['customRules', i, 'id']) });
    else if (seen.has(rule.id)) errors.push({ code: 'invalid-custom-rule', message: `${where}: another custom rule has the id "${rule.id}"`, ...at(['customRules', i, 'id']) });
    seen.add(rule.id);
    try {
      checks.push(customRuleCheck(rule, modules));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof RuleFieldError) errors.push({ code: 'invalid-custom-rule', message: `${where}: ${error.message}`, ...at(['customRules', i, ...error.field]) });
      else if (rule.cel !== undefined) errors.push({ code: 'invalid-custom-rule', message: `${where}: its cel expression is not one cel-go compiles: ${reason}`, ...at(['customRules', i, 'cel']) });
      else if (rule.checkov) errors.push({ code: 'invalid-custom-rule', message: `${where}: its checkov policy cannot be evaluated as Checkov evaluates it: ${reason}`, ...at(['customRules', i, 'checkov']) });
      else errors.push({ code: 'invalid-custom-rule', message: `${where}: its schema is not a valid JSON Schema: ${reason}`, ...at(['customRules', i, 'schema']) });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, registry: new CheckRegistry([...base.all(), ...checks]) };
}
