import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { type IpRange, type IpSet, ipAtoms } from '../ip/ip-set.js';
import { type AnalysisOptions, buildCluster, type Cluster, type LocatedIssue, NAMESPACE_NAME_LABEL, type NamespaceInfo } from '../model/cluster.js';
import type { ConnSet } from '../ports/conn-set.js';
import type { Direction, Policy, Rule } from '../policy/types.js';
import { ClassTable, type PodClass, type Workload } from './classes.js';
import { ConnTable } from './conn-table.js';
import { type DirectionContext, evaluateDirection } from './evaluate.js';
import { NO_NAMED_PORTS, type NamedPorts, usesNamedPorts } from './rule-conns.js';
import { Selection } from './selection.js';
import { bindWorkloads } from './workload-binding.js';

/** The namespace of the ingress-controller pseudo-peer, as netpol-analyzer names it. */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`index ${i} out of range`);
  return item;
}

export const INGRESS_CONTROLLER_NAMESPACE = 'ingress-controller-ns';

/** One side of a connection: a pod class or an external address range. */
export type Endpoint = { readonly kind: 'class'; readonly id: number } | { readonly kind: 'external'; readonly atom: number };

/**
 * The connectivity engine. It reads the input once, groups pods into classes, splits the address
 * space into the ranges the policies distinguish, and decides each direction once per distinct
 * situation: a pod's applicable policies ("context") against a peer's set of matching rules
 * ("group"). Every pair question is then two table lookups and one memoized intersection.
 */
export class NetpolAnalysis {
  readonly cluster: Cluster;
  readonly classes: readonly PodClass[];
  readonly workloads: readonly Workload[];
  /** Disjoint address ranges covering IPv4 and IPv6, as the policies split them. */
  readonly atoms: readonly IpRange[];
  readonly selection: Selection;
  readonly table = new ConnTable();
  /** Policy problems and analysis warnings, with locations. */
  readonly issues: readonly LocatedIssue[];
  /** The class of the ingress controller, when Ingress or Route objects route traffic into the cluster. */
  readonly ingressController: PodClass | undefined;

  private readonly contexts: DirectionContext[] = [];
  private readonly contextNamed: NamedPorts[] = [];
  private readonly ctxOf: Record<Direction, Int32Array>;
  private groupsBuilt: Record<Direction, Int32Array> | undefined;
  private readonly groupCounts: Record<Direction, number> = { ingress: 0, egress: 0 };
  private readonly dstGroupNamed: NamedPorts[] = [];
  private readonly egressNamedPorts: boolean;
  private readonly ruleGroups = new Map<Rule, Int32Array>();
  private readonly rows = new Map<number, Int32Array>();
  private readonly ruleIds = new Map<Rule, number>();

  constructor(objects: readonly K8sObject[], index?: ObjectIndex, options: AnalysisOptions = {}) {
    this.cluster = buildCluster(objects, index, options);
    const namespaces = new Map(this.cluster.namespaces);
    const table = new ClassTable();
    const variantClasses = this.cluster.workloads.map((w) => {
      const ns = namespaces.get(w.namespace);
      if (!ns) throw new Error(`namespace ${w.namespace} not registered`);
      return w.variants.map((v) => table.variantClass(ns, v));
    });
    let ingressController: PodClass | undefined;
    if (this.cluster.ingressObjects.some((o) => o.kind !== 'Service')) {
      const ns: NamespaceInfo = namespaces.get(INGRESS_CONTROLLER_NAMESPACE) ?? {
        name: INGRESS_CONTROLLER_NAMESPACE,
        labels: { [NAMESPACE_NAME_LABEL]: INGRESS_CONTROLLER_NAMESPACE },
        object: undefined,
      };
      namespaces.set(ns.name, ns);
      ingressController = table.classes[table.classFor(ns, {}, [], true)];
    }
    this.ingressController = ingressController;
    this.classes = table.classes;
    this.atoms = ipAtoms(this.validPolicies().flatMap((p) => [...p.ingress, ...p.egress]).flatMap((r) => (r.peers === 'all' ? [] : r.peers.flatMap((peer): IpSet[] => (peer.kind === 'ips' ? [peer.ips] : [])))));
    this.selection = new Selection(this.classes, this.atoms, namespaces);
    for (const p of this.validPolicies()) for (const r of [...p.ingress, ...p.egress]) this.ruleIds.set(r, this.ruleIds.size);
    this.ctxOf = { ingress: new Int32Array(this.classes.length), egress: new Int32Array(this.classes.length) };
    this.buildContexts();
    this.egressNamedPorts = this.validPolicies().some((p) => p.egress.some((r) => !r.ignored && usesNamedPorts(r)));
    const bound = bindWorkloads(this.cluster.workloads, variantClasses, (id) => this.behaviour(id), table, namespaces);
    this.workloads = bound.workloads;
    this.issues = [...this.cluster.issues, ...bound.issues];
  }

  /** Valid policies of every tier. */
  validPolicies(): Policy[] {
    const c = this.cluster;
    return [...c.adminPolicies, ...c.networkPolicies, ...(c.baselinePolicy ? [c.baselinePolicy] : [])];
  }

  /**
   * Per direction, the group of every class and external range on the other side. Built on first
   * use: the scan's checks mostly ask only which policies apply to a class (its context).
   */
  private get groupOf(): Record<Direction, Int32Array> {
    return (this.groupsBuilt ??= { ingress: this.buildGroups('ingress'), egress: this.buildGroups('egress') });
  }

  /** How many groups the other side of a direction has (building the groups first). */
  private groupCount(direction: Direction): number {
    void this.groupOf;
    return this.groupCounts[direction];
  }

  private ruleKey(rules: readonly Rule[]): string {
    if (rules.length === 0) return '';
    return rules.map((r) => this.ruleIds.get(r) ?? -1).join(',');
  }

  private buildContexts(): void {
    const c = this.cluster;
    const adminSelected = c.adminPolicies.map((p) => new Set(this.selection.subjectClasses(p.subject)));
    const baselineSelected = c.baselinePolicy ? new Set(this.selection.subjectClasses(c.baselinePolicy.subject)) : new Set<number>();
    // Per class and direction, the NetworkPolicies that select it, in input order, as an interned
    // list: 0 is the empty list, and list `s` is list `parentOf[s]` followed by `policyOf[s]`. One
    // pass over each policy's selection, and classes selected by the same policies share one list
    // however many policies that is (thousands of policies in one namespace stay linear).
    type NetworkPolicyModel = (typeof c.networkPolicies)[number];
    const listOf: Record<Direction, Int32Array> = { ingress: new Int32Array(this.classes.length), egress: new Int32Array(this.classes.length) };
    const parentOf: number[] = [0];
    const policyOf: Array<NetworkPolicyModel | undefined> = [undefined];
    const namedOf: boolean[] = [false];
    for (const policy of c.networkPolicies) {
      const selected = this.selection.classesOf({ kind: 'same', namespace: policy.namespace }, policy.podSelector);
      const named = policy.ingress.some(usesNamedPorts);
      // The list each list grows into with this policy.
      const extended = new Map<number, number>();
      for (const direction of ['ingress', 'egress'] as const) {
        if (!policy.affects[direction]) continue;
        const lists = listOf[direction];
        for (const id of selected) {
          const parent = lists[id] as number;
          let list = extended.get(parent);
          if (list === undefined) {
            list = parentOf.length;
            parentOf.push(parent);
            policyOf.push(policy);
            namedOf.push((namedOf[parent] ?? false) || named);
            extended.set(parent, list);
          }
          lists[id] = list;
        }
      }
    }
    const policiesOf = (list: number): NetworkPolicyModel[] => {
      const out: NetworkPolicyModel[] = [];
      for (let s = list; s !== 0; s = parentOf[s] as number) out.push(policyOf[s] as NetworkPolicyModel);
      return out.reverse();
    };
    const noRules: Rule[] = [];
    const byKey = new Map<string, number>();
    for (const cls of this.classes) {
      for (const direction of ['ingress', 'egress'] as const) {
        const adminPolicies = c.adminPolicies.length === 0 ? [] : c.adminPolicies.filter((p, i) => p[direction].length > 0 && adminSelected[i]?.has(cls.id));
        const admin = adminPolicies.length === 0 ? noRules : adminPolicies.flatMap((p) => p[direction]);
        const list = listOf[direction][cls.id] as number;
        const bp = c.baselinePolicy && c.baselinePolicy[direction].length > 0 && baselineSelected.has(cls.id) ? c.baselinePolicy : undefined;
        const baseline = bp ? bp[direction] : noRules;
        const named = direction === 'ingress' && (admin.some(usesNamedPorts) || (namedOf[list] ?? false) || baseline.some(usesNamedPorts));
        const key = `${direction}|${this.ruleKey(admin)}|${list}|${this.ruleKey(baseline)}|${named ? cls.portKey : ''}`;
        let id = byKey.get(key);
        if (id === undefined) {
          id = this.contexts.length;
          const netpols = policiesOf(list);
          const npRules = netpols.flatMap((p) => p[direction]);
          this.contexts.push({ id, direction, admin, adminPolicies, netpols, npRules, baseline, baselinePolicy: bp });
          this.contextNamed.push(named ? cls.namedPorts : NO_NAMED_PORTS);
          byKey.set(key, id);
        }
        this.ctxOf[direction][cls.id] = id;
      }
    }
  }

  private directionRules(direction: Direction): Rule[] {
    return this.validPolicies().flatMap((p) => p[direction].filter((r) => !r.ignored));
  }

  /**
   * Groups the "other side" of a direction (sources for ingress, destinations for egress) by the
   * set of rules that select them: members of a group are indistinguishable to every policy.
   */
  private buildGroups(direction: Direction): Int32Array {
    const C = this.classes.length;
    const sigs: string[] = new Array<string>(C + this.atoms.length).fill('');
    for (const rule of this.directionRules(direction)) {
      const id = this.ruleIds.get(rule) ?? -1;
      for (const o of this.selection.ruleSelects(rule)) sigs[o] += `${id},`;
    }
    const groupOf = new Int32Array(sigs.length);
    const byKey = new Map<string, number>();
    sigs.forEach((sig, o) => {
      const cls = o < C ? this.classes[o] : undefined;
      const named = direction === 'egress' && this.egressNamedPorts && cls ? cls.portKey : '';
      const key = `${o < C ? 'c' : 'x'}|${sig}|${named}`;
      let g = byKey.get(key);
      if (g === undefined) {
        g = byKey.size;
        byKey.set(key, g);
        if (direction === 'egress') this.dstGroupNamed[g] = cls && this.egressNamedPorts ? cls.namedPorts : NO_NAMED_PORTS;
      }
      groupOf[o] = g;
    });
    this.groupCounts[direction] = byKey.size;
    return groupOf;
  }

  private groupsOf(rule: Rule): Int32Array {
    let groups = this.ruleGroups.get(rule);
    if (!groups) {
      const of = this.groupOf[rule.direction];
      groups = Int32Array.from(new Set(Array.from(this.selection.ruleSelects(rule), (o) => of[o] ?? 0)));
      this.ruleGroups.set(rule, groups);
    }
    return groups;
  }

  /** The decided connections of one context against every group of the other side. */
  private row(ctxId: number): Int32Array {
    let row = this.rows.get(ctxId);
    if (row) return row;
    const ctx = this.contexts[ctxId];
    if (!ctx) throw new Error(`unknown context ${ctxId}`);
    const rules = [...ctx.admin, ...ctx.npRules, ...ctx.baseline];
    const named = this.contextNamed[ctxId] ?? NO_NAMED_PORTS;
    const egress = ctx.direction === 'egress';
    const memo = new Map<string, number>();
    const decide = (indexes: readonly number[], group: number): number => {
      const portsOf = egress && this.egressNamedPorts ? (this.dstGroupNamed[group] ?? NO_NAMED_PORTS) : named;
      const key = `${indexes.join(',')}#${egress && indexes.some((i) => usesNamedPorts(at(rules, i))) ? group : ''}`;
      let id = memo.get(key);
      if (id === undefined) {
        const matched = new Set(indexes.map((i) => rules[i]));
        id = this.table.id(evaluateDirection(ctx, (r) => matched.has(r), portsOf));
        memo.set(key, id);
      }
      return id;
    };
    row = new Int32Array(this.groupCount(ctx.direction)).fill(decide([], 0));
    const touched = new Map<number, number[]>();
    rules.forEach((rule, i) => {
      for (const g of this.groupsOf(rule)) {
        const list = touched.get(g);
        if (list) list.push(i);
        else touched.set(g, [i]);
      }
    });
    for (const [g, indexes] of touched) row[g] = decide(indexes, g);
    this.rows.set(ctxId, row);
    return row;
  }

  context(direction: Direction, classId: number): DirectionContext {
    const ctx = this.contexts[this.ctxOf[direction][classId] ?? 0];
    if (!ctx) throw new Error(`no context for class ${classId}`);
    return ctx;
  }

  /** Named ports a class's ingress rules resolve against. */
  classNamedPorts(classId: number): NamedPorts {
    return this.classes[classId]?.namedPorts ?? NO_NAMED_PORTS;
  }

  private otherIndex(endpoint: Endpoint): number {
    return endpoint.kind === 'class' ? endpoint.id : this.classes.length + endpoint.atom;
  }

  /** What the destination's ingress side allows from `src` (a class or an external range). */
  ingressId(src: Endpoint, dstClass: number): number {
    const row = this.row(this.ctxOf.ingress[dstClass] ?? 0);
    return row[this.groupOf.ingress[this.otherIndex(src)] ?? 0] ?? this.table.NONE;
  }

  /** The egress side of a class against every destination group (connection set ids). */
  egressRow(srcClass: number): Int32Array {
    return this.row(this.ctxOf.egress[srcClass] ?? 0);
  }

  /** The ingress side of a class against every source group (connection set ids). */
  ingressRow(dstClass: number): Int32Array {
    return this.row(this.ctxOf.ingress[dstClass] ?? 0);
  }

  /** The group an external range belongs to as a source (into `ingressRow`) and as a destination (into `egressRow`). */
  atomGroups(atom: number): { readonly source: number; readonly destination: number } {
    const o = this.classes.length + atom;
    return { source: this.groupOf.ingress[o] ?? 0, destination: this.groupOf.egress[o] ?? 0 };
  }

  /** The group a class belongs to as a destination (an index into `egressRow`). */
  destinationGroup(classId: number): number {
    return this.groupOf.egress[classId] ?? 0;
  }

  /** What the source's egress side allows towards `dst`. */
  egressId(srcClass: number, dst: Endpoint): number {
    const row = this.row(this.ctxOf.egress[srcClass] ?? 0);
    return row[this.groupOf.egress[this.otherIndex(dst)] ?? 0] ?? this.table.NONE;
  }

  /** The allowed connections from `src` to `dst` (at least one side must be a pod class). */
  connectionId(src: Endpoint, dst: Endpoint): number {
    if (src.kind === 'class' && dst.kind === 'class') return this.table.intersect(this.egressId(src.id, dst), this.ingressId(src, dst.id));
    if (src.kind === 'class') return this.egressId(src.id, dst);
    if (dst.kind === 'class') return this.ingressId(src, dst.id);
    throw new Error('a connection needs a pod on at least one side');
  }

  connection(src: Endpoint, dst: Endpoint): ConnSet {
    return this.table.get(this.connectionId(src, dst));
  }

  /** A class's behaviour as a source and as a destination: equal keys, equal connectivity. */
  behaviour(classId: number): string {
    return `${this.ctxOf.ingress[classId]},${this.ctxOf.egress[classId]},${this.groupOf.ingress[classId]},${this.groupOf.egress[classId]}`;
  }

  /** The matrix key of a class as a source (egress context, ingress group) and as a destination. */
  sourceKey(classId: number): string {
    return `${this.ctxOf.egress[classId]}:${this.groupOf.ingress[classId]}`;
  }

  destinationKey(classId: number): string {
    return `${this.ctxOf.ingress[classId]}:${this.groupOf.egress[classId]}`;
  }

  /** Whether two external ranges (atom indexes) are indistinguishable in a direction's role. */
  atomGroup(direction: 'source' | 'destination', atom: number): number {
    const of = direction === 'source' ? this.groupOf.ingress : this.groupOf.egress;
    return of[this.classes.length + atom] ?? 0;
  }
}
