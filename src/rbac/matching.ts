/*
 * RuleAllows exactly as the RBAC authorizer decides it (kubernetes/kubernetes
 * plugin/pkg/auth/authorizer/rbac/rbac.go and pkg/apis/rbac/v1/evaluation_helpers.go, v1.37):
 * a resource request needs its verb AND API group AND resource (AND name, when the rule lists
 * resourceNames) to match; a non-resource request needs its verb and path. Matching is exact and
 * case-sensitive; '*' matches anything in its list.
 */
import type { PlainRule } from './rules.js';

export interface ResourceAttributes {
  readonly resourceRequest: true;
  readonly verb: string;
  /** API group, '' for the core group. */
  readonly apiGroup: string;
  readonly resource: string;
  /** '' when the request is for the resource itself. */
  readonly subresource: string;
  /**
   * The object's name; '' for requests without one: create (of the resource itself),
   * deletecollection, and list or watch unless a `metadata.name=<name>` field selector names the
   * object.
   */
  readonly name: string;
  /** '' for cluster-scoped requests and requests across all namespaces. */
  readonly namespace: string;
}

export interface NonResourceAttributes {
  readonly resourceRequest: false;
  readonly verb: string;
  readonly path: string;
}

/** What the authorizer is asked (authorizer.Attributes, without the user). */
export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

export function verbMatches(rule: PlainRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PlainRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

/**
 * `*` covers every resource and subresource, `pods` only the resource itself, `pods/exec` only
 * that subresource, and `*\/scale` the `scale` subresource of any resource.
 */
export function resourceMatches(rule: PlainRule, combinedResource: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === '*' || r === combinedResource) return true;
    if (subresource.length === 0) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PlainRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** Go's strings.TrimRight(s, "*"). */
export function trimStars(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '*') end--;
  return s.slice(0, end);
}

/** `*`, the exact path, or a path starting with what precedes a trailing `*` (a plain string prefix). */
export function nonResourceURLMatches(rule: PlainRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(trimStars(u))) return true;
  }
  return false;
}

export function combinedResource(request: Pick<ResourceAttributes, 'resource' | 'subresource'>): string {
  return request.subresource.length > 0 ? `${request.resource}/${request.subresource}` : request.resource;
}

/** RuleAllows. */
export function ruleAllows(request: RequestAttributes, rule: PlainRule): boolean {
  if (request.resourceRequest) {
    return (
      verbMatches(rule, request.verb) &&
      apiGroupMatches(rule, request.apiGroup) &&
      resourceMatches(rule, combinedResource(request), request.subresource) &&
      resourceNameMatches(rule, request.name)
    );
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

export function rulesAllow(request: RequestAttributes, rules: readonly PlainRule[]): boolean {
  return rules.some((rule) => ruleAllows(request, rule));
}

/** A resource request with defaults for the fields not given. */
export function resourceRequest(fields: Partial<Omit<ResourceAttributes, 'resourceRequest'>> & { verb: string; resource: string }): ResourceAttributes {
  return { resourceRequest: true, apiGroup: '', subresource: '', name: '', namespace: '', ...fields };
}

export function nonResourceRequest(verb: string, path: string): NonResourceAttributes {
  return { resourceRequest: false, verb, path };
}

/** `get pods/exec "web-0" in namespace shop`, `get /healthz`. */
export function describeRequest(request: RequestAttributes): string {
  if (!request.resourceRequest) return `${request.verb} ${request.path}`;
  const group = request.apiGroup ? `.${request.apiGroup}` : '';
  const sub = request.subresource ? `/${request.subresource}` : '';
  const name = request.name ? ` "${request.name}"` : '';
  const where = request.namespace ? ` in namespace ${request.namespace}` : '';
  return `${request.verb} ${request.resource}${group}${sub}${name}${where}`;
}
