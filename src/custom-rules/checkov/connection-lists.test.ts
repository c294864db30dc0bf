import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K8sObject } from '../../k8s/object.js';
import { listConnections } from './connection-lists.js';
import { connectionJudge } from './connections.js';
import { buildGraph, type CheckovGraph } from './graph.js';
import { isDict, pyEquals, pyTruthy, type PyValue } from './python.js';
import { blockAttributesOf } from './vertex.js';

/*
 * The graph keeps a NetworkPolicy's edges as the Pods its selector selects, and the connection
 * solvers read them without listing each edge. The reference here lists every edge, one Pod after
 * another as Checkov's NetworkPolicyEdgeBuilder.find_connections finds them, in Checkov's order
 * (by origin), and the solvers must list, pass and fail exactly what they list and pass and fail
 * on it, in the same order.
 */

const NO_POSITIONS = { locate: () => ({ line: 1, column: 1 }) };

/** find_connections for one NetworkPolicy: every Pod, in graph order, that it connects to. */
function networkPolicyEdgesOneByOne(graph: CheckovGraph, origin: number): number[] {
  const attributes = graph.vertices.map((v) => blockAttributesOf(v.resource.body));
  const policy = attributes[origin]!;
  if (policy.get('kind') !== 'NetworkPolicy') return [];
  const spec = policy.get('spec');
  const podSelector = isDict(spec) ? spec.podSelector : undefined;
  if (!isDict(podSelector)) return [];
  const matchLabels = podSelector.matchLabels;
  const found: number[] = [];
  graph.vertices.forEach((pod, i) => {
    if (pod.resource.id === graph.vertices[origin]!.resource.id || attributes[i]!.get('kind') !== 'Pod') return;
    const metadata = pod.resource.body.metadata;
    const labels = isDict(metadata) ? (metadata.labels ?? undefined) : undefined;
    const comparesLabels = pyTruthy(isDict(matchLabels) ? Object.keys(matchLabels).length : matchLabels);
    if (!comparesLabels || labels === undefined) found.push(i);
    else if (isDict(matchLabels) && isDict(labels) && Object.entries(matchLabels).every(([k, v]) => Object.hasOwn(labels, k) && pyEquals(v, labels[k]))) found.push(i);
  });
  return found;
}

/** The same graph with every edge listed: each origin's edges in turn, a NetworkPolicy's one per Pod. */
function withEveryEdgeListed(graph: CheckovGraph): CheckovGraph {
  const from: number[] = [];
  const to: number[] = [];
  const { from: listedFrom, to: listedTo } = graph.edges;
  let e = 0;
  graph.vertices.forEach((_, origin) => {
    for (; e < listedFrom.length && listedFrom[e] === origin; e++) {
      from.push(origin);
      to.push(listedTo[e]!);
    }
    for (const pod of networkPolicyEdgesOneByOne(graph, origin)) {
      from.push(origin);
      to.push(pod);
    }
  });
  expect(e).toBe(listedFrom.length);
  return { vertices: graph.vertices, edges: { from, to }, networkPolicies: [] };
}

const KINDS = ['Pod', 'Deployment', 'Service', 'NetworkPolicy', 'ServiceAccount', 'RoleBinding'] as const;
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const compact = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

// Few keys and values, so that selectors select some Pods and not others; 1 and true are one label
// value to Python, '1' is not, and a list equals only a list.
const labelValue = fc.oneof(
  { weight: 6, arbitrary: fc.constant<PyValue>('a') },
  { weight: 3, arbitrary: fc.constant<PyValue>('b') },
  { weight: 2, arbitrary: fc.constantFrom<PyValue>(1, true, '1', null) },
  { weight: 2, arbitrary: fc.constantFrom<PyValue>(['a'], ['b']) },
);
const labels = fc.dictionary(fc.constantFrom('app', 'tier'), labelValue, { maxKeys: 2 });
const podLabels = fc.oneof({ weight: 6, arbitrary: labels }, { weight: 1, arbitrary: fc.constantFrom<PyValue>(null, 'x', {}) });
const podSelector = fc.oneof(
  { weight: 5, arbitrary: labels.map((l) => ({ matchLabels: l })) },
  { weight: 3, arbitrary: fc.constantFrom<PyValue>({}, { matchLabels: null }, { matchLabels: 'x' }, { matchLabels: 'y' }, 'x') },
);

const object = fc
  .record({
    // Mostly Pods and NetworkPolicies, whose edges are the ones kept by selector.
    kind: fc.oneof({ weight: 4, arbitrary: fc.constant('Pod' as const) }, { weight: 3, arbitrary: fc.constant('NetworkPolicy' as const) }, { weight: 2, arbitrary: fc.constant('Deployment' as const) }, fc.constantFrom(...KINDS)),
    // Few names: two objects of one kind, namespace and name are one resource id.
    name: fc.constantFrom('p', 'q', 'default'),
    namespace: fc.constantFrom('ns1', 'ns2'),
    labels: optional(podLabels),
    selector: optional(labels),
    podSelector: optional(podSelector),
    templateLabels: optional(podLabels),
    serviceAccountName: optional(fc.constantFrom('default', 'q')),
  })
  .map((o) => {
    const metadata = compact({ name: o.name, namespace: o.namespace, labels: o.labels });
    const apiVersion = { Deployment: 'apps/v1', NetworkPolicy: 'networking.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1' }[o.kind as string] ?? 'v1';
    const podSpec = compact({ serviceAccountName: o.serviceAccountName, containers: [{ name: 'c', image: 'nginx' }] });
    const base = { apiVersion, kind: o.kind, metadata };
    switch (o.kind) {
      case 'Pod':
        return { ...base, spec: podSpec };
      case 'Deployment':
        return { ...base, spec: compact({ selector: o.selector ? { matchLabels: o.selector } : undefined, template: { metadata: compact({ labels: o.templateLabels }), spec: podSpec } }) };
      case 'Service':
        return { ...base, spec: compact({ selector: o.selector }) };
      case 'NetworkPolicy':
        return { ...base, spec: compact({ podSelector: o.podSelector, policyTypes: ['Ingress'] }) };
      case 'ServiceAccount':
        return base;
      default:
        return { ...base, roleRef: { kind: 'Role', name: o.name }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: o.namespace }] };
    }
  });
const objects = fc.array(fc.record({ body: object, file: fc.constantFrom('a.yaml', 'b.yaml') }), { maxLength: 24 });

const graphOf = (drawn: ReadonlyArray<{ body: Record<string, unknown>; file: string }>) =>
  buildGraph(drawn.map(({ body, file }, i) => new K8sObject(body as never, { file, documentIndex: i, basePath: [], locator: NO_POSITIONS })));

const kinds = fc.subarray([...KINDS], { minLength: 1, maxLength: 3 });
const connection = fc
  .record({ operator: fc.constantFrom('exists', 'not_exists', 'one_exists'), from: kinds, to: kinds })
  .map(({ operator, from, to }) => ({ cond_type: 'connection', operator, resource_types: from, connected_resource_types: to }));
const attribute = fc
  .record({ kinds, test: fc.constantFrom({ attribute: 'metadata.labels.app', operator: 'equals', value: 'a' }, { attribute: 'metadata.namespace', operator: 'equals', value: 'ns1' }, { attribute: 'metadata.labels.tier', operator: 'exists' }) })
  .map(({ kinds: resourceTypes, test }) => ({ cond_type: 'attribute', resource_types: resourceTypes, ...test }));
const filter = kinds.map((values) => ({ cond_type: 'filter', attribute: 'resource_type', operator: 'within', value: values }));
const definition: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ tree: Record<string, unknown>; item: Record<string, unknown> }>((tie) => ({
  tree: fc.oneof(
    { weight: 2, arbitrary: connection },
    { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('and', 'or'), first: connection, rest: fc.array(tie('item'), { maxLength: 3 }) }).map(({ op, first, rest }) => ({ [op]: [first, ...rest] })) },
  ),
  item: fc.oneof({ weight: 3, arbitrary: attribute }, { weight: 2, arbitrary: connection }, { weight: 2, arbitrary: filter }, { weight: 1, depthSize: 'small', arbitrary: tie('tree') }),
})).tree;

describe("Checkov's NetworkPolicy edges, kept by selector", () => {
  it('keeps one list of Pods for the NetworkPolicies of one selector, and lists none of their edges', () => {
    const pod = (i: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: `ns-${i % 3}`, labels: { app: `app-${i}`, tier: `t${i % 2}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const policy = (i: number, matchLabels: Record<string, string>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np-${i}`, namespace: `ns-${i % 3}` }, spec: { podSelector: { matchLabels } } });
    const bodies = [
      ...Array.from({ length: 40 }, (_, i) => pod(i)),
      ...Array.from({ length: 30 }, (_, i) => policy(i, i % 2 === 0 ? { tier: 't0' } : { tier: 't1' })),
      // The same pairs in another order select the same Pods.
      policy(30, { tier: 't0', app: 'app-2' }),
      policy(31, { app: 'app-2', tier: 't0' }),
    ];
    const graph = graphOf(bodies.map((body) => ({ body, file: 'a.yaml' })));
    expect(graph.edges.from.length).toBe(0);
    expect(graph.networkPolicies.map((p) => p.pods.length)).toEqual([...Array.from({ length: 30 }, () => 20), 1, 1]);
    expect(new Set(graph.networkPolicies.map((p) => p.pods)).size).toBe(3);
    expect(withEveryEdgeListed(graph).edges.from.length).toBe(602);
  });

  it('shares a list of Pods only between selectors that select the same Pods', () => {
    const labelSets: PyValue[] = [{ app: '1' }, { app: 1 }, { app: ['a'] }, { app: ['b'] }, { app: 'a', tier: 'b' }, {}, 'x', undefined];
    const selectors: PyValue[] = [
      ...labelSets.map((matchLabels) => ({ matchLabels })),
      { matchLabels: { app: true } },
      { matchLabels: { tier: 'b', app: 'a' } },
      { matchLabels: null },
      { matchLabels: 'y' },
      {},
    ];
    const bodies = [
      ...labelSets.map((labels, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: compact({ name: `pod-${i}`, labels }), spec: { containers: [] } })),
      ...selectors.map((podSelector, i) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np-${i}` }, spec: { podSelector } })),
    ];
    const graph = graphOf(bodies.map((body) => ({ body, file: 'a.yaml' })));
    const origins = selectors.map((_, i) => labelSets.length + i);
    const pods = new Map(graph.networkPolicies.map((p) => [p.origin, p.pods]));
    expect(origins.map((origin) => pods.get(origin) ?? [])).toEqual(origins.map((origin) => networkPolicyEdgesOneByOne(graph, origin)));
    const shared = (a: number, b: number) => pods.get(origins[a]!) === pods.get(origins[b]!);
    // {app: 1} and {app: true}; the same pairs in another order; every Pod; the Pods without labels.
    expect([shared(1, 8), shared(4, 9), shared(5, 7), shared(5, 10), shared(5, 12), shared(6, 11)]).toEqual([true, true, true, true, true, true]);
    expect([shared(0, 1), shared(2, 3), shared(5, 6)]).toEqual([false, false, false]);
  });

  it('lists the vertices of each outcome as the edges listed one by one list them, in the same order', () => {
    const subset = fc.array(fc.nat(16), { maxLength: 6 }).map((xs) => new Set(xs));
    // Mostly NetworkPolicies on one side and Pods on the other.
    const types = fc.oneof(fc.constantFrom<Array<Array<(typeof KINDS)[number]>>>([['NetworkPolicy'], ['Pod']], [['Pod'], ['NetworkPolicy']]), fc.tuple(kinds, kinds));
    const drawnSides = fc.record({ inGraph: optional(subset), types, excluded: subset, unknown: subset });
    fc.assert(
      fc.property(objects, drawnSides, (drawn, drawnSides) => {
        const graph = graphOf(drawn);
        const ofKinds = (kinds: readonly string[]) => new Set([...graph.vertices.keys()].filter((v) => kinds.includes(graph.vertices[v]!.resource.kind)));
        const sides = {
          // Mostly every vertex, as when a connection is inside an and/or.
          inGraph: drawnSides.inGraph ?? new Set(graph.vertices.keys()),
          resources: ofKinds(drawnSides.types[0]!),
          connected: ofKinds(drawnSides.types[1]!),
          excluded: drawnSides.excluded,
          unknown: drawnSides.unknown,
        };
        expect(listConnections(graph, sides)).toEqual(listConnections(withEveryEdgeListed(graph), sides));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every resource the verdict, and the reason, that the graph with every edge listed gives', () => {
    fc.assert(
      fc.property(objects, fc.array(definition, { minLength: 1, maxLength: 4 }), (drawn, definitions) => {
        const graph = graphOf(drawn);
        const everyEdge = withEveryEdgeListed(graph);
        for (const d of definitions) {
          const judge = connectionJudge(d);
          expect([...judge(graph)]).toEqual([...judge(everyEdge)]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
