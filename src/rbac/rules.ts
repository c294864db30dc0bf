/*
 * PolicyRules as the RBAC authorizer sees them: five lists of strings. Each rule also remembers
 * where it was written (the role object and the path of the rule in it, and the manifest index of
 * every list element), so that a finding or an explanation can point at the exact line.
 */
import type { Path } from '../core/path.js';
import { asArray, recordsWithIndex } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';

/** The five lists of a rbac.authorization.k8s.io/v1 PolicyRule. */
export interface PlainRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export type RuleList = keyof PlainRule;

export const RULE_LISTS: readonly RuleList[] = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'];

/** A rule of a Role or ClusterRole manifest. */
export interface PolicyRule extends PlainRule {
  /** Position in the role's `rules` list. */
  readonly index: number;
  /** Path of the rule inside its role object, e.g. `['rules', 2]`. */
  readonly path: Path;
  /** Manifest index of each element of each list (non-string items are dropped, so they can differ). */
  readonly positions: Readonly<Record<RuleList, readonly number[]>>;
  /** The role the rule is written in; an aggregated ClusterRole's rules keep their own role. */
  readonly role: K8sObject | undefined;
}

function strings(value: unknown): { values: string[]; positions: number[]; invalid: boolean } {
  const values: string[] = [];
  const positions: number[] = [];
  let invalid = false;
  asArray(value).forEach((item, index) => {
    if (typeof item === 'string') {
      values.push(item);
      positions.push(index);
    } else invalid = true;
  });
  return { values, positions, invalid };
}

/**
 * The rules of a Role or ClusterRole body. A rule with a list item that is not a string grants
 * nothing: the API server rejects such a role (dropping the item instead could widen the rule,
 * e.g. a resourceNames list of objects would become "every name").
 */
export function parseRules(rules: unknown, role?: K8sObject, basePath: Path = ['rules']): PolicyRule[] {
  return recordsWithIndex(rules).map(({ record, index }) => {
    const verbs = strings(record.verbs);
    const apiGroups = strings(record.apiGroups);
    const resources = strings(record.resources);
    const resourceNames = strings(record.resourceNames);
    const nonResourceURLs = strings(record.nonResourceURLs);
    const invalid = [verbs, apiGroups, resources, resourceNames, nonResourceURLs].some((l) => l.invalid);
    return {
      index,
      path: [...basePath, index],
      verbs: invalid ? [] : verbs.values,
      apiGroups: apiGroups.values,
      resources: resources.values,
      resourceNames: resourceNames.values,
      nonResourceURLs: nonResourceURLs.values,
      positions: {
        verbs: verbs.positions,
        apiGroups: apiGroups.positions,
        resources: resources.positions,
        resourceNames: resourceNames.positions,
        nonResourceURLs: nonResourceURLs.positions,
      },
      role,
    };
  });
}

/** A plain rule from the lists given, the others empty. */
export function completeRule(fields: Partial<PlainRule>): PlainRule {
  return {
    verbs: fields.verbs ?? [],
    apiGroups: fields.apiGroups ?? [],
    resources: fields.resources ?? [],
    resourceNames: fields.resourceNames ?? [],
    nonResourceURLs: fields.nonResourceURLs ?? [],
  };
}

/** A rule built in code (tests, generated roles): positions are the list indexes, no role. */
export function ruleOf(plain: Partial<PlainRule>, index = 0): PolicyRule {
  const list = (name: RuleList) => [...(plain[name] ?? [])];
  const positions = (name: RuleList) => list(name).map((_, i) => i);
  return {
    index,
    path: ['rules', index],
    verbs: list('verbs'),
    apiGroups: list('apiGroups'),
    resources: list('resources'),
    resourceNames: list('resourceNames'),
    nonResourceURLs: list('nonResourceURLs'),
    positions: {
      verbs: positions('verbs'),
      apiGroups: positions('apiGroups'),
      resources: positions('resources'),
      resourceNames: positions('resourceNames'),
      nonResourceURLs: positions('nonResourceURLs'),
    },
    role: undefined,
  };
}

/** Path of one element of a rule's list, for findings: `rules[2].verbs[1]`. */
export function elementPath(rule: PolicyRule, list: RuleList, i: number): Path {
  const position = rule.positions[list][i];
  return position === undefined ? [...rule.path, list] : [...rule.path, list, position];
}

/** Only the five lists, e.g. for output. Empty lists are left out, as the API server prints rules. */
export function plainRule(rule: PlainRule): Partial<Record<RuleList, string[]>> {
  const out: Partial<Record<RuleList, string[]>> = {};
  for (const list of RULE_LISTS) if (rule[list].length > 0) out[list] = [...rule[list]];
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** equality.Semantic.DeepEqual on two PolicyRules: the same lists in the same order (nil equals empty). */
export function sameRule(a: PlainRule, b: PlainRule): boolean {
  return RULE_LISTS.every((list) => sameList(a[list], b[list]));
}

const keys = new WeakMap<PlainRule, string>();

/** A string equal for exactly the rules `sameRule` finds equal. */
export function ruleKey(rule: PlainRule): string {
  let k = keys.get(rule);
  if (k === undefined) keys.set(rule, (k = JSON.stringify(RULE_LISTS.map((list) => rule[list]))));
  return k;
}
