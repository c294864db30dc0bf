import { KIND_GROUPS, type KindGroup, isClusterScopedKind } from './kind-groups.js';
import { type K8sObject, namespaceOrDefault } from './object.js';
import { LabeledIndex } from './labeled-index.js';
import { amongNearest, fileOfObject, nearestCopy } from './nearest-copy.js';
import type { LabelSelector } from './selectors.js';
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
  private readonly byNamespaceAndName = new Map<KindGroup, Map<string, Map<string, K8sObject[]>>>();

  /** The objects of the group with this name in the namespace, in input order (a base and its overlay may both be there). */
  named(group: KindGroup, namespace: string, name: string): readonly K8sObject[] {
    let byNamespace = this.byNamespaceAndName.get(group);
    if (!byNamespace) this.byNamespaceAndName.set(group, (byNamespace = new Map()));
    let names = byNamespace.get(namespace);
    if (!names) byNamespace.set(namespace, (names = groupByName(this.ofGroupInNamespace(group, namespace))));
    return names.get(name) ?? [];
  }

  /**
   * The object of the group with this name in the namespace. When the input holds several (a
   * repository often keeps alternative installs side by side: install.yaml, namespace-install.yaml),
   * the one written nearest to `near`, the object that refers to it (`nearestCopy`); otherwise the first.
   */
  find(group: KindGroup, namespace: string, name: string, near?: K8sObject): K8sObject | undefined {
    const named = this.named(group, namespace, name);
    return near === undefined || named.length < 2 ? named[0] : nearestCopy(named, near.source.file, fileOfObject);
  }

  private readonly byName = new Map<KindGroup, Map<string, K8sObject[]>>();

  /** The objects of the group with this name in every namespace, in input order. */
  namedAnywhere(group: KindGroup, name: string): readonly K8sObject[] {
    let names = this.byName.get(group);
    if (!names) this.byName.set(group, (names = groupByName(this.ofGroup(group))));
    return names.get(name) ?? [];
  }

  /**
   * Whether a reference to an object of the group, by name, from `namespace` names one the input
   * lacks, for checks that report references to missing objects. The input speaks for a
   * namespace only when it holds objects of the group there: a scan of one file of a chart, or of
   * one kind from a cluster, does not say what else exists. So the reference counts as missing
   * when the namespace holds other objects of the group, or when one of that name exists in
   * another namespace (often the mistake itself); otherwise, and when it exists in the namespace,
   * the answer is undefined. `elsewhere` lists the other namespaces holding that name, sorted.
   */
  absentReferent(group: KindGroup, namespace: string, name: string): { readonly elsewhere: readonly string[] } | undefined {
    if (this.named(group, namespace, name).length > 0) return undefined;
    const elsewhere = [...new Set(this.namedAnywhere(group, name).map((o) => this.namespaceOf(o)))].filter((ns) => ns !== namespace).sort();
    if (elsewhere.length === 0 && this.ofGroupInNamespace(group, namespace).length === 0) return undefined;
    return { elsewhere };
  }

  // Every object by kind and name, whatever its group and namespace.
  private byKindAndName: Map<string, K8sObject[]> | undefined;

  /** Every object of this kind and name, in input order, in any API group and namespace. */
  ofKindNamed(kind: string, name: string): readonly K8sObject[] {
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

  private readonly memos = new Map<object, Map<string, unknown>>();

  /**
   * What `build` makes for a namespace, made once per scan: the indexes rules build over the input.
   * `owner` (usually the function asking) keeps different askers apart.
   */
  perNamespace<T>(owner: object, namespace: string, build: () => T): T {
    let byNamespace = this.memos.get(owner);
    if (!byNamespace) this.memos.set(owner, (byNamespace = new Map()));
    if (!byNamespace.has(namespace)) byNamespace.set(namespace, build());
    return byNamespace.get(namespace) as T;
  }

  isClusterScoped(object: K8sObject): boolean {
    return isClusterScopedKind(object.kind) || this.clusterScopedCustomKinds.has(object.kind);
  }

  /** The namespace an object lands in: its own, else its chart's release namespace, else `default`; '' for cluster-scoped kinds. */
  namespaceOf(object: K8sObject): string {
    if (this.isClusterScoped(object)) return '';
    return namespaceOrDefault(object);
  }

  // Objects of the same API group, kind, namespace and name read from several places; only those.
  private copies: Map<K8sObject, readonly K8sObject[]> | undefined;

  /** The copies of this object in the input (itself included), when there are several. */
  copiesOf(object: K8sObject): readonly K8sObject[] | undefined {
    if (!this.copies) {
      const byIdentity = new Map<string, K8sObject[]>();
      for (const o of this.objects) {
        const key = `${o.group}\u0000${o.kind}\u0000${this.namespaceOf(o)}\u0000${o.name}`;
        const list = byIdentity.get(key);
        if (list) list.push(o);
        else byIdentity.set(key, [o]);
      }
      this.copies = new Map();
      for (const list of byIdentity.values()) if (list.length > 1) for (const o of list) this.copies.set(o, list);
    }
    return this.copies.get(object);
  }

  /**
   * Whether a relation by label selector from `selecting` (a Service, a budget, a policy) reaches
   * `selected`: unless `selected` has copies in the input (another install of the same objects)
   * written nearer to `selecting` than itself (`nearestCopy`). Copies equally near all count, so a
   * tree that does not tell installs apart leaves every relation in place, as in one cluster. Only
   * the selected side is weighed: a selecting object copied elsewhere (a Service in install.yaml and
   * again in a file applied over it) still reaches a workload written once.
   */
  inInstallOf(selected: K8sObject, selecting: K8sObject): boolean {
    const copies = this.copiesOf(selected);
    return copies === undefined || amongNearest(selected.source.file, copies.map(fileOfObject), selecting.source.file);
  }

  /**
   * Workloads in `namespace` whose pods carry labels matching `selector`; with `selecting`, only
   * those of its install (`inInstallOf`).
   */
  workloadsSelectedBy(namespace: string, selector: LabelSelector, selecting?: K8sObject): K8sObject[] {
    const all = this.podLabels(namespace).matching(selector);
    return selecting === undefined ? all : all.filter((w) => this.inInstallOf(w, selecting));
  }

  /** Whether any workload in `namespace` has pods with labels matching `selector`. */
  selectsAnyWorkload(namespace: string, selector: LabelSelector): boolean {
    return this.podLabels(namespace).some(selector);
  }

  /** Workloads of every namespace whose pods carry labels matching `selector`. */
  workloadsSelectedAnywhere(selector: LabelSelector): K8sObject[] {
    return this.podLabels(undefined).matching(selector);
  }

  // Per namespace (undefined: all of them), the workloads by the labels of their pods.
  private readonly podLabelIndexes = new Map<string | undefined, LabeledIndex<K8sObject>>();

  private podLabels(namespace: string | undefined): LabeledIndex<K8sObject> {
    let index = this.podLabelIndexes.get(namespace);
    if (!index) {
      const workloads = namespace === undefined ? this.ofGroup('workload') : this.ofGroupInNamespace('workload', namespace);
      const entries = workloads.flatMap((item) => {
        const pod = podViewOf(item);
        return pod ? [{ item, labels: pod.labels }] : [];
      });
      this.podLabelIndexes.set(namespace, (index = new LabeledIndex(entries)));
    }
    return index;
  }
}

function groupByName(objects: readonly K8sObject[]): Map<string, K8sObject[]> {
  const names = new Map<string, K8sObject[]>();
  for (const o of objects) {
    const list = names.get(o.name);
    if (list) list.push(o);
    else names.set(o.name, [o]);
  }
  return names;
}
