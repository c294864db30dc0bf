import { searchMatcher } from '../../core/full-match.js';
import { customRuleId, nonEmptyText } from './custom-rules.js';
import { record, stringList } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * kube-linter custom checks of templates that a JSON Schema says exactly become custom rules:
 * `latest-tag` (an image matched by a regular expression of blockList, or by none of allowList)
 * and `image-pull-policy` (a pull policy among forbiddenPolicies). Both judge the containers and
 * init containers of every workload. kube-linter's patterns are Go's, RE2, as custom rules' are,
 * and match anywhere in the value, as JSON Schema's `pattern` does. A container without an image
 * or a pull policy is judged by kube-linter as an empty string; the schema says the same.
 */

type Schema = Record<string, unknown>;

const TEMPLATES: Readonly<Record<string, (params: Record<string, unknown>) => { schema: Schema } | { why: string }>> = {
  'latest-tag': (params) => {
    const block = stringList(params.blockList);
    const allow = stringList(params.allowList);
    if (block.length > 0 && allow.length > 0) return { why: 'it sets both blockList and allowList, which kube-linter refuses' };
    if (block.length === 0 && allow.length === 0) return { why: 'it sets neither blockList nor allowList, so it flags nothing' };
    const patterns = (block.length > 0 ? block : allow).map((pattern) => ({ pattern }));
    const matchesEmpty = (block.length > 0 ? block : allow).some((p) => matches(p, ''));
    const image = block.length > 0 ? { type: 'string', not: { anyOf: patterns } } : { type: 'string', anyOf: patterns };
    // A missing image is "": flagged when a blocked pattern matches "", or no allowed one does.
    const required = block.length > 0 ? matchesEmpty : !matchesEmpty;
    return { schema: { type: 'object', ...(required ? { required: ['image'] } : {}), properties: { image } } };
  },
  'image-pull-policy': (params) => {
    const forbidden = stringList(params.forbiddenPolicies);
    if (forbidden.length === 0) return { why: 'it forbids no pull policy, so it flags nothing' };
    return { schema: { type: 'object', ...(forbidden.includes('') ? { required: ['imagePullPolicy'] } : {}), properties: { imagePullPolicy: { not: { enum: forbidden } } } } };
  },
};

function matches(pattern: string, value: string): boolean {
  try {
    return searchMatcher(pattern)(value);
  } catch {
    return false;
  }
}

/**
 * A custom check of a template above: its custom rule, added (kube-linter fails on any finding, so
 * the rule is high, at Rampart's default --fail-on); false for a check of another template.
 */
export function readTemplateCheck(check: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, into: ImportedConfig): boolean {
  const template = typeof check.template === 'string' ? TEMPLATES[check.template] : undefined;
  if (!template) return false;
  const name = typeof check.name === 'string' ? check.name : '';
  if (excluded.has(name)) return true;
  const setting = `${where}: ${name} (${String(check.template)})`;
  const kinds = stringList(record(check.scope)?.objectKinds);
  if (kinds.some((k) => k !== 'DeploymentLike')) {
    into.notImported.push(`${setting}: not carried over: its scope names object kinds other than DeploymentLike (${kinds.join(', ')})`);
    return true;
  }
  const made = template(record(check.params) ?? {});
  if ('why' in made) {
    into.notImported.push(`${setting}: not carried over: ${made.why}`);
    return true;
  }
  const rule: Record<string, unknown> = {
    id: customRuleId(name, 'kube-linter'),
    title: nonEmptyText(check.description) ?? `kube-linter check ${name}`,
    severity: 'high',
    target: 'container',
    containers: ['container', 'initContainer'],
    description: `Imported from the kube-linter custom check ${name} (template ${String(check.template)}).`,
    ...(nonEmptyText(check.remediation) ? { remediation: nonEmptyText(check.remediation) } : {}),
    schema: made.schema,
  };
  into.customRules.push({ rule, from: `${setting} (high: kube-linter fails on any finding)` });
  return true;
}
