import { isDeepStrictEqual } from 'node:util';
import type { Problem } from '../../core/result.js';
import type { K8sObject } from '../../k8s/object.js';
import { ObjectIndex } from '../../k8s/object-index.js';
import { parseAdminPolicy } from '../policy/admin-network-policy.js';
import type { PolicyIssue } from '../policy/issues.js';
import { type NetworkPolicyParseOptions, parseNetworkPolicy } from '../policy/network-policy.js';
import type { AdminPolicyModel, NetworkPolicyModel, Policy } from '../policy/types.js';
import { policyLabel } from '../policy/types.js';
import { collectWorkloads, type WorkloadSource } from './workloads.js';

/** The label the API server puts on every namespace. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface NamespaceInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The Namespace object, when the input has one. */
  readonly object: K8sObject | undefined;
}

/** A problem of a policy, located at its field. */
export interface LocatedIssue extends Problem {
  readonly level: 'error' | 'warning';
  readonly policy: Policy | undefined;
  readonly issue: PolicyIssue | undefined;
}

/** Everything the connectivity analysis reads from the input. */
export interface Cluster {
  readonly index: ObjectIndex;
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly workloads: readonly WorkloadSource[];
  /** Valid NetworkPolicies. */
  readonly networkPolicies: readonly NetworkPolicyModel[];
  /** Valid AdminNetworkPolicies, in evaluation order (priority, then name). */
  readonly adminPolicies: readonly AdminPolicyModel[];
  readonly baselinePolicy: AdminPolicyModel | undefined;
  /** Every parsed policy, valid or not. */
  readonly allPolicies: readonly Policy[];
  readonly issues: readonly LocatedIssue[];
  /** Ingress, Route and Service objects, for the ingress-controller pseudo-peer. */
  readonly ingressObjects: readonly K8sObject[];
}

export function isAdminPolicyObject(object: K8sObject): boolean {
  return object.group === 'policy.networking.k8s.io' && (object.kind === 'AdminNetworkPolicy' || object.kind === 'BaselineAdminNetworkPolicy');
}

function isIngressObject(object: K8sObject): boolean {
  return (
    (object.kind === 'Ingress' && (object.group === 'networking.k8s.io' || object.group === 'extensions')) ||
    (object.kind === 'Route' && object.group === 'route.openshift.io') ||
    (object.kind === 'Service' && object.group === '')
  );
}

function locate(policy: Policy, issue: PolicyIssue): LocatedIssue {
  const position = policy.object.locate(issue.path);
  return {
    level: issue.level,
    code: issue.code,
    message: `${policyLabel(policy)}: ${issue.message}`,
    location: { file: policy.object.source.file, line: position.line, column: position.column },
    policy,
    issue,
  };
}

function objectIssue(level: 'error' | 'warning', code: string, object: K8sObject, message: string, policy?: Policy): LocatedIssue {
  const position = object.locate([]);
  return { level, code, message, location: { file: object.source.file, line: position.line, column: position.column }, policy, issue: undefined };
}

/**
 * A policy the input defines again. In the same file, an error: the API server keeps only one. In
 * another file, an alternative install of the same policy (a repository's install.yaml and
 * ha/install.yaml), of which the first copy is analysed: nothing to say when the copies are the
 * same, a warning when they differ.
 */
function duplicateIssue(object: K8sObject, earlier: K8sObject, policy: Policy): LocatedIssue | undefined {
  const at = `${earlier.source.file}:${earlier.locate([]).line}`;
  if (earlier.source.file === object.source.file) {
    return objectIssue('error', 'duplicate-policy', object, `${policyLabel(policy)}: defined twice (also at ${at}); the API server keeps only one`, policy);
  }
  if (isDeepStrictEqual(object.body, earlier.body)) return undefined;
  return objectIssue('warning', 'duplicate-policy', object, `${policyLabel(policy)}: defined differently at ${at}, read as another install of it; the analysis takes that first copy`, policy);
}

function pushDefined<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

/** How the analysis reads the input; the defaults are those of the latest Kubernetes release. */
export type AnalysisOptions = NetworkPolicyParseOptions;

/** Reads namespaces, workloads and policies from the input objects. */
export function buildCluster(objects: readonly K8sObject[], existingIndex?: ObjectIndex, options: AnalysisOptions = {}): Cluster {
  const index = existingIndex ?? new ObjectIndex(objects);
  const issues: LocatedIssue[] = [];
  const namespaces = new Map<string, NamespaceInfo>();
  for (const ns of index.ofGroup('namespace')) {
    if (!ns.name) continue;
    namespaces.set(ns.name, { name: ns.name, labels: { ...ns.labels, [NAMESPACE_NAME_LABEL]: ns.name }, object: ns });
  }
  const ensureNamespace = (name: string) => {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, object: undefined });
  };

  const workloads = collectWorkloads(index);
  for (const w of workloads) ensureNamespace(w.namespace);

  const allPolicies: Policy[] = [];
  const networkPolicies: NetworkPolicyModel[] = [];
  const seenNetpols = new Map<string, NetworkPolicyModel>();
  for (const object of index.ofGroup('network-policy')) {
    const namespace = index.namespaceOf(object);
    ensureNamespace(namespace);
    const parsed = parseNetworkPolicy(object, namespace, options);
    allPolicies.push(parsed.policy);
    for (const issue of parsed.issues) issues.push(locate(parsed.policy, issue));
    const key = `${namespace}/${object.name}`;
    const earlier = seenNetpols.get(key);
    if (earlier) {
      pushDefined(issues, duplicateIssue(object, earlier.object, parsed.policy));
      continue;
    }
    seenNetpols.set(key, parsed.policy);
    if (!parsed.policy.invalid) networkPolicies.push(parsed.policy);
  }

  const admin: AdminPolicyModel[] = [];
  let baselinePolicy: AdminPolicyModel | undefined;
  const seenAdmin = new Map<string, AdminPolicyModel>();
  for (const object of index.objects) {
    if (!isAdminPolicyObject(object)) continue;
    const parsed = parseAdminPolicy(object);
    const policy = parsed.policy;
    allPolicies.push(policy);
    for (const issue of parsed.issues) issues.push(locate(policy, issue));
    const key = `${policy.kind}/${policy.name}`;
    const earlier = seenAdmin.get(key);
    if (earlier) {
      pushDefined(issues, duplicateIssue(object, earlier.object, policy));
      continue;
    }
    seenAdmin.set(key, policy);
    if (policy.invalid) continue;
    if (policy.kind === 'BaselineAdminNetworkPolicy') baselinePolicy = policy;
    else admin.push(policy);
  }
  admin.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < admin.length; i++) {
    const [a, b] = [admin[i - 1], admin[i]];
    if (a && b && a.priority === b.priority) {
      issues.push(
        objectIssue(
          'error',
          'duplicate-priority',
          b.object,
          `${policyLabel(b)}: has the same priority (${b.priority}) as ${policyLabel(a)}; Kubernetes does not define which one wins (Rampart evaluates them by name)`,
          b,
        ),
      );
    }
  }
  return {
    index,
    namespaces,
    workloads,
    networkPolicies,
    adminPolicies: admin,
    baselinePolicy,
    allPolicies,
    issues,
    ingressObjects: index.objects.filter(isIngressObject),
  };
}
