import { PORTED_TEMPLATES } from '../../custom-rules/kube-linter/index.js';
import { OBJECT_KINDS, objectRule } from './kube-linter-cel.js';
import { record, stringList } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * kube-linter custom checks of the templates Rampart runs as kube-linter does
 * (src/custom-rules/kube-linter): a custom rule with `kubeLinter:` naming the template and its
 * parameters, on the object kinds of the check's scope (the template's own when it has none).
 */

/** A custom check of a ported template: its custom rule, added; false for another template. */
export function readPortedCheck(check: Record<string, unknown>, params: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, into: ImportedConfig): boolean {
  const name = typeof check.template === 'string' ? check.template : '';
  const template = Object.hasOwn(PORTED_TEMPLATES, name) ? PORTED_TEMPLATES[name] : undefined;
  if (!template) return false;
  const id = typeof check.name === 'string' ? check.name : '';
  if (excluded.has(id)) return true;
  const setting = `${where}: ${id} (${name})`;
  try {
    template.instantiate(params);
  } catch (error) {
    into.notImported.push(`${setting}: not carried over: kube-linter refuses its parameters (${error instanceof Error ? error.message : String(error)})`);
    return true;
  }
  const scope = stringList(record(check.scope)?.objectKinds);
  const supported = template.objectKinds.includes('Any') ? Object.keys(OBJECT_KINDS) : template.objectKinds;
  const others = scope.filter((kind) => !supported.includes(kind) || !Object.hasOwn(OBJECT_KINDS, kind));
  if (others.length > 0) {
    into.notImported.push(`${setting}: not carried over: its scope names object kinds other than ${template.objectKinds.join(', ')} (${others.join(', ')})`);
    return true;
  }
  const rule = objectRule(check, id, name, scope.length > 0 ? scope : template.objectKinds, { kubeLinter: { template: name, params: record(check.params) ?? {} } });
  into.customRules.push({ rule, from: `${setting} (high: kube-linter fails on any finding)` });
  return true;
}
