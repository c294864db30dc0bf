import type { Problem } from '../../core/result.js';
import { getIn } from '../../k8s/access.js';
import { controllerSelector } from '../../k8s/controllers.js';
import type { NetpolAnalysis } from '../engine/analysis.js';
import type { Workload } from '../engine/classes.js';
import { ingressRoutes } from '../engine/ingress.js';
import { parseCidr, parseIp } from '../ip/address.js';
import { NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import { ConnSet, PROTOCOLS } from '../ports/conn-set.js';
import { portIntervals } from '../ports/port-set.js';
import type { Flow } from './flows.js';
import { type ServiceInfo, serviceReferences, servicesOf } from './references.js';

export interface GenerateOptions {
  readonly flows: readonly Flow[];
  /** Allow every pod DNS to kube-dns in kube-system (UDP and TCP 53). */
  readonly dns: boolean;
  /** Where the ingress controller runs, for workloads that Ingresses and Routes reach. */
  readonly ingressNamespace: string;
}

/** A side of a declared connection. */
export type DeclaredPeer =
  | { readonly kind: 'workload'; readonly workload: Workload }
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'ingress-controller'; readonly namespace: string };

/** A connection the manifests (or the observed flows) say the workloads need. */
export interface DeclaredConnection {
  readonly src: DeclaredPeer;
  readonly dst: DeclaredPeer;
  readonly conns: ConnSet;
  readonly why: readonly string[];
}

export type Manifest = Record<string, unknown>;

export interface Generated {
  readonly policies: Manifest[];
  readonly declared: DeclaredConnection[];
  readonly problems: Problem[];
}

/** Labels controllers add to pods, with values unknown in advance: never select by them. */
const CONTROLLER_LABELS = new Set([
  'pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index',
  'job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index',
]);

/** The labels that identify a workload's pods: its controller's matchLabels, or its pod labels. */
export function identityLabels(w: Workload): Record<string, string> {
  const selector = controllerSelector(w.object);
  if (selector && selector.selector.valid && selector.selector.matchExpressions.length === 0 && Object.keys(selector.selector.matchLabels).length > 0) {
    return { ...selector.selector.matchLabels };
  }
  return Object.fromEntries(Object.entries(w.labels).filter(([k]) => !CONTROLLER_LABELS.has(k)));
}

function peerKey(p: DeclaredPeer): string {
  return p.kind === 'workload' ? `w${p.workload.id}` : p.kind === 'cidr' ? `c${p.cidr}` : `i${p.namespace}`;
}

function backends(analysis: NetpolAnalysis, service: ServiceInfo): Workload[] {
  return analysis.workloads.filter((w) => w.namespace === service.namespace && Object.entries(service.selector).every(([k, v]) => w.labels[k] === v));
}

/** What a client reaches on a backend through a Service port (all ports when none is named). */
function serviceConns(service: ServiceInfo, port: number | undefined, backend: Workload): ConnSet {
  let set = ConnSet.NONE;
  for (const p of service.ports) {
    if (port !== undefined && p.port !== port) continue;
    const target = typeof p.targetPort === 'number' ? p.targetPort : backend.ports.find((c) => c.name === p.targetPort && c.protocol === p.protocol)?.port;
    if (target !== undefined) set = set.union(ConnSet.of({ [p.protocol]: [target, target] }));
  }
  return set;
}

/** How `netpol map` names the ingress controller pseudo-peer. */
const INGRESS_CONTROLLER_PEER = '{ingress-controller}';

function resolvePeer(analysis: NetpolAnalysis, text: string, ingressNamespace: string): DeclaredPeer | undefined {
  if (text === INGRESS_CONTROLLER_PEER) return { kind: 'ingress-controller', namespace: ingressNamespace };
  const cidr = parseCidr(text);
  if (cidr) return { kind: 'cidr', cidr: text };
  const ip = parseIp(text);
  if (ip) return { kind: 'cidr', cidr: `${text}/${ip.family === 4 ? 32 : 128}` };
  const matches = analysis.workloads.filter((w) => w.label === text || `${w.namespace}/${w.name}` === text);
  return matches.length === 1 && matches[0] ? { kind: 'workload', workload: matches[0] } : undefined;
}

/** The connections that the Services, Ingresses, Routes and observed flows declare. */
export function declaredConnections(analysis: NetpolAnalysis, options: GenerateOptions): { declared: DeclaredConnection[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byPair = new Map<string, { src: DeclaredPeer; dst: DeclaredPeer; conns: ConnSet; why: string[] }>();
  const declare = (src: DeclaredPeer, dst: DeclaredPeer, conns: ConnSet, why: string) => {
    if (conns.isEmpty() || (src.kind === 'workload' && dst.kind === 'workload' && src.workload === dst.workload)) return;
    const key = `${peerKey(src)} ${peerKey(dst)}`;
    const entry = byPair.get(key) ?? { src, dst, conns: ConnSet.NONE, why: [] };
    entry.conns = entry.conns.union(conns);
    if (!entry.why.includes(why)) entry.why.push(why);
    byPair.set(key, entry);
  };
  const index = analysis.cluster.index;
  const services = servicesOf(index);
  for (const ref of serviceReferences(analysis.workloads, services, index)) {
    for (const backend of backends(analysis, ref.service)) {
      declare({ kind: 'workload', workload: ref.from }, { kind: 'workload', workload: backend }, serviceConns(ref.service, ref.port, backend), `${ref.where} names Service "${ref.service.namespace}/${ref.service.name}"`);
    }
  }
  for (const service of services) {
    const type = getIn(service.object.body, 'spec', 'type');
    if (type !== 'LoadBalancer' && type !== 'NodePort') continue;
    for (const backend of backends(analysis, service)) {
      for (const cidr of ['0.0.0.0/0', '::/0']) declare({ kind: 'cidr', cidr }, { kind: 'workload', workload: backend }, serviceConns(service, undefined, backend), `Service "${service.namespace}/${service.name}" of type ${type}`);
    }
  }
  for (const [w, routes] of ingressRoutes(analysis.cluster.ingressObjects, index, analysis.workloads)) {
    for (const r of routes) declare({ kind: 'ingress-controller', namespace: options.ingressNamespace }, { kind: 'workload', workload: w }, r.conns, `${r.object.kind} "${r.object.name}" routes to Service "${r.service}"`);
  }
  for (const flow of options.flows) {
    const src = resolvePeer(analysis, flow.src, options.ingressNamespace);
    const dst = resolvePeer(analysis, flow.dst, options.ingressNamespace);
    const unknown = [!src && flow.src, !dst && flow.dst].filter((x): x is string => typeof x === 'string');
    if (unknown.length > 0 || !src || !dst) {
      problems.push({ code: 'unknown-flow-peer', message: `observed flow #${flow.index + 1}: ${unknown.join(' and ')}: no such workload (namespace/name) and not an IP address or CIDR` });
      continue;
    }
    if (src.kind !== 'workload' && dst.kind !== 'workload') continue;
    declare(src, dst, flow.conns, `observed flow #${flow.index + 1}`);
  }
  return { declared: [...byPair.values()], problems };
}

function portsOf(conns: ConnSet): Array<Record<string, unknown>> | undefined {
  if (conns.isAll()) return undefined;
  const out: Array<Record<string, unknown>> = [];
  for (const protocol of PROTOCOLS) {
    for (const [lo, hi] of portIntervals(conns.ports(protocol))) out.push({ protocol, port: lo, ...(hi > lo ? { endPort: hi } : {}) });
  }
  return out;
}

function peerOf(p: DeclaredPeer, namespace: string): Record<string, unknown> {
  if (p.kind === 'cidr') return { ipBlock: { cidr: p.cidr } };
  if (p.kind === 'ingress-controller') return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace } } };
  const pods = { podSelector: { matchLabels: identityLabels(p.workload) } };
  return p.workload.namespace === namespace ? pods : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.workload.namespace } }, ...pods };
}

function metadata(name: string, namespace: string): Record<string, unknown> {
  return { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'rampart' } };
}

/** Rules for one selected workload: one rule per distinct port set, listing every peer that needs it. */
function rules(entries: ReadonlyArray<{ peer: DeclaredPeer; conns: ConnSet }>, namespace: string, peerField: 'from' | 'to'): Array<Record<string, unknown>> {
  const byPorts = new Map<string, { conns: ConnSet; peers: Array<Record<string, unknown>> }>();
  for (const e of entries) {
    const group = byPorts.get(e.conns.key) ?? { conns: e.conns, peers: [] };
    group.peers.push(peerOf(e.peer, namespace));
    byPorts.set(e.conns.key, group);
  }
  return [...byPorts.values()].map((g) => {
    const ports = portsOf(g.conns);
    return { [peerField]: g.peers, ...(ports ? { ports } : {}) };
  });
}

/**
 * Least-privilege NetworkPolicies: a default deny per namespace, DNS to kube-dns, and for each
 * workload an ingress policy admitting exactly its declared clients on their ports and an egress
 * policy reaching exactly its declared servers.
 */
export function generatePolicies(analysis: NetpolAnalysis, options: GenerateOptions): Generated {
  const { declared, problems } = declaredConnections(analysis, options);
  const policies: Manifest[] = [];
  const namespaces = [...new Set(analysis.workloads.map((w) => w.namespace))].sort();
  const names = new Map<string, number>();
  const nameFor = (w: Workload, suffix: string) => {
    const base = `${w.name}-${suffix}`;
    const key = `${w.namespace}/${base}`;
    const n = (names.get(key) ?? 0) + 1;
    names.set(key, n);
    return n === 1 ? base : `${w.name}-${w.kind.toLowerCase()}-${suffix}`;
  };
  for (const namespace of namespaces) {
    policies.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata('default-deny', namespace), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    if (options.dns) {
      policies.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata('allow-dns', namespace),
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ],
        },
      });
    }
    const here = analysis.workloads.filter((w) => w.namespace === namespace).sort((a, b) => (a.label < b.label ? -1 : 1));
    for (const w of here) {
      if (Object.keys(identityLabels(w)).length === 0) {
        problems.push({ code: 'no-labels', message: `${w.kind} "${w.label}": its pods have no labels to select them by; no policy allows its traffic (default deny applies)` });
        continue;
      }
      const inbound = declared.filter((d) => d.dst.kind === 'workload' && d.dst.workload === w).map((d) => ({ peer: d.src, conns: d.conns }));
      const outbound = declared.filter((d) => d.src.kind === 'workload' && d.src.workload === w).map((d) => ({ peer: d.dst, conns: d.conns }));
      const podSelector = { matchLabels: identityLabels(w) };
      if (inbound.length > 0) {
        policies.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata(nameFor(w, 'ingress'), namespace), spec: { podSelector, policyTypes: ['Ingress'], ingress: rules(inbound, namespace, 'from') } });
      }
      if (outbound.length > 0) {
        policies.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata(nameFor(w, 'egress'), namespace), spec: { podSelector, policyTypes: ['Egress'], egress: rules(outbound, namespace, 'to') } });
      }
    }
  }
  return { policies, declared, problems };
}
