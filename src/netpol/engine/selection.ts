import { LabeledIndex } from '../../k8s/labeled-index.js';
import type { IpRange } from '../ip/ip-set.js';
import { ipSetCovers } from '../ip/ip-set.js';
import type { NamespaceInfo } from '../model/cluster.js';
import { type Selector, selects } from '../policy/selector.js';
import type { NamespaceScope, Peer, Rule, Subject } from '../policy/types.js';
import type { PodClass } from './classes.js';

/**
 * Answers "which pod classes and external ranges does this selector pick?" once per selector,
 * over an index of classes by namespace.
 */
export class Selection {
  private readonly byNamespace = new Map<string, number[]>();
  private readonly ruleOthers = new Map<Rule, Int32Array>();

  constructor(
    readonly classes: readonly PodClass[],
    readonly atoms: readonly IpRange[],
    private readonly namespaces: ReadonlyMap<string, NamespaceInfo>,
  ) {
    for (const c of classes) {
      const list = this.byNamespace.get(c.namespace.name);
      if (list) list.push(c.id);
      else this.byNamespace.set(c.namespace.name, [c.id]);
    }
  }

  namespacesIn(scope: NamespaceScope): NamespaceInfo[] {
    if (scope.kind === 'same') {
      const ns = this.namespaces.get(scope.namespace);
      return ns ? [ns] : [];
    }
    return [...this.namespaces.values()].filter((ns) => selects(scope.selector, ns.labels));
  }

  /** Classes of the selected namespaces whose labels match `pods` (every pod when undefined). */
  classesOf(scope: NamespaceScope, pods: Selector | undefined): number[] {
    const out: number[] = [];
    for (const ns of this.namespacesIn(scope)) {
      const ids = pods === undefined ? (this.byNamespace.get(ns.name) ?? []) : this.labeledIn(ns.name).matching(pods.selector);
      for (const id of ids) out.push(id);
    }
    return out.sort((a, b) => a - b);
  }

  // Per namespace, its classes by their labels: thousands of policies over thousands of pods in
  // one namespace then cost what they select, not policies × pods. (An empty selector is a valid
  // one without requirements, which matches every class.)
  private readonly labeled = new Map<string, LabeledIndex<number>>();

  private labeledIn(namespace: string): LabeledIndex<number> {
    let index = this.labeled.get(namespace);
    if (!index) {
      const ids = this.byNamespace.get(namespace) ?? [];
      this.labeled.set(namespace, (index = new LabeledIndex(ids.map((id) => ({ item: id, labels: this.classes[id]?.labels ?? {} })))));
    }
    return index;
  }

  subjectClasses(subject: Subject): number[] {
    return this.classesOf({ kind: 'selector', selector: subject.namespaces }, subject.pods);
  }

  /** Whether the peer selects the class. */
  peerSelectsClass(peer: Peer, c: PodClass): boolean {
    if (peer.kind !== 'pods') return false;
    const inNamespace = peer.namespaces.kind === 'same' ? peer.namespaces.namespace === c.namespace.name : selects(peer.namespaces.selector, c.namespace.labels);
    return inNamespace && (peer.pods === undefined || selects(peer.pods, c.labels));
  }

  /**
   * Everything a rule's peers select, as "other" indexes: classes `0..C-1`, then external
   * ranges `C..C+A-1`. A rule without peers selects all of them.
   */
  ruleSelects(rule: Rule): Int32Array {
    let others = this.ruleOthers.get(rule);
    if (others) return others;
    const C = this.classes.length;
    if (rule.peers === 'all') {
      others = new Int32Array(C + this.atoms.length);
      for (let i = 0; i < others.length; i++) others[i] = i;
    } else {
      const set = new Set<number>();
      for (const peer of rule.peers) {
        if (peer.kind === 'pods') for (const id of this.classesOf(peer.namespaces, peer.pods)) set.add(id);
        else if (peer.kind === 'ips') this.atoms.forEach((atom, i) => ipSetCovers(peer.ips, atom) && set.add(C + i));
      }
      others = Int32Array.from([...set].sort((a, b) => a - b));
    }
    this.ruleOthers.set(rule, others);
    return others;
  }
}
