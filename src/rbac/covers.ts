/*
 * The escalation check's rule comparison, as k8s.io/component-helpers/auth/rbac/validation
 * (policy_comparator.go, v0.37) implements it: whether one set of rules covers another, after
 * breaking the covered rules down to one verb, group, resource and name each. And the rule
 * compaction of k8s.io/kubernetes pkg/registry/rbac/validation/policy_compact.go.
 */
import { goQuote, wellFormed } from '../pss/go.js';
import { trimStars } from './matching.js';
import { completeRule, type PlainRule } from './rules.js';

const rule = completeRule;

/** BreakdownRule: an equivalent list of rules with at most one verb, group, resource and name each. */
export function breakdownRule(r: PlainRule): PlainRule[] {
  const out: PlainRule[] = [];
  for (const group of r.apiGroups) {
    for (const resource of r.resources) {
      for (const verb of r.verbs) {
        if (r.resourceNames.length > 0) {
          for (const name of r.resourceNames) out.push(rule({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] }));
        } else out.push(rule({ apiGroups: [group], resources: [resource], verbs: [verb] }));
      }
    }
  }
  for (const url of r.nonResourceURLs) for (const verb of r.verbs) out.push(rule({ nonResourceURLs: [url], verbs: [verb] }));
  return out;
}

const hasAll = (set: readonly string[], contains: readonly string[]) => contains.every((c) => set.includes(c));

function resourceCoversAll(set: readonly string[], covers: readonly string[]): boolean {
  if (set.includes('*') || hasAll(set, covers)) return true;
  for (const path of covers) {
    if (set.includes(path)) continue;
    const slash = path.indexOf('/');
    if (slash === -1) return false;
    if (!set.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

export function nonResourceURLCovers(owner: string, path: string): boolean {
  if (owner === path) return true;
  return owner.endsWith('*') && path.startsWith(trimStars(owner));
}

const urlsCoverAll = (set: readonly string[], covers: readonly string[]) => covers.every((path) => set.some((owner) => nonResourceURLCovers(owner, path)));

/** ruleCovers: whether `owner` covers `sub`, a rule with at most one verb, resource and name. */
export function ruleCovers(owner: PlainRule, sub: PlainRule): boolean {
  const verbs = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = owner.apiGroups.includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = urlsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs);
  const names =
    sub.resourceNames.length === 0 ? owner.resourceNames.length === 0 : owner.resourceNames.length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbs && groups && resources && names && urls;
}

export interface Coverage {
  readonly covered: boolean;
  /** The broken-down servant rules no owner rule covers. */
  readonly uncovered: readonly PlainRule[];
}

/** Covers(ownerRules, servantRules): what the API server checks before letting a user grant rules. */
export function covers(owners: readonly PlainRule[], servants: readonly PlainRule[]): Coverage {
  const uncovered: PlainRule[] = [];
  for (const servant of servants) {
    for (const sub of breakdownRule(servant)) {
      if (!owners.some((owner) => ruleCovers(owner, sub))) uncovered.push(sub);
    }
  }
  return { covered: uncovered.length === 0, uncovered };
}

/**
 * CompactRules: merges rules that hold only verbs, one API group, one resource and at most one
 * resource name, and differ only by verb (verbs are appended, not deduplicated, as upstream).
 * Upstream collects the merged rules in a Go map, so their order is random; here it is the order
 * of first appearance.
 */
export function compactRules(rules: readonly PlainRule[]): PlainRule[] {
  const compacted: PlainRule[] = [];
  const simple = new Map<string, { verbs: string[]; rule: PlainRule }>();
  for (const r of rules) {
    const key = simpleResourceKey(r);
    if (key === undefined) {
      compacted.push(r);
      continue;
    }
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs);
    else simple.set(key, { verbs: [...r.verbs], rule: r });
  }
  for (const { verbs, rule: r } of simple.values()) compacted.push({ ...plainOnly(r), verbs });
  return compacted;
}

function plainOnly(r: PlainRule): PlainRule {
  return rule({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames, nonResourceURLs: r.nonResourceURLs });
}

function simpleResourceKey(r: PlainRule): string | undefined {
  if (r.resourceNames.length > 1 || r.nonResourceURLs.length > 0) return undefined;
  if (r.apiGroups.length !== 1 || r.resources.length !== 1) return undefined;
  const [group = '', resource = ''] = [r.apiGroups[0], r.resources[0]];
  const name = r.resourceNames[0];
  return JSON.stringify(name === undefined ? [group, resource] : [group, resource, name]);
}

/** Go's %q of a []string: `["a" "b"]`. */
function goQuotedList(values: readonly string[]): string {
  return `[${values.map((v) => goQuote(wellFormed(v))).join(' ')}]`;
}

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`. */
export function compactString(r: PlainRule): string {
  const parts: string[] = [];
  if (r.apiGroups.length > 0) parts.push(`APIGroups:${goQuotedList(r.apiGroups)}`);
  if (r.resources.length > 0) parts.push(`Resources:${goQuotedList(r.resources)}`);
  if (r.nonResourceURLs.length > 0) parts.push(`NonResourceURLs:${goQuotedList(r.nonResourceURLs)}`);
  if (r.resourceNames.length > 0) parts.push(`ResourceNames:${goQuotedList(r.resourceNames)}`);
  if (r.verbs.length > 0) parts.push(`Verbs:${goQuotedList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}
