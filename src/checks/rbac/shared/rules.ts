/*
 * RBAC PolicyRule matching with the API server's semantics (k8s.io/api rbac/v1 evaluation
 * helpers): a rule allows a request only when its verbs AND apiGroups AND resources (AND
 * resourceNames, when listed) all match. Matching is exact and case-sensitive; '*' matches
 * anything in its list.
 */
import type { Path } from '../../../core/path.js';
import { asArray, recordsWithIndex } from '../../../k8s/access.js';

/** One string of a rule's list, with its index in the manifest (so findings point at it). */
export interface Listed {
  readonly value: string;
  readonly index: number;
}

export interface PolicyRule {
  /** Position in the role's `rules` list. */
  readonly index: number;
  readonly path: Path;
  readonly verbs: readonly Listed[];
  readonly apiGroups: readonly Listed[];
  readonly resources: readonly Listed[];
  readonly resourceNames: readonly Listed[];
  readonly nonResourceURLs: readonly Listed[];
}

/** Stands for "whichever subresource", e.g. `userextras/<any key>` for impersonation. */
export const ANY_SUBRESOURCE: unique symbol = Symbol('any subresource');

export interface ResourceRequest {
  readonly verb: string;
  /** API group, '' for the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string | typeof ANY_SUBRESOURCE;
  /** The object's name; unset for requests without one (list, watch, create, deletecollection). */
  readonly name?: string;
}

function listed(value: unknown): Listed[] {
  const out: Listed[] = [];
  asArray(value).forEach((item, index) => {
    if (typeof item === 'string') out.push({ value: item, index });
  });
  return out;
}

/** The rules of a Role or ClusterRole body; non-string list items are dropped (the API server rejects them). */
export function parseRules(rules: unknown, basePath: Path = ['rules']): PolicyRule[] {
  return recordsWithIndex(rules).map(({ record, index }) => ({
    index,
    path: [...basePath, index],
    verbs: listed(record.verbs),
    apiGroups: listed(record.apiGroups),
    resources: listed(record.resources),
    resourceNames: listed(record.resourceNames),
    nonResourceURLs: listed(record.nonResourceURLs),
  }));
}

export function verbMatches(element: string, verb: string): boolean {
  return element === '*' || element === verb;
}

export function groupMatches(element: string, group: string): boolean {
  return element === '*' || element === group;
}

/**
 * Whether one `resources` element covers the request: '*' covers every resource and subresource,
 * `pods` covers only the resource itself, `pods/exec` only that subresource, and `*\/scale` the
 * `scale` subresource of any resource.
 */
export function resourceMatches(element: string, resource: string, subresource?: string | typeof ANY_SUBRESOURCE): boolean {
  if (element === '*') return true;
  if (subresource === undefined || subresource === '') return element === resource;
  if (subresource === ANY_SUBRESOURCE) return element.startsWith(`${resource}/`) || element.startsWith('*/');
  return element === `${resource}/${subresource}` || element === `*/${subresource}`;
}

function nameMatches(rule: PolicyRule, name: string | undefined): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.some((n) => n.value === (name ?? ''));
}

/** RuleAllows for a resource request. */
export function grants(rule: PolicyRule, request: ResourceRequest): boolean {
  return (
    rule.verbs.some((v) => verbMatches(v.value, request.verb)) &&
    rule.apiGroups.some((g) => groupMatches(g.value, request.group)) &&
    rule.resources.some((r) => resourceMatches(r.value, request.resource, request.subresource)) &&
    nameMatches(rule, request.name)
  );
}

/** Whether a nonResourceURLs element covers a path: exact, '*', or a trailing '*' as a string prefix. */
export function urlMatches(element: string, path: string): boolean {
  if (element === '*' || element === path) return true;
  return element.endsWith('*') && path.startsWith(element.slice(0, -1));
}

/** RuleAllows for a non-resource request (`/healthz`, `/metrics`). */
export function grantsNonResource(rule: PolicyRule, verb: string, path: string): boolean {
  return rule.verbs.some((v) => verbMatches(v.value, verb)) && rule.nonResourceURLs.some((u) => urlMatches(u.value, path));
}
