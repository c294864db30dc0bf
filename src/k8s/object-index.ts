import { KIND_GROUPS, type KindGroup, isClusterScopedKind } from './kind-groups.js';
import type { K8sObject } from './object.js';
import { type LabelSelector, matchesSelector } from './selectors.js';
import { podViewOf } from './workloads.js';

/** Every object of a scan, indexed for checks that relate objects to each other. */
export class ObjectIndex {
  private readonly byGroup = new Map<KindGroup, readonly K8sObject[]>();
  private readonly byGroupNamespace = new Map<string, readonly K8sObject[]>();
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
    const key = `${group}\u0000${namespace}`;
    let list = this.byGroupNamespace.get(key);
    if (!list) {
      list = this.ofGroup(group).filter((o) => this.namespaceOf(o) === namespace);
      this.byGroupNamespace.set(key, list);
    }
    return list;
  }

  find(group: KindGroup, namespace: string, name: string): K8sObject | undefined {
    return this.ofGroupInNamespace(group, namespace).find((o) => o.name === name);
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
    return this.ofGroupInNamespace('workload', namespace).filter((w) => {
      const pod = podViewOf(w);
      return pod !== undefined && matchesSelector(selector, pod.labels);
    });
  }
}
