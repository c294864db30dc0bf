/*
 * The least-privilege roles for a set of requests, as audit2rbac generates them
 * (github.com/liggitt/audit2rbac pkg/process.go and pkg/util.go): requests sorted broadest first;
 * each one neither the existing RBAC nor the rules generated so far allow becomes a rule, with
 * its verb expanded (list → get, watch; ...), its name dropped when the same request was made
 * for other names, and its namespace dropped when it was made in other namespaces; then each
 * role's rules are broken down, compacted and merged.
 */
import { compareGo, sortedSet } from '../../pss/go.js';
import { authorize } from '../authorizer.js';
import { breakdownRule, compactRules, compactString } from '../covers.js';
import { type RequestAttributes, ruleAllows } from '../matching.js';
import type { RbacModel } from '../model.js';
import { completeRule, type PlainRule, sameRule } from '../rules.js';
import { splitServiceAccountUsername, type UserInfo } from '../subjects.js';

export const DEFAULT_VERB_EXPANSIONS: Readonly<Record<string, readonly string[]>> = {
  watch: ['get', 'list'],
  list: ['get', 'watch'],
  update: ['get', 'patch'],
  patch: ['get', 'update'],
};

export interface GenerateOptions {
  readonly verbExpansions: Readonly<Record<string, readonly string[]>>;
  readonly expandMultipleNamesToUnnamed: boolean;
  readonly expandMultipleNamespacesToClusterScoped: boolean;
}

export const DEFAULT_GENERATE_OPTIONS: GenerateOptions = {
  verbExpansions: DEFAULT_VERB_EXPANSIONS,
  expandMultipleNamesToUnnamed: true,
  expandMultipleNamespacesToClusterScoped: true,
};

/** One request of the log: who made it and what it asked. `apiVersion` tells apart otherwise equal requests, as upstream compares whole attribute records. */
export interface LoggedRequest {
  readonly user: UserInfo;
  readonly request: RequestAttributes;
  readonly apiVersion?: string;
}

export interface GeneratedSubject {
  readonly kind: 'User' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

export interface GeneratedRoles {
  /** The requester the roles are for, as a binding subject. */
  readonly subject: GeneratedSubject | undefined;
  /** Rules for a ClusterRole and ClusterRoleBinding, when any request needed them. */
  readonly clusterRules: readonly PlainRule[] | undefined;
  /** Rules for a Role and RoleBinding per namespace, in the order the namespaces were first needed. */
  readonly namespaceRules: ReadonlyMap<string, readonly PlainRule[]>;
}

/** userToSubject: a ServiceAccount for a ServiceAccount's username, otherwise a User. */
export function subjectOfUser(name: string): GeneratedSubject {
  const sa = splitServiceAccountUsername(name);
  return sa ? { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace } : { kind: 'User', name };
}

const rule = completeRule;

/** sortRequests: non-resource first; then cluster-scoped, unnamed, list before get, then by group, resource, subresource, namespace, name, verb. */
function compareRequests(x: LoggedRequest, y: LoggedRequest): number {
  const a = x.request;
  const b = y.request;
  if (a.resourceRequest !== b.resourceRequest) return a.resourceRequest ? 1 : -1;
  if (!a.resourceRequest || !b.resourceRequest) {
    const pa = a.resourceRequest ? '' : a.path;
    const pb = b.resourceRequest ? '' : b.path;
    return compareGo(a.verb, b.verb) || compareGo(pa, pb);
  }
  const clusterA = a.namespace === '';
  const clusterB = b.namespace === '';
  if (clusterA !== clusterB) return clusterA ? -1 : 1;
  const unnamedA = a.name === '';
  const unnamedB = b.name === '';
  if (unnamedA !== unnamedB) return unnamedA ? -1 : 1;
  if (a.verb === 'list' && b.verb === 'get') return -1;
  if (a.verb === 'get' && b.verb === 'list') return 1;
  return (
    compareGo(a.apiGroup, b.apiGroup) ||
    compareGo(a.resource, b.resource) ||
    compareGo(a.subresource, b.subresource) ||
    compareGo(a.namespace, b.namespace) ||
    compareGo(a.name, b.name) ||
    compareGo(a.verb, b.verb)
  );
}

/** attributesToResourceRule. */
function resourceRule(r: Extract<RequestAttributes, { resourceRequest: true }>, options: GenerateOptions): PlainRule {
  const verbs = sortedSet([r.verb, ...(options.verbExpansions[r.verb] ?? [])]);
  return rule({
    verbs,
    apiGroups: [r.apiGroup],
    resources: [r.subresource ? `${r.resource}/${r.subresource}` : r.resource],
    ...(r.name ? { resourceNames: [r.name] } : {}),
  });
}

const sameUser = (a: UserInfo, b: UserInfo) => a.name === b.name && a.groups.length === b.groups.length && a.groups.every((g, i) => g === b.groups[i]);

/** Generate: the rules that cover every request of one requester that `existing` does not allow. */
export function generateRoles(existing: RbacModel, logged: readonly LoggedRequest[], options: GenerateOptions = DEFAULT_GENERATE_OPTIONS): GeneratedRoles {
  const requests = [...logged].sort(compareRequests);
  let subject: GeneratedSubject | undefined;
  let clusterRules: PlainRule[] | undefined;
  const namespaceRules = new Map<string, PlainRule[]>();
  const generatedAllows = (r: RequestAttributes) =>
    (clusterRules ?? []).some((x) => ruleAllows(r, x)) || (r.resourceRequest && r.namespace !== '' && (namespaceRules.get(r.namespace) ?? []).some((x) => ruleAllows(r, x)));

  for (const logged of requests) {
    const r = logged.request;
    if (authorize(existing, logged.user, r).allowed || generatedAllows(r)) continue;
    subject ??= subjectOfUser(logged.user.name);
    if (!r.resourceRequest) {
      clusterRules ??= [];
      clusterRules.push(rule({ verbs: [r.verb], nonResourceURLs: [r.path] }));
      continue;
    }
    let namespace = r.namespace;
    let name = r.name;
    const expandNames = options.expandMultipleNamesToUnnamed;
    const expandNamespaces = options.expandMultipleNamespacesToClusterScoped;
    if ((namespace !== '' && expandNamespaces) || (name !== '' && expandNames)) {
      // Other requests that differ only by name or namespace.
      for (const other of requests) {
        const o = other.request;
        if (!o.resourceRequest) continue;
        const differentNamespace = o.namespace !== '' && o.namespace !== namespace;
        const differentName = o.name !== '' && o.name !== name;
        const same =
          sameUser(other.user, logged.user) &&
          other.apiVersion === logged.apiVersion &&
          o.verb === r.verb &&
          o.apiGroup === r.apiGroup &&
          o.resource === r.resource &&
          o.subresource === r.subresource &&
          (expandNames || o.name === r.name) &&
          (expandNamespaces || o.namespace === r.namespace);
        if (!same) continue;
        if (expandNamespaces && differentNamespace) namespace = '';
        if (expandNames && differentName) name = '';
      }
    }
    const generated = resourceRule({ ...r, namespace, name }, options);
    if (namespace === '') {
      clusterRules ??= [];
      clusterRules.push(generated);
    } else {
      const list = namespaceRules.get(namespace) ?? [];
      list.push(generated);
      namespaceRules.set(namespace, list);
    }
  }
  return {
    subject,
    clusterRules: clusterRules ? compactGenerated(clusterRules) : undefined,
    namespaceRules: new Map([...namespaceRules].map(([ns, rules]) => [ns, compactGenerated(rules)])),
  };
}

/** compactRules of audit2rbac's util.go: break down, compact, merge names then resources, sort. */
export function compactGenerated(rules: readonly PlainRule[]): PlainRule[] {
  const compacted = compactRules(rules.flatMap(breakdownRule)).map((r) => ({ ...r, verbs: sortedSet(r.verbs) }));
  const accumulated: PlainRule[] = [];
  for (const r of compacted) {
    if (r.resources.length === 0) {
      accumulated.push(r);
      continue;
    }
    const nameless = { ...r, resourceNames: [] };
    const resourceless = { ...r, resources: [] };
    const j = accumulated.findIndex((acc) => sameRule(nameless, { ...acc, resourceNames: [] }) || sameRule(resourceless, { ...acc, resources: [] }));
    const acc = accumulated[j];
    if (j === -1 || !acc) {
      accumulated.push(r);
      continue;
    }
    // Upstream merges the names even when one of the rules has none, which would narrow a rule
    // for every object down to some names; a rule without names already covers the other.
    const names = acc.resourceNames.length === 0 || r.resourceNames.length === 0 ? [] : sortedSet([...acc.resourceNames, ...r.resourceNames]);
    accumulated[j] = sameRule(nameless, { ...acc, resourceNames: [] }) ? { ...acc, resourceNames: names } : { ...acc, resources: sortedSet([...acc.resources, ...r.resources]) };
  }
  // sort.SliceStable by API groups, then by CompactString.
  return accumulated.sort((a, b) => compareGo(a.apiGroups.join(','), b.apiGroups.join(',')) || compareGo(compactString(a), compactString(b)));
}
