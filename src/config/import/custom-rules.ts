import { CHECKS } from '../../checks/index.js';
import { RULE_ID } from '../../core/rule.js';
import { record } from './shared.js';
import type { ImportedConfig } from './types.js';

/* Custom rules an import writes: Polaris' custom checks, kube-linter's template checks. */

/** A custom rule id from another tool's check name (imageRegistry → image-registry), prefixed by the tool where a built-in rule has it. */
export function customRuleId(name: string, tool: string): string {
  const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
  const valid = RULE_ID.test(kebab) ? kebab : `${tool}-check`;
  return CHECKS.get(valid) ? `${tool}-${valid}` : valid;
}

export function nonEmptyText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Moves the imported custom rules whose schema does not compile, or whose Checkov definition
 * Rampart cannot evaluate, to the settings not imported. The validators are loaded here, and only
 * when there are custom rules.
 */
export async function dropUncompiledCustomRules(into: ImportedConfig): Promise<void> {
  if (into.customRules.length === 0) return;
  const { compileSchema } = await import('../../custom-rules/json-schema.js');
  const { compilePolicy } = await import('../../custom-rules/checkov/policy.js');
  const { compileCel } = await import('../../custom-rules/cel/evaluate.js');
  const { parseGoTemplate } = await import('../../custom-rules/go-template/index.js');
  const templates = (rule: Record<string, unknown>) => [rule.schemaTemplate, ...Object.values(record(rule.additionalSchemas) ?? {})].filter((t) => typeof t === 'string');
  const kept = into.customRules.filter(({ rule, from }) => {
    let template = false;
    try {
      if (typeof rule.cel === 'string') compileCel(rule.cel);
      else if (rule.checkov !== undefined) compilePolicy(rule.checkov);
      else if (typeof rule.schemaTemplate !== 'string') compileSchema(record(rule.schema) ?? {});
      for (const schema of Object.values(record(rule.additionalSchemas) ?? {})) if (typeof schema !== 'string') compileSchema(record(schema) ?? {});
      template = true;
      for (const text of templates(rule)) parseGoTemplate(String(rule.id), text);
      return true;
    } catch (error) {
      const what =
        typeof rule.cel === 'string'
          ? 'its CEL expression is not one cel-go compiles'
          : rule.checkov !== undefined
            ? 'Rampart cannot evaluate its definition as Checkov does'
            : template
              ? "its schema is a template Go's text/template does not parse (Polaris stops every audit on it)"
              : 'its schema does not compile';
      into.notImported.push(`${from}: not carried over: ${what}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  });
  into.customRules.splice(0, into.customRules.length, ...kept);
  // An exemption must not name a rule that is not there.
  const ids = new Set(kept.map(({ rule }) => String(rule.id)));
  const dropped = (rule: string) => !ids.has(rule) && CHECKS.get(rule) === undefined;
  const exemptions = into.exemptions.map((e) => ({ ...e, rules: e.rules.filter((r) => !dropped(r)) })).filter((e) => e.rules.length > 0);
  into.exemptions.splice(0, into.exemptions.length, ...exemptions);
  for (const settings of [into.off, into.on]) for (const rule of [...settings.keys()]) if (dropped(rule)) settings.delete(rule);
  for (const rule of [...into.only.rules]) if (dropped(rule)) into.only.rules.delete(rule);
}
