/*
 * Random small clusters for the NetworkPolicy differential oracle: namespaces (declared or only
 * referenced) with labels, workloads of every kind netpol-analyzer reads, with labels and named
 * ports of every protocol, NetworkPolicies with every selector and peer shape, ipBlocks with
 * except, numbered, named and endPort ports, defaulted and explicit policyTypes, and
 * AdminNetworkPolicies (distinct priorities, Allow/Deny/Pass, networks, port ranges, named ports)
 * and a BaselineAdminNetworkPolicy.
 *
 * Never generated (netpol-analyzer refuses or does not model them, see the test): a named port in
 * an egress rule that can reach external addresses, IPv6 addresses, host-network pods, invalid
 * objects, and pods of one owner with different labels.
 */
import fc from 'fast-check';

type Arb<T> = fc.Arbitrary<T>;
export type Doc = Record<string, unknown>;

const NAMESPACES = ['ns-a', 'ns-b', 'ns-c'] as const;
const LABEL_KEYS = ['app', 'tier', 'env'] as const;
const LABEL_VALUES = ['a', 'b', 'web', 'db'] as const;
const NS_LABELS = { team: ['x', 'y'], env: ['prod', 'dev'] } as const;
const CIDRS: ReadonlyArray<{ cidr: string; excepts: readonly string[] }> = [
  { cidr: '0.0.0.0/0', excepts: ['10.0.0.0/8', '169.254.169.254/32', '192.168.0.0/16'] },
  { cidr: '10.0.0.0/8', excepts: ['10.1.0.0/16', '10.1.2.0/24', '10.200.0.0/14'] },
  { cidr: '10.1.0.0/16', excepts: ['10.1.2.0/24'] },
  { cidr: '172.16.0.0/12', excepts: ['172.20.0.0/16'] },
  { cidr: '203.0.113.7/32', excepts: [] },
];
const CONTAINER_PORTS = [
  { name: 'http', containerPort: 80 },
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
  { name: 'sctp-p', containerPort: 9003, protocol: 'SCTP' },
  { containerPort: 8080 },
] as const;
const PORT_NAMES = ['http', 'dns', 'metrics', 'sctp-p', 'grpc'] as const;
const PORT_NUMBERS = [53, 80, 8080, 9003, 9090] as const;

const labels: Arb<Record<string, string>> = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 });

const selector: Arb<Record<string, unknown>> = fc.oneof(
  fc.constant({}),
  labels.map((m) => ({ matchLabels: m })),
  fc
    .array(
      fc.oneof(
        fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES), { minLength: 1, maxLength: 2 }) }),
        fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { minLength: 1, maxLength: 2 },
    )
    .chain((exprs) => labels.map((m) => (Object.keys(m).length > 0 ? { matchLabels: m, matchExpressions: exprs } : { matchExpressions: exprs }))),
);

const nsSelector: Arb<Record<string, unknown>> = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...NAMESPACES, 'kube-system').map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
  fc.constantFrom('x', 'y').map((t) => ({ matchLabels: { team: t } })),
  fc.constantFrom('prod', 'dev').map((e) => ({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: [e] }] })),
);

const ipBlock: Arb<Record<string, unknown>> = fc.constantFrom(...CIDRS).chain((c) =>
  fc.subarray([...c.excepts]).map((except) => ({ cidr: c.cidr, ...(except.length > 0 ? { except } : {}) })),
);

const podPeer: Arb<Record<string, unknown>> = fc.oneof(
  selector.map((s) => ({ podSelector: s })),
  nsSelector.map((s) => ({ namespaceSelector: s })),
  fc.tuple(nsSelector, selector).map(([n, p]) => ({ namespaceSelector: n, podSelector: p })),
);

const numberedPort: Arb<Record<string, unknown>> = fc.record(
  {
    protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
    port: fc.constantFrom(...PORT_NUMBERS),
    endPort: fc.constantFrom(8090, 9100, 65535),
  },
  { requiredKeys: [] },
).map((p) => (p.endPort !== undefined && (p.port === undefined || p.endPort < (p.port as number)) ? { ...p, endPort: undefined } : p));

const namedPort: Arb<Record<string, unknown>> = fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(...PORT_NAMES) }, { requiredKeys: ['port'] });

function rule(direction: 'ingress' | 'egress'): Arb<Record<string, unknown>> {
  const field = direction === 'ingress' ? 'from' : 'to';
  return fc
    .record({
      peers: fc.option(fc.array(fc.oneof({ arbitrary: podPeer, weight: 3 }, { arbitrary: ipBlock.map((b) => ({ ipBlock: b })), weight: 1 }), { maxLength: 3 }), { nil: undefined }),
      ports: fc.option(fc.array(fc.oneof(numberedPort, namedPort), { maxLength: 3 }), { nil: undefined }),
    })
    .map(({ peers, ports }) => {
      // netpol-analyzer cannot evaluate a named port towards an external address (it fails).
      const reachesIps = direction === 'egress' && (peers === undefined || peers.length === 0 || peers.some((p) => 'ipBlock' in p));
      const usable = reachesIps && ports ? ports.filter((p) => typeof p.port !== 'string') : ports;
      return { ...(peers !== undefined ? { [field]: peers } : {}), ...(usable !== undefined ? { ports: usable.map(clean) } : {}) };
    });
}

function clean(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

const networkPolicy: Arb<Doc> = fc
  .record({
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    podSelector: selector,
    policyTypes: fc.option(fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']), { nil: undefined }),
    ingress: fc.option(fc.array(rule('ingress'), { maxLength: 3 }), { nil: undefined }),
    egress: fc.option(fc.array(rule('egress'), { maxLength: 3 }), { nil: undefined }),
  })
  .map((p) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np', ...(p.namespace ? { namespace: p.namespace } : {}) },
    spec: clean({ podSelector: p.podSelector, policyTypes: p.policyTypes, ingress: p.ingress, egress: p.egress }),
  }));

const adminPorts: Arb<Array<Record<string, unknown>> | undefined> = fc.option(
  fc.array(
    fc.oneof(
      fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(...PORT_NUMBERS) }).map((p) => ({ portNumber: p })),
      fc.constantFrom(...PORT_NAMES).map((n) => ({ namedPort: n })),
      fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), start: fc.constantFrom(1, 50, 53, 79, 80, 8080, 9000), length: fc.constantFrom(0, 1, 20, 8000, 65534) }).map((r) => ({ portRange: { protocol: r.protocol, start: r.start, end: Math.min(65535, r.start + r.length) } })),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  { nil: undefined },
);

const adminPeer: Arb<Record<string, unknown>> = fc.oneof(
  nsSelector.map((n) => ({ namespaces: n })),
  fc.tuple(nsSelector, selector).map(([n, p]) => ({ pods: { namespaceSelector: n, podSelector: p } })),
);

function adminRule(direction: 'ingress' | 'egress', actions: readonly string[]): Arb<Record<string, unknown>> {
  const networks = fc.uniqueArray(fc.constantFrom(...CIDRS.map((c) => c.cidr)), { minLength: 1, maxLength: 2 }).map((n) => ({ networks: n }));
  const peer = direction === 'egress' ? fc.oneof({ arbitrary: adminPeer, weight: 3 }, { arbitrary: networks, weight: 1 }) : adminPeer;
  return fc.record({ action: fc.constantFrom(...actions), peers: fc.array(peer, { minLength: 1, maxLength: 2 }), ports: adminPorts }).map(({ action, peers, ports }, ) => {
    // The CRD forbids named ports with networks peers.
    const usable = ports && peers.some((p) => 'networks' in p) ? ports.filter((p) => !('namedPort' in p)) : ports;
    return { action, [direction === 'ingress' ? 'from' : 'to']: peers, ...(usable && usable.length > 0 ? { ports: usable } : {}) };
  });
}

const subject: Arb<Record<string, unknown>> = fc.oneof(
  nsSelector.map((n) => ({ namespaces: n })),
  fc.tuple(nsSelector, selector).map(([n, p]) => ({ pods: { namespaceSelector: n, podSelector: p } })),
);

function adminPolicy(baseline: boolean): Arb<Doc> {
  const actions = baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'];
  return fc
    .record({
      subject,
      ingress: fc.array(adminRule('ingress', actions), { maxLength: 3 }),
      egress: fc.array(adminRule('egress', actions), { maxLength: 3 }),
    })
    .map((p) => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
      metadata: { name: baseline ? 'default' : 'anp' },
      spec: {
        ...(baseline ? {} : { priority: 0 }),
        subject: p.subject,
        ...(p.ingress.length > 0 ? { ingress: p.ingress.map((r, i) => ({ name: `in-${i}`, ...r })) } : {}),
        ...(p.egress.length > 0 ? { egress: p.egress.map((r, i) => ({ name: `out-${i}`, ...r })) } : {}),
      },
    }));
}

const WORKLOAD_KINDS = [
  { kind: 'Pod', apiVersion: 'v1' },
  { kind: 'Deployment', apiVersion: 'apps/v1' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
  { kind: 'Job', apiVersion: 'batch/v1' },
  { kind: 'CronJob', apiVersion: 'batch/v1' },
  { kind: 'ReplicationController', apiVersion: 'v1' },
] as const;

const workload: Arb<Doc> = fc
  .record({
    type: fc.constantFrom(...WORKLOAD_KINDS),
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    labels,
    ports: fc.subarray([...CONTAINER_PORTS]),
    replicas: fc.constantFrom(1, 3),
  })
  .map(({ type, namespace, labels: podLabels, ports, replicas }) => {
    const podSpec = { containers: [{ name: 'main', image: 'registry.example.com/app:1.0', ...(ports.length > 0 ? { ports } : {}) }] };
    const metadata = { name: 'w', ...(namespace ? { namespace } : {}) };
    const template = { metadata: { labels: podLabels }, spec: podSpec };
    const selectorLabels = Object.keys(podLabels).length > 0 ? { matchLabels: podLabels } : {};
    switch (type.kind) {
      case 'Pod':
        return { apiVersion: type.apiVersion, kind: type.kind, metadata: { ...metadata, labels: podLabels }, spec: podSpec };
      case 'CronJob':
        return { apiVersion: type.apiVersion, kind: type.kind, metadata, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } };
      case 'Job':
        return { apiVersion: type.apiVersion, kind: type.kind, metadata, spec: { template } };
      case 'ReplicationController':
        return { apiVersion: type.apiVersion, kind: type.kind, metadata, spec: { replicas, selector: podLabels, template } };
      case 'DaemonSet':
        return { apiVersion: type.apiVersion, kind: type.kind, metadata, spec: { selector: selectorLabels, template } };
      default:
        return { apiVersion: type.apiVersion, kind: type.kind, metadata, spec: { replicas, selector: selectorLabels, template } };
    }
  });

const namespaceObject: Arb<Doc> = fc
  .record({ name: fc.constantFrom(...NAMESPACES), team: fc.constantFrom(...NS_LABELS.team), env: fc.constantFrom(...NS_LABELS.env) })
  .map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: { team: n.team, env: n.env } } }));

/** A cluster: unique object names (netpol-analyzer rejects duplicates), at least one workload. */
export const clusterArbitrary: Arb<Doc[]> = fc
  .record({
    namespaces: fc.uniqueArray(namespaceObject, { selector: (n) => (n.metadata as { name: string }).name, maxLength: 3 }),
    workloads: fc.array(workload, { minLength: 1, maxLength: 5 }),
    netpols: fc.array(networkPolicy, { maxLength: 4 }),
    admin: fc.array(adminPolicy(false), { maxLength: 2 }),
    baseline: fc.option(adminPolicy(true), { nil: undefined }),
  })
  .map(({ namespaces, workloads, netpols, admin, baseline }) => {
    const named = <T extends Doc>(docs: T[], prefix: string): T[] =>
      docs.map((d, i) => ({ ...d, metadata: { ...(d.metadata as Record<string, unknown>), name: `${prefix}${i}` } }));
    const anps = named(admin, 'anp').map((d, i) => ({ ...d, spec: { ...(d.spec as Record<string, unknown>), priority: 10 + i * 10 } }));
    return [...namespaces, ...named(workloads, 'w'), ...named(netpols, 'np'), ...anps, ...(baseline ? [baseline] : [])];
  });


/**
 * The same cluster as netpol-analyzer's per-connection check is asked about it: a NetworkPolicy
 * port with a protocol but no port number (every port of that protocol) is written as the range
 * 1-65535 of that protocol, which the API defines to mean the same. netpol-analyzer v1.4.4's
 * CheckIfAllowed lets such an entry match every protocol, where the API limits it to its own.
 */
export function forOracle(cluster: readonly Doc[]): Doc[] {
  return cluster.map((doc) => {
    if (doc.kind !== 'NetworkPolicy') return doc;
    const spec = doc.spec as Record<string, unknown>;
    const rewrite = (rules: unknown) =>
      (rules as Array<Record<string, unknown>> | undefined)?.map((rule) => {
        const ports = rule.ports as Array<Record<string, unknown>> | undefined;
        return ports ? { ...rule, ports: ports.map((p) => (p.port === undefined ? { ...p, port: 1, endPort: 65535 } : p)) } : rule;
      });
    return { ...doc, spec: { ...spec, ...(spec.ingress ? { ingress: rewrite(spec.ingress) } : {}), ...(spec.egress ? { egress: rewrite(spec.egress) } : {}) } };
  });
}
