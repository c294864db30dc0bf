import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import { goQuote } from '../../pss/go.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { labelSelector } from './label-selector.js';
import { lintContextObjects, lintContextOf } from './lint-context.js';
import { boolParam, declaredOnly, goList, goString, type PortedTemplate, regex, stringsParam } from './template.js';

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

/**
 * access-to-resources: a RoleBinding or ClusterRoleBinding whose role, found among the objects
 * linted with it, has a rule granting a verb and a resource of the patterns (or `*`). As in
 * kube-linter:
 * - a RoleBinding looks for a Role of its roleRef's name whatever roleRef.kind says, in its
 *   namespace (`default` when it has none);
 * - a ClusterRole named `cluster_admin` (any case) is never looked at;
 * - an aggregated ClusterRole also reports each ClusterRole its aggregationRule's matchLabels
 *   select (matchExpressions are not read; no labels select them all);
 * - only objects of rbac.authorization.k8s.io/v1 are read.
 */
export const accessToResources: PortedTemplate = {
  objectKinds: ['Role', 'ClusterRole', 'ClusterRoleBinding', 'RoleBinding'],
  readsOtherObjects: true,
  instantiate(params) {
    declaredOnly(params, ['resources', 'verbs', 'flagrolesnotfound']);
    const resources = stringsParam(params, 'resources').map((r) => regex(r, 'regex'));
    const verbs = stringsParam(params, 'verbs').map((v) => regex(v, 'regex'));
    const flagNotFound = boolParam(params, 'flagrolesnotfound');
    const accessesOf = (role: K8sObject) => checkAccess(role.body.rules, resources, verbs);
    return (object, index) => {
      if (object.apiVersion !== RBAC_V1 || (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding')) return [];
      const name = goString(asRecord(object.body.roleRef)?.name);
      const { rolesByName, clusterRoles } = rolesBeside(object, index);
      const messages: string[] = [];
      let exists = false;
      if (object.kind === 'RoleBinding') {
        const namespace = object.namespace || 'default';
        for (const role of rolesByName.get(name) ?? []) {
          if ((role.namespace || 'default') !== namespace) continue;
          exists = true;
          const accesses = accessesOf(role);
          if (accesses.length > 0) messages.push(`binding to ${goQuote(role.name)} role that has ${accesses.join(', ')}`);
        }
        if (!exists && flagNotFound) messages.push(`role ${goQuote(name)} in namespace ${goQuote(namespace)} not found`);
      } else {
        for (const role of clusterRoles) {
          if (role.name !== name || role.name.toLowerCase() === 'cluster_admin') continue;
          exists = true;
          const accesses = accessesOf(role);
          if (accesses.length > 0) messages.push(`binding to ${goQuote(role.name)} clusterrole that has ${accesses.join(', ')}`);
          for (const { record: selector } of recordsWithIndex(asRecord(role.body.aggregationRule)?.clusterRoleSelectors)) {
            // kube-linter reads matchLabels only; a selector that is no valid one is skipped.
            const matches = labelSelector({ matchLabels: selector.matchLabels ?? {} });
            if ('error' in matches) continue;
            for (const aggregated of clusterRoles) {
              if (!matches.matches(aggregated.labels)) continue;
              const found = accessesOf(aggregated);
              if (found.length > 0) messages.push(`binding via aggregationRule to ${goQuote(aggregated.name)} clusterrole that has ${found.join(', ')}`);
            }
          }
        }
        if (!exists && flagNotFound) messages.push(`clusterrole ${goQuote(name)} not found`);
      }
      return messages.map((message) => ({ path: ['roleRef'], message }));
    };
  },
};

interface RolesBeside {
  /** The Roles of the lint context by name, in input order. */
  readonly rolesByName: ReadonlyMap<string, readonly K8sObject[]>;
  readonly clusterRoles: readonly K8sObject[];
}

const rolesByContext = new WeakMap<ObjectIndex, Map<string, RolesBeside>>();

/** The rbac.authorization.k8s.io/v1 Roles and ClusterRoles linted with `object`, gathered once per lint context. */
function rolesBeside(object: K8sObject, index: ObjectIndex): RolesBeside {
  let byContext = rolesByContext.get(index);
  if (!byContext) rolesByContext.set(index, (byContext = new Map()));
  const context = lintContextOf(object);
  let found = byContext.get(context);
  if (!found) {
    const rolesByName = new Map<string, K8sObject[]>();
    const clusterRoles: K8sObject[] = [];
    for (const o of lintContextObjects(object, index)) {
      if (o.apiVersion !== RBAC_V1) continue;
      if (o.kind === 'ClusterRole') clusterRoles.push(o);
      else if (o.kind === 'Role') {
        const named = rolesByName.get(o.name);
        if (named) named.push(o);
        else rolesByName.set(o.name, [o]);
      }
    }
    byContext.set(context, (found = { rolesByName, clusterRoles }));
  }
  return found;
}

/** Each rule's matching verbs and resources, as fmt writes them: `[get list] access to [secrets]`. */
function checkAccess(rules: unknown, resources: ReadonlyArray<(s: string) => boolean>, verbs: ReadonlyArray<(s: string) => boolean>): string[] {
  const accesses: string[] = [];
  for (const { record: rule } of recordsWithIndex(rules)) {
    const granted = strings(rule.resources).filter((r) => inList(resources, r));
    if (granted.length === 0) continue;
    const allowed = strings(rule.verbs).filter((v) => inList(verbs, v));
    if (allowed.length === 0) continue;
    accesses.push(`${goList(allowed)} access to ${goList(granted)}`);
  }
  return accesses;
}

const inList = (patterns: ReadonlyArray<(s: string) => boolean>, name: string) => patterns.some((matches) => name === '*' || matches(name));

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(goString) : []);
