import { KIND_GROUPS, type KindGroup, isClusterScopedKind } from './kind-groups.js';
import type { K8sObject } from './object.js';
import { type LabelSelector, matchesSelector } from './selectors.js';
import { podViewOf } from './workloads.js';

/** Every object of a scan, indexed for checks that relate objects to each other. */
export class ObjectIndex {
  private readonly byGroup = new Map<KindGroup, readonly K8sObject[]>();
  private readonly byGroupNamespace = new Map<KindGroup, Map<string, K8sObject[]>>();
  private readonly clusterScopedCustomKinds = new Set<string>();

  constructor(readonly objects: readonly K8sObject[]) {
    for (const crd of objects) {
      if (crd.kind !== 'CustomResourceDefinition') continue;
      const spec = crd.body.spec as { scope?: unknown; names?: { kind?: unknown } } | undefined;
      if (spec?.scope === 'Cluster' && typeof spec.names?.kind === 'string') this.clusterScopedCustomKinds.add(spec.names.kind);
    }
  }

  ofGroup(group: KindGroup): readonly K8sObject[] {
    let list = this.byGroup.get(group);
    if (!list) {
      const matches = KIND_GROUPS[group];
      list = this.objects.filter((o) => matches(o));
      this.byGroup.set(group, list);
    }
    return list;
  }

  ofGroupInNamespace(group: KindGroup, namespace: string): readonly K8sObject[] {
    let byNamespace = this.byGroupNamespace.get(group);
    if (!byNamespace) {
      byNamespace = new Map();
      for (const o of this.ofGroup(group)) {
        const ns = this.namespaceOf(o);
        const list = byNamespace.get(ns);
        if (list) list.push(o);
        else byNamespace.set(ns, [o]);
      }
      this.byGroupNamespace.set(group, byNamespace);
    }
    return byNamespace.get(namespace) ?? [];
  }

  // By group, namespace and name: owners, roles and accounts are looked up once per object that
  // names them (every Pod of a dump names its ReplicaSet).
  private readonly byName = new Map<KindGroup, Map<string, Map<string, K8sObject>>>();

  /** The first object of the group with this name in the namespace. */
  find(group: KindGroup, namespace: string, name: string): K8sObject | undefined {
    let byNamespace = this.byName.get(group);
    if (!byNamespace) this.byName.set(group, (byNamespace = new Map()));
    let names = byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      for (const o of this.ofGroupInNamespace(group, namespace)) if (!names.has(o.name)) names.set(o.name, o);
      byNamespace.set(namespace, names);
    }
    return names.get(name);
  }

  // Every object by kind and name, whatever its group and namespace.
  private byKindAndName: Map<string, K8sObject[]> | undefined;

  /** Every object of this kind and name, in input order, in any API group and namespace. */
  named(kind: string, name: string): readonly K8sObject[] {
    if (!this.byKindAndName) {
      this.byKindAndName = new Map();
      for (const o of this.objects) {
        const key = `${o.kind}\u0000${o.name}`;
        const list = this.byKindAndName.get(key);
        if (list) list.push(o);
        else this.byKindAndName.set(key, [o]);
      }
    }
    return this.byKindAndName.get(`${kind}\u0000${name}`) ?? [];
  }

  isClusterScoped(object: K8sObject): boolean {
    return isClusterScopedKind(object.kind) || this.clusterScopedCustomKinds.has(object.kind);
  }

  /** The namespace an object lands in: its own, `default` when unset, '' for cluster-scoped kinds. */
  namespaceOf(object: K8sObject): string {
    if (this.isClusterScoped(object)) return '';
    return object.namespace ?? 'default';
  }

  /** Workloads in `namespace` whose pods carry labels matching `selector`. */
  workloadsSelectedBy(namespace: string, selector: LabelSelector): K8sObject[] {
    return this.candidatesFor(namespace, selector).filter((w) => podsMatch(w, selector));
  }

  /** Whether any workload in `namespace` has pods with labels matching `selector`. */
  selectsAnyWorkload(namespace: string, selector: LabelSelector): boolean {
    return this.candidatesFor(namespace, selector).some((w) => podsMatch(w, selector));
  }

  // Services, policies and budgets select by labels over and over: narrow the scan to the
  // workloads that carry the rarest of the selector's matchLabels pairs.
  private readonly podLabelIndex = new Map<string, Map<string, K8sObject[]>>();

  private candidatesFor(namespace: string, selector: LabelSelector): readonly K8sObject[] {
    const all = this.ofGroupInNamespace('workload', namespace);
    const pairs = Object.entries(selector.matchLabels);
    if (pairs.length === 0 || all.length < 32) return all;
    let byLabel = this.podLabelIndex.get(namespace);
    if (!byLabel) {
      byLabel = new Map();
      for (const w of all) {
        for (const [k, v] of Object.entries(podViewOf(w)?.labels ?? {})) {
          const key = `${k}\u0000${v}`;
          const bucket = byLabel.get(key);
          if (bucket) bucket.push(w);
          else byLabel.set(key, [w]);
        }
      }
      this.podLabelIndex.set(namespace, byLabel);
    }
    let best: readonly K8sObject[] = all;
    for (const [k, v] of pairs) {
      const bucket = byLabel.get(`${k}\u0000${v}`) ?? [];
      if (bucket.length < best.length) best = bucket;
    }
    return best;
  }
}

function podsMatch(workload: K8sObject, selector: LabelSelector): boolean {
  const pod = podViewOf(workload);
  return pod !== undefined && matchesSelector(selector, pod.labels);
}
