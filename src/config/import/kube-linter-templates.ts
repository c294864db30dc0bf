import { escapeRegExp, searchMatcher } from '../../core/full-match.js';
import { customRuleId, nonEmptyText } from './custom-rules.js';
import { RefusedCheck, record, stringList } from './shared.js';
import {
  allOf,
  everyEntryFails,
  fieldMatches,
  forbidAllCapabilities,
  forbidSomeCapabilities,
  GO_SPACE,
  isAll,
  matcherSchema,
  matches,
  negate,
  protocolMatches,
  type Schema,
  strings,
  text,
} from './kube-linter-schemas.js';
import type { ImportedConfig } from './types.js';

/*
 * kube-linter custom checks of templates that a JSON Schema says exactly become custom rules:
 * on the containers and init containers of every workload `latest-tag` (an image matched by a
 * regular expression of blockList, or by none of allowList), `image-not-pinned-by-digest`,
 * `image-pull-policy`, `env-var`, `ports` and `verify-container-capabilities`; on pod specs
 * `service-account`, `dnsconfig-options`, `unsafe-sysctls` and `priority-class-name`; on Services
 * `forbidden-service-types`; on autoscalers `hpa-maximum-replicas`; on every object
 * `required-label` / `required-annotation` with patterns, `forbidden-annotation` and
 * `disallowed-api-obj` by kind. kube-linter's patterns are
 * Go's, RE2, as custom rules' are, and match anywhere in the value, as JSON Schema's `pattern`
 * does. kube-linter reads the objects into Go structs, where a missing string is "" (a container
 * without an image has the image ""); the schemas say the same.
 */

/**
 * What a template check becomes: the custom rule's target fields and schema, and the object kinds
 * kube-linter runs the template on (a check whose scope names others is not carried over); or why
 * it has no custom rule.
 */
type Made = { rule: { target: string; containers?: string[]; kinds?: string[] }; schema: Schema; title?: string; own: string } | { why: string } | { refused: string };

const CONTAINERS = { target: 'container', containers: ['container', 'initContainer'] };
const POD_SPEC = { target: 'pod-spec' };
const EVERY_OBJECT = { target: 'object', kinds: ['*'] };

/** Each template's custom rule; undefined when kube-linter-ported.ts takes the check instead. */
const TEMPLATES: Readonly<Record<string, (params: Record<string, unknown>) => Made | undefined>> = {
  'latest-tag': (params) => {
    const block = strings(params.blocklist);
    const allow = strings(params.allowlist);
    if (block.length > 0 && allow.length > 0) return { why: 'it sets both blockList and allowList, which kube-linter refuses' };
    if (block.length === 0 && allow.length === 0) return { why: 'it sets neither blockList nor allowList, so it flags nothing' };
    const patterns = (block.length > 0 ? block : allow).map((pattern) => ({ pattern }));
    const matchesEmpty = (block.length > 0 ? block : allow).some((p) => matches(p, ''));
    const image = block.length > 0 ? { type: 'string', not: { anyOf: patterns } } : { type: 'string', anyOf: patterns };
    // A missing image is "": flagged when a blocked pattern matches "", or no allowed one does.
    const required = block.length > 0 ? matchesEmpty : !matchesEmpty;
    return { rule: CONTAINERS, own: 'DeploymentLike', schema: { type: 'object', ...(required ? { required: ['image'] } : {}), properties: { image } } };
  },
  'image-pull-policy': (params) => {
    const forbidden = strings(params.forbiddenpolicies);
    if (forbidden.length === 0) return { why: 'it forbids no pull policy, so it flags nothing' };
    return { rule: CONTAINERS, own: 'DeploymentLike', schema: { type: 'object', ...(forbidden.includes('') ? { required: ['imagePullPolicy'] } : {}), properties: { imagePullPolicy: { not: { enum: forbidden } } } } };
  },
  'required-label': (params) => requiredEntry('labels', params),
  'required-annotation': (params) => requiredEntry('annotations', params),
  // Every annotation fails the key or the value pattern.
  'forbidden-annotation': (params) => {
    const key = text(params.key);
    const value = text(params.value);
    if (key === '') return { why: 'it names no key, which kube-linter requires' };
    const title = `Annotation matching "${key}=${value === '' ? '<any>' : value}" found`;
    return { rule: EVERY_OBJECT, own: 'Any', title, schema: { type: 'object', properties: { metadata: { type: 'object', properties: { annotations: { type: 'object', ...everyEntryFails(key, value) } } } } } };
  },
  // An environment variable is flagged when its name matches and its value matches (or, with match: true, does not).
  'env-var': (params) => {
    const name = text(params.name);
    const value = text(params.value);
    if (name === '') return { why: 'it names no variable, which kube-linter requires' };
    const valueTest = params.match === true ? negate(fieldMatches('value', value)) : fieldMatches('value', value);
    const flagged = allOf(fieldMatches('name', name), valueTest);
    if (flagged === false) return { why: 'it flags no variable (match: true with no value pattern)' };
    return { rule: CONTAINERS, own: 'DeploymentLike', title: `Environment variable matching "${name}" found`, schema: { type: 'object', properties: { env: { type: 'array', items: negate(flagged) } } } };
  },
  // A containerPort equal to port (0 when unset) whose protocol (TCP when unset or empty) matches.
  ports: (params) => {
    const port = params.port === undefined ? 0 : params.port;
    if (typeof port !== 'number' || !Number.isInteger(port)) return { why: 'its port is not a whole number, which kube-linter refuses' };
    if (port < 1 || port > 65535) return { why: `it flags containerPort ${port}, which the API server refuses, so nothing` };
    const protocol = text(params.protocol);
    const flagged = allOf({ required: ['containerPort'], properties: { containerPort: { const: port } } }, protocolMatches(protocol));
    return { rule: CONTAINERS, own: 'DeploymentLike', title: `Port ${port}${protocol === '' ? '' : ` (protocol matching "${protocol}")`} exposed`, schema: { type: 'object', properties: { ports: { type: 'array', items: negate(flagged) } } } };
  },
  // The service account (serviceAccountName, else the deprecated serviceAccount, else "") matches, unless the token is not mounted.
  'service-account': (params) => {
    const pattern = text(params.serviceaccount);
    if (pattern === '') return { why: 'it names no service account pattern, which kube-linter requires' };
    const nameSet = { required: ['serviceAccountName'], properties: { serviceAccountName: { type: 'string', minLength: 1 } } };
    const account = { anyOf: [allOf(nameSet, fieldMatches('serviceAccountName', pattern)), allOf(negate(nameSet), fieldMatches('serviceAccount', pattern))].filter((s) => s !== false) };
    const tokenOff = { required: ['automountServiceAccountToken'], properties: { automountServiceAccountToken: { const: false } } };
    return { rule: POD_SPEC, own: 'DeploymentLike', title: `Service account matching "${pattern}" used`, schema: { type: 'object', if: tokenOff, else: negate(account) } };
  },
  // kube-linter compares the option's name and value as written (not as patterns); an option without a value never matches.
  'dnsconfig-options': (params) => {
    const key = text(params.key);
    const value = text(params.value);
    const name = key === '' ? { anyOf: [{ not: { required: ['name'] } }, { properties: { name: { const: '' } } }] } : { required: ['name'], properties: { name: { const: key } } };
    const option = { allOf: [name, { required: ['value'], properties: { value: { const: value } } }] };
    const options = { type: 'object', required: ['options'], properties: { options: { type: 'array', contains: option } } };
    return { rule: POD_SPEC, own: 'DeploymentLike', title: `DNSConfig Options "${key}:${value}" not found`, schema: { type: 'object', required: ['dnsConfig'], properties: { dnsConfig: options } } };
  },
  // Compared to spec.type as written, case aside: a Service without a type is flagged only when "" is forbidden.
  'forbidden-service-types': (params) => {
    const all = strings(params.forbiddenservicetypes);
    const forbidden = all.filter((t) => t !== '');
    const listed = all.includes('');
    if (forbidden.length === 0 && !listed) return { why: 'it forbids no service type, so it flags nothing' };
    const types = { pattern: `^(?i:${forbidden.map(escapeRegExp).join('|')})$` };
    const type = forbidden.length === 0 ? { type: 'string', minLength: 1 } : { type: 'string', not: types, ...(listed ? { minLength: 1 } : {}) };
    const schema = { type: 'object', ...(listed ? { required: ['spec'] } : {}), properties: { spec: { type: 'object', ...(listed ? { required: ['type'] } : {}), properties: { type } } } };
    return { rule: { target: 'object', kinds: ['v1/Service'] }, own: 'Service', title: `Service of a forbidden type (${forbidden.concat(listed ? ['""'] : []).join(', ')})`, schema };
  },
  // A sysctl of the pod whose name starts with one of the prefixes listed.
  'unsafe-sysctls': (params) => {
    const prefixes = strings(params.unsafesysctls);
    if (prefixes.length === 0) return { why: 'it lists no sysctl, so it flags nothing' };
    const starts = prefixes.map((p): Schema | boolean => (p === '' ? true : { required: ['name'], properties: { name: { type: 'string', pattern: `^${escapeRegExp(p)}` } } }));
    const flagged = starts.includes(true) ? true : { anyOf: starts };
    return { rule: POD_SPEC, own: 'DeploymentLike', title: `Sysctl starting with ${prefixes.map((p) => JSON.stringify(p)).join(', ')} set`, schema: { type: 'object', properties: { securityContext: { type: 'object', properties: { sysctls: { type: 'array', items: negate(flagged) } } } } } };
  },
  // A priority class name that is set (not blank) and not among those accepted.
  'priority-class-name': (params) => {
    const accepted = strings(params.acceptedpriorityclassnames);
    const name = { anyOf: [{ not: { type: 'string' } }, { pattern: `^[${GO_SPACE}]*$` }, ...(accepted.length > 0 ? [{ enum: accepted }] : [])] };
    return { rule: POD_SPEC, own: 'DeploymentLike', title: `Priority class other than ${accepted.map((a) => JSON.stringify(a)).join(', ') || 'none'}`, schema: { type: 'object', properties: { priorityClassName: name } } };
  },
  'verify-container-capabilities': (params) => {
    const forbidden = strings(params.forbiddencapabilities);
    const exceptions = strings(params.exceptions);
    const forbidAll = forbidden.some(isAll);
    if (forbidAll && forbidden.length > 1) return { why: 'its forbiddenCapabilities hold "all" and other capabilities, which kube-linter refuses' };
    if (!forbidAll && exceptions.length > 0) return { why: 'it lists exceptions without forbidding "all", which kube-linter refuses' };
    if (exceptions.some(isAll)) return { why: 'its exceptions hold "all", which kube-linter refuses' };
    if (forbidden.length === 0) return { why: 'it forbids no capability, so it flags nothing' };
    const capabilities = forbidAll ? forbidAllCapabilities(exceptions) : forbidSomeCapabilities(forbidden);
    const schema = { type: 'object', properties: { securityContext: { type: 'object', properties: { capabilities: { if: { type: 'object' }, then: capabilities } } } } };
    return { rule: CONTAINERS, own: 'DeploymentLike', title: forbidAll ? 'Container does not drop all capabilities, or adds one' : `Container adds or does not drop ${forbidden.join(', ')}`, schema };
  },
  // An image that neither holds "@sha256:" nor matches an allowList pattern (a missing image is "").
  'image-not-pinned-by-digest': (params) => {
    const allow = strings(params.allowlist);
    const pinned = [{ pattern: '@sha256:' }, ...allow.map((pattern) => ({ pattern }))];
    const required = !allow.some((p) => matches(p, ''));
    return { rule: CONTAINERS, own: 'DeploymentLike', title: 'Image not pinned by digest', schema: { type: 'object', ...(required ? { required: ['image'] } : {}), properties: { image: { type: 'string', anyOf: pinned } } } };
  },
  // An autoscaler's spec.maxReplicas above maxReplicas (0 when unset, as Go's int is).
  'hpa-maximum-replicas': (params) => {
    const max = params.maxreplicas ?? 0;
    if (typeof max !== 'number' || !Number.isInteger(max)) return { why: 'its maxReplicas is not a whole number, which kube-linter refuses' };
    const kinds = ['autoscaling/v1/HorizontalPodAutoscaler', 'autoscaling/v2/HorizontalPodAutoscaler', 'autoscaling/v2beta1/HorizontalPodAutoscaler', 'autoscaling/v2beta2/HorizontalPodAutoscaler'];
    return { rule: { target: 'object', kinds }, own: 'HorizontalPodAutoscaler', title: `HorizontalPodAutoscaler scales above ${max} replicas`, schema: { type: 'object', properties: { spec: { type: 'object', properties: { maxReplicas: { maximum: max } } } } } };
  },
  'disallowed-api-obj': (params) => {
    const kind = text(params.kind);
    // A group or version pattern is matched against a part of apiVersion, which no schema singles out.
    if (text(params.group) !== '' || text(params.version) !== '') return undefined;
    if (kind === '') return { why: 'it names no group, version or kind, so it flags every object' };
    return { rule: EVERY_OBJECT, own: 'Any', title: `Disallowed API object (kind matching "${kind}")`, schema: { type: 'object', properties: { kind: negate(matcherSchema(kind)) } } };
  },
};

/**
 * The custom rule a check of `template` with `params` (names in lower case) becomes, or why none;
 * undefined for a template not here. A pattern of its parameters that Go's regexp does not compile
 * makes kube-linter refuse the check (its template compiles them when the check is registered),
 * and with it the whole configuration: `refused` says which.
 */
export function templateRule(template: string, params: Record<string, unknown>): Made | undefined {
  const made = Object.hasOwn(TEMPLATES, template) ? TEMPLATES[template]!(params) : undefined;
  if (!made || !('schema' in made)) return made;
  for (const pattern of patternsOf(made.schema)) {
    try {
      searchMatcher(pattern);
    } catch (error) {
      return { refused: `its parameters hold a regular expression Go does not compile (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  return made;
}

/** The regular expressions of a schema: its `pattern` values and `patternProperties` keys. */
function patternsOf(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(patternsOf);
  if (typeof schema !== 'object' || schema === null) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'pattern' && typeof value === 'string') found.push(value);
    else if (key === 'patternProperties' && typeof value === 'object' && value !== null) found.push(...Object.keys(value), ...Object.values(value).flatMap(patternsOf));
    else found.push(...patternsOf(value));
  }
  return found;
}

/**
 * kube-linter's required-label and required-annotation, on every object: some entry whose key
 * matches `key` and whose value matches `value` (regular expressions found anywhere; "" matches
 * anything; a leading `!` negates). The plain keys were carried over to missing-required-labels
 * before this is asked; these are the others. "Some entry matches" is the negation of "every entry
 * fails" (everyEntryFails).
 */
function requiredEntry(field: 'labels' | 'annotations', params: Record<string, unknown>): Made {
  const key = text(params.key);
  const value = text(params.value);
  if (key === '') return { why: 'it names no key, which kube-linter requires' };
  const entries = { type: 'object', not: everyEntryFails(key, value) };
  // kube-linter's own words: no label matching "key=value" found.
  const title = `No ${field === 'labels' ? 'label' : 'annotation'} matching "${key}=${value === '' ? '<any>' : value}"`;
  return { rule: EVERY_OBJECT, own: 'Any', title, schema: { type: 'object', required: ['metadata'], properties: { metadata: { type: 'object', required: [field], properties: { [field]: entries } } } } };
}

/** The parameters of a kube-linter check with their names in lower case: kube-linter decodes them with mapstructure, which matches names case-insensitively (`BlockList` is blockList). */
export function templateParams(check: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record(check.params) ?? {})) params[key.toLowerCase()] = value;
  return params;
}

/**
 * A custom check of a template above: its custom rule, added (kube-linter fails on any finding, so
 * the rule is high, at Rampart's default --fail-on); false for a check of another template.
 */
export function readTemplateCheck(check: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, into: ImportedConfig): boolean {
  const made = typeof check.template === 'string' ? templateRule(check.template, templateParams(check)) : undefined;
  if (!made) return false;
  // kube-linter registers a custom check, and refuses it, whether it is excluded or not.
  if ('refused' in made) throw new RefusedCheck(made.refused);
  const name = typeof check.name === 'string' ? check.name : '';
  if (excluded.has(name)) return true;
  const setting = `${where}: ${name} (${String(check.template)})`;
  if ('why' in made) {
    into.notImported.push(`${setting}: not carried over: ${made.why}`);
    return true;
  }
  const kinds = stringList(record(check.scope)?.objectKinds);
  if (kinds.some((k) => k !== made.own)) {
    into.notImported.push(`${setting}: not carried over: its scope names object kinds other than ${made.own} (${kinds.join(', ')})`);
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
