import { searchMatcher } from '../../core/full-match.js';
import { customRuleId, nonEmptyText } from './custom-rules.js';
import { record, stringList } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * kube-linter custom checks of templates that a JSON Schema says exactly become custom rules:
 * `latest-tag` (an image matched by a regular expression of blockList, or by none of allowList)
 * and `image-pull-policy` (a pull policy among forbiddenPolicies), on the containers and init
 * containers of every workload, and `required-label` / `required-annotation` with patterns, on
 * every object. kube-linter's patterns are Go's, RE2, as custom rules' are,
 * and match anywhere in the value, as JSON Schema's `pattern` does. A container without an image
 * or a pull policy is judged by kube-linter as an empty string; the schema says the same.
 */

type Schema = Record<string, unknown>;
/** What a template check becomes: the custom rule's target fields and schema, or why it has none. */
type Made = { rule: { target: string; containers?: string[]; kinds?: string[] }; schema: Schema; title?: string } | { why: string };

const CONTAINERS = { target: 'container', containers: ['container', 'initContainer'] };

const TEMPLATES: Readonly<Record<string, (params: Record<string, unknown>) => Made>> = {
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
    return { rule: CONTAINERS, schema: { type: 'object', ...(required ? { required: ['image'] } : {}), properties: { image } } };
  },
  'image-pull-policy': (params) => {
    const forbidden = stringList(params.forbiddenPolicies);
    if (forbidden.length === 0) return { why: 'it forbids no pull policy, so it flags nothing' };
    return { rule: CONTAINERS, schema: { type: 'object', ...(forbidden.includes('') ? { required: ['imagePullPolicy'] } : {}), properties: { imagePullPolicy: { not: { enum: forbidden } } } } };
  },
  'required-label': (params) => requiredEntry('labels', params),
  'required-annotation': (params) => requiredEntry('annotations', params),
};

/**
 * kube-linter's required-label and required-annotation, on every object: some entry whose key
 * matches `key` and whose value matches `value` (regular expressions found anywhere; "" matches
 * anything; a leading `!` negates). The plain keys were carried over to missing-required-labels
 * before this is asked; these are the others. "Some entry matches" is the negation of "every entry
 * fails": patternProperties (or additionalProperties, for a negated key) say the latter.
 */
function requiredEntry(field: 'labels' | 'annotations', params: Record<string, unknown>): Made {
  const key = typeof params.key === 'string' ? params.key : '';
  const value = typeof params.value === 'string' ? params.value : '';
  if (key === '') return { why: 'it names no key, which kube-linter requires' };
  const valueFails: Schema | boolean = value === '' ? false : value.startsWith('!') ? { pattern: value.slice(1) } : { not: { pattern: value } };
  const everyEntryFails = key.startsWith('!') ? { patternProperties: { [key.slice(1)]: true }, additionalProperties: valueFails } : { patternProperties: { [key]: valueFails } };
  const entries = { type: 'object', not: everyEntryFails };
  // kube-linter's own words: no label matching "key=value" found.
  const title = `No ${field === 'labels' ? 'label' : 'annotation'} matching "${key}=${value === '' ? '<any>' : value}"`;
  return { rule: { target: 'object', kinds: ['*'] }, title, schema: { type: 'object', required: ['metadata'], properties: { metadata: { type: 'object', required: [field], properties: { [field]: entries } } } } };
}

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
  const made = template(record(check.params) ?? {});
  if ('why' in made) {
    into.notImported.push(`${setting}: not carried over: ${made.why}`);
    return true;
  }
  // The templates' own kinds: DeploymentLike for the container templates, Any for the others.
  const own = made.rule.target === 'container' ? 'DeploymentLike' : 'Any';
  const kinds = stringList(record(check.scope)?.objectKinds);
  if (kinds.some((k) => k !== own)) {
    into.notImported.push(`${setting}: not carried over: its scope names object kinds other than ${own} (${kinds.join(', ')})`);
    return true;
  }
  const rule: Record<string, unknown> = {
    id: customRuleId(name, 'kube-linter'),
    title: nonEmptyText(check.description) ?? made.title ?? `kube-linter check ${name}`,
    severity: 'high',
    ...made.rule,
    description: `Imported from the kube-linter custom check ${name} (template ${String(check.template)}).`,
    ...(nonEmptyText(check.remediation) ? { remediation: nonEmptyText(check.remediation) } : {}),
    schema: made.schema,
  };
  into.customRules.push({ rule, from: `${setting} (high: kube-linter fails on any finding)` });
  return true;
}
