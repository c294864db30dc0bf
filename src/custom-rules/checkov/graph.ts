import type { K8sObject } from '../../k8s/object.js';
import { isDict, pyEquals, pyTruthy, type PyValue } from './python.js';
import { blockAttribute, type CheckovResource, resourcesOf } from './vertex.js';

/*
 * Checkov's graph of Kubernetes resources, which its connection conditions read: a vertex per
 * resource Checkov makes of the objects (vertex.ts), and the edges of its four edge builders
 * (checkov/kubernetes/graph_builder/graph_components/edge_builders), quirks included:
 * - labels: a resource whose labels hold every pair of another's selector (a Service's
 *   spec.selector, any other kind's spec.selector.matchLabels), whatever the namespaces;
 * - keywords: a RoleBinding or ClusterRoleBinding to the resource its roleRef names (name and
 *   kind) and to each subject (name and kind, and for a RoleBinding the namespace);
 * - network policies: a NetworkPolicy to every Pod its podSelector's matchLabels select, and to
 *   every Pod when it has no matchLabels or the Pod has no labels; namespaces and
 *   matchExpressions are not read (these edges are kept as the Pods each selector selects, not
 *   listed one by one: see networkPolicies below);
 * - service accounts: a ServiceAccount to every resource whose spec.serviceAccountName is its
 *   name, in any namespace.
 */

export interface GraphVertex {
  readonly resource: CheckovResource;
  readonly object: K8sObject;
  /** Checkov's identity of a result: the resource id and the file. */
  readonly key: string;
}

export interface CheckovGraph {
  readonly vertices: readonly GraphVertex[];
  /**
   * The edges of the labels, keywords and service accounts builders, as origin and destination
   * vertex indices (edge e is from[e] to to[e]), in Checkov's order.
   */
  readonly edges: { readonly from: ArrayLike<number>; readonly to: ArrayLike<number> };
  /**
   * The network policies builder's edges, by origin in graph order: each NetworkPolicy connects to
   * its Pods in their order. Checkov's edges are by origin, so a NetworkPolicy's come after those
   * of every origin before it in `edges` and before those after it (a NetworkPolicy is the origin
   * of no other builder's edge). Checkov does not read namespaces here, so there are as many of
   * these edges as NetworkPolicies times Pods (about 35 million for 50,000 generated workloads); the
   * policies of one selector share one list of Pods instead.
   */
  readonly networkPolicies: readonly NetworkPolicyEdges[];
}

export interface NetworkPolicyEdges {
  readonly origin: number;
  /** The Pods it connects to, in graph order: one array for every NetworkPolicy that selects the same Pods. */
  readonly pods: readonly number[];
}

export function buildGraph(objects: readonly K8sObject[]): CheckovGraph {
  const vertices: GraphVertex[] = [];
  for (const object of objects) {
    for (const resource of resourcesOf(object.body as Record<string, unknown>)) vertices.push({ resource, object, key: `${object.source.file}\0${resource.id}` });
  }
  const views = vertices.map((v) => viewOf(v.resource));
  const lookups = new Lookups(views);
  const accounts = new ServiceAccountEdges();
  const from = new IndexList();
  const to = new IndexList();
  const networkPolicies: NetworkPolicyEdges[] = [];
  const selections = new Map<string, number[]>();
  views.forEach((view, origin) => {
    for (const found of [labelEdges(view, lookups), keywordEdges(view, lookups), accounts.edges(origin, view, views)]) {
      for (const destination of found) {
        from.push(origin);
        to.push(destination);
      }
    }
    const pods = networkPolicyEdges(view, lookups, selections);
    if (pods.length > 0) networkPolicies.push({ origin, pods });
  });
  return { vertices, edges: { from: from.values(), to: to.values() }, networkPolicies };
}

/**
 * A growing list of vertex indices in an Int32Array: Checkov's label edges ignore namespaces too,
 * so a graph of many workloads can hold millions of them, at 4 bytes each instead of an array's 8
 * and its garbage.
 */
class IndexList {
  private items = new Int32Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = value;
  }

  values(): Int32Array {
    return this.items.subarray(0, this.length);
  }
}

/** Python's equality of the scalars resources are looked up by (1, 1.0 and True are one key); undefined for a value no index holds. */
function scalarKey(v: PyValue): string | undefined {
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `n:${Number(v)}`;
  return v === null ? 'none' : undefined;
}

/**
 * Indexes that keep Checkov's edge builders from comparing every pair of resources. Each lookup
 * returns a superset of the resources that may match, in graph order; the builders then apply
 * Checkov's own test.
 */
class Lookups {
  /** Resources with a selector, by one of its pairs; those whose pairs no index holds, apart. */
  private readonly selectorsByPair = new Map<string, number[]>();
  private readonly oddSelectors: number[] = [];
  /** Pods, by each of their label pairs. */
  private readonly podsByLabel = new Map<string, number[]>();
  readonly pods: number[] = [];
  /** Pods whose labels are None (every NetworkPolicy connects to them). */
  readonly unlabeledPods: number[] = [];
  private readonly byName = new Map<string, number[]>();

  constructor(readonly views: readonly View[]) {
    views.forEach((view, i) => {
      if (nonEmpty(view.matchLabels)) {
        const [k, v] = Object.entries(view.matchLabels as Record<string, PyValue>)[0]!;
        const key = scalarKey(v);
        if (key === undefined) this.oddSelectors.push(i);
        else push(this.selectorsByPair, `${k}\0${key}`, i);
      }
      if (view.attribute('kind') === 'Pod') {
        this.pods.push(i);
        if (view.labels === undefined) this.unlabeledPods.push(i);
        if (isDict(view.labels)) for (const [k, v] of Object.entries(view.labels)) push(this.podsByLabel, `${k}\0${scalarKey(v) ?? ''}`, i);
      }
      const name = scalarKey(view.attribute('metadata.name') ?? null);
      if (name !== undefined) push(this.byName, name, i);
    });
  }

  /** The resources whose selector may be held by these labels. */
  selectorsWithin(labels: Record<string, PyValue>): number[] {
    const found = [...this.oddSelectors];
    for (const [k, v] of Object.entries(labels)) for (const i of this.selectorsByPair.get(`${k}\0${scalarKey(v) ?? ''}`) ?? []) found.push(i);
    return inOrder(found);
  }

  /** The Pods that may hold these labels. */
  podsWith(labels: Record<string, PyValue>): number[] {
    const [k, v] = Object.entries(labels)[0]!;
    const key = scalarKey(v);
    return key === undefined ? this.pods : (this.podsByLabel.get(`${k}\0${key}`) ?? []);
  }

  /** The resources named so (metadata.name). */
  named(name: PyValue): readonly number[] {
    const key = scalarKey(name);
    return key === undefined ? [] : (this.byName.get(key) ?? []);
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const inOrder = (indices: number[]) => [...new Set(indices)].sort((a, b) => a - b);

/** What the edge builders read of a resource. */
interface View {
  readonly id: string;
  readonly kind: string;
  readonly attribute: (key: string) => PyValue;
  /** metadata.labels; undefined where it is None. */
  readonly labels: PyValue;
  /** The selector's labels (KubernetesBlockMetadata's selector.match_labels). */
  readonly matchLabels: PyValue;
}

function viewOf(resource: CheckovResource): View {
  const body = resource.body;
  const metadata = isDict(body.metadata) ? body.metadata : {};
  const spec = body.spec;
  let matchLabels: PyValue;
  if (isDict(spec) && isDict(spec.selector)) matchLabels = resource.kind === 'Service' ? spec.selector : spec.selector.matchLabels;
  // The builders read a few attributes of each resource: those alone, not every key flattened.
  return { id: resource.id, kind: resource.kind, attribute: (key) => blockAttribute(body, key), labels: metadata.labels ?? undefined, matchLabels };
}

/** Whether every pair of a selector is among the labels (mappings only: other values select nothing here). */
function selects(matchLabels: PyValue, labels: PyValue): boolean {
  return isDict(matchLabels) && holdsPairs(Object.entries(matchLabels), labels);
}

/** Whether the labels (a mapping) hold every pair. */
function holdsPairs(pairs: ReadonlyArray<readonly [string, PyValue]>, labels: PyValue): boolean {
  return isDict(labels) && pairs.every(([k, v]) => Object.hasOwn(labels, k) && pyEquals(v, labels[k]));
}

const nonEmpty = (v: PyValue) => isDict(v) && Object.keys(v).length > 0;

function labelEdges(view: View, lookups: Lookups): number[] {
  if (view.labels === undefined || view.kind === 'NetworkPolicy' || !isDict(view.labels)) return [];
  return lookups.selectorsWithin(view.labels).filter((i) => lookups.views[i]!.id !== view.id && selects(lookups.views[i]!.matchLabels, view.labels));
}

/** ResourceKeywordIdentifier.KINDS_KEYWORDS_MAP: the other resource's key and the binding's. */
const KEYWORDS: Readonly<Record<string, { readonly roleRef: ReadonlyArray<readonly [string, string]>; readonly subject: ReadonlyArray<readonly [string, string]> }>> = {
  ClusterRoleBinding: { roleRef: [['metadata.name', 'roleRef.name'], ['kind', 'roleRef.kind']], subject: [['metadata.name', 'name'], ['kind', 'kind']] },
  RoleBinding: { roleRef: [['metadata.name', 'roleRef.name'], ['kind', 'roleRef.kind']], subject: [['metadata.name', 'name'], ['kind', 'kind'], ['metadata.namespace', 'namespace']] },
};

function keywordEdges(view: View, lookups: Lookups): number[] {
  const keywords = Object.hasOwn(KEYWORDS, view.kind) ? KEYWORDS[view.kind] : undefined;
  if (!keywords) return [];
  const same = (other: View, pairs: ReadonlyArray<readonly [string, string]>, prefix: string) =>
    pairs.every(([theirs, ours]) => {
      const a = view.attribute(`${prefix}${ours}`);
      const b = other.attribute(theirs);
      return a !== undefined && a !== null && b !== undefined && b !== null && pyEquals(a, b);
    });
  const subjects = view.attribute('subjects');
  const subjectNames = Array.isArray(subjects) ? subjects.map((_, n) => view.attribute(`subjects.${n}.name`)) : [];
  // Only a resource named as the roleRef or a subject can match.
  const candidates = inOrder([view.attribute('roleRef.name'), ...subjectNames].flatMap((name) => (name === undefined || name === null ? [] : [...lookups.named(name)])));
  const found: number[] = [];
  for (const i of candidates) {
    const other = lookups.views[i]!;
    if (other.id === view.id) continue;
    if (same(other, keywords.roleRef, '')) found.push(i);
    subjectNames.forEach((_, n) => same(other, keywords.subject, `subjects.${n}.`) && found.push(i));
  }
  return found;
}

/**
 * The Pods a NetworkPolicy connects to. Which Pods a podSelector selects depends on its
 * matchLabels alone (selectionKey): policies whose selectors select the same Pods share the list.
 * Checkov also skips a Pod of the policy's own id, which a Pod never has (its id begins with
 * `Pod.`, the policy's with `NetworkPolicy.`).
 */
function networkPolicyEdges(view: View, lookups: Lookups, selections: Map<string, number[]>): number[] {
  if (view.attribute('kind') !== 'NetworkPolicy') return [];
  const spec = view.attribute('spec');
  const podSelector = isDict(spec) ? spec.podSelector : undefined;
  if (!isDict(podSelector)) return [];
  const matchLabels = podSelector.matchLabels;
  const key = selectionKey(matchLabels);
  const known = key === undefined ? undefined : selections.get(key);
  if (known) return known;
  const specific = nonEmpty(matchLabels);
  const candidates = specific ? inOrder([...lookups.podsWith(matchLabels as Record<string, PyValue>), ...lookups.unlabeledPods]) : lookups.pods;
  // Only a selector with labels, on a Pod with labels, is compared; any other case connects.
  const compares = comparesLabels(matchLabels);
  const pairs = isDict(matchLabels) ? Object.entries(matchLabels) : undefined;
  const pods = candidates.filter((i) => {
    const pod = lookups.views[i]!;
    if (!compares || pod.labels === undefined) return true;
    return pairs !== undefined && holdsPairs(pairs, pod.labels);
  });
  if (key !== undefined) selections.set(key, pods);
  return pods;
}

/** Whether a podSelector's matchLabels are compared with a Pod's labels (`if match_labels and ...`, line numbers removed). */
const comparesLabels = (matchLabels: PyValue) => pyTruthy(isDict(matchLabels) ? Object.keys(matchLabels).length : matchLabels);

/**
 * A key that two matchLabels share only if they select the same Pods: every Pod when they compare
 * no labels, the Pods without labels when they are not a mapping, else their pairs in any order,
 * each value by Python's equality (scalarKey); undefined when a value is not a scalar.
 */
function selectionKey(matchLabels: PyValue): string | undefined {
  if (!comparesLabels(matchLabels)) return 'every';
  if (!isDict(matchLabels)) return 'unlabeled';
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(matchLabels)) {
    const value = scalarKey(v);
    if (value === undefined) return undefined;
    pairs.push([k, value]);
  }
  return JSON.stringify(pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * ServiceAccountEdgeBuilder: on the first ServiceAccount, every named ServiceAccount (the last of
 * a name wins) gets the resources whose spec.serviceAccountName is that name; each ServiceAccount
 * then connects to those of its name.
 */
class ServiceAccountEdges {
  private destinations: Map<string, number[]> | undefined;

  edges(origin: number, view: View, views: readonly View[]): number[] {
    if (view.attribute('kind') !== 'ServiceAccount') return [];
    if (!this.destinations || this.destinations.size === 0) {
      this.destinations = new Map();
      for (const other of views) {
        const name = other.attribute('metadata.name');
        const key = name === null ? undefined : scalarKey(name);
        if (other.attribute('kind') === 'ServiceAccount' && key !== undefined) this.destinations.set(key, []);
      }
      if (this.destinations.size > 0) {
        views.forEach((other, i) => {
          if (other.id === views[origin]!.id) return;
          const key = scalarKey(other.attribute('spec.serviceAccountName'));
          if (key !== undefined) this.destinations!.get(key)?.push(i);
        });
      }
    }
    const key = scalarKey(view.attribute('metadata.name'));
    return key === undefined ? [] : (this.destinations.get(key) ?? []);
  }
}
