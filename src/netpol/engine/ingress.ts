import { asNumber, asRecord, asString, asStringMap, getIn, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { ConnSet } from '../ports/conn-set.js';
import type { Workload } from './classes.js';

/** A Service port as an Ingress or Route names it: a number or a port name (undefined: every port). */
type PortRef = number | string | undefined;

interface Backend {
  readonly namespace: string;
  readonly service: string;
  readonly port: PortRef;
}

function portRef(value: unknown): PortRef {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') return /^\d+$/.test(value) ? Number(value) : value;
  return undefined;
}

/** Services an Ingress (networking.k8s.io/v1 or extensions/v1beta1) or an OpenShift Route sends traffic to. */
function backendsOf(object: K8sObject, namespace: string): Backend[] {
  const out: Backend[] = [];
  const spec = asRecord(object.body.spec);
  if (object.kind === 'Route') {
    const port = portRef(getIn(spec, 'port', 'targetPort'));
    for (const target of [asRecord(spec?.to), ...recordsWithIndex(spec?.alternateBackends).map((b) => b.record)]) {
      const kind = asString(target?.kind);
      const name = asString(target?.name);
      if (name && (kind === undefined || kind === '' || kind === 'Service')) out.push({ namespace, service: name, port });
    }
    return out;
  }
  const addBackend = (backend: unknown) => {
    const service = asRecord(getIn(backend, 'service'));
    if (service) {
      const name = asString(service.name);
      const port = asRecord(service.port);
      if (name) out.push({ namespace, service: name, port: portRef(asNumber(port?.number) ?? asString(port?.name)) });
      return;
    }
    const legacyName = asString(getIn(backend, 'serviceName'));
    if (legacyName) out.push({ namespace, service: legacyName, port: portRef(getIn(backend, 'servicePort')) });
  };
  if (spec?.defaultBackend) addBackend(spec.defaultBackend);
  if (spec?.backend) addBackend(spec.backend);
  for (const { record: rule } of recordsWithIndex(spec?.rules)) {
    for (const { record: path } of recordsWithIndex(getIn(rule, 'http', 'paths'))) addBackend(path.backend);
  }
  return out;
}

/** The pod ports a Service port leads to: its targetPort (or port), for the required Service port only when one is named. */
function targetPorts(service: K8sObject, required: PortRef): Array<number | string> {
  const out: Array<number | string> = [];
  for (const { record } of recordsWithIndex(getIn(service.body, 'spec', 'ports'))) {
    const port = asNumber(record.port);
    const name = asString(record.name);
    const target = portRef(record.targetPort) ?? port;
    if (target === undefined) continue;
    if (required === undefined) out.push(target);
    else if ((typeof required === 'string' && name === required) || required === port || required === target) return [target];
  }
  return out;
}

/** One Ingress or Route that sends traffic through a Service to a workload. */
export interface IngressRoute {
  readonly object: K8sObject;
  readonly service: string;
  /** The TCP ports it reaches on the workload's pods (possibly none). */
  readonly conns: ConnSet;
}

/**
 * TCP ports that Ingresses and Routes expose on each backend workload (through Services whose
 * selector picks the workload's pods, to container ports the pods declare), as netpol-analyzer's
 * ingress analysis computes them; the engine then intersects them with what the policies allow
 * from the ingress controller.
 */
export function ingressExposure(objects: readonly K8sObject[], index: ObjectIndex, workloads: readonly Workload[]): Map<Workload, ConnSet> {
  const result = new Map<Workload, ConnSet>();
  for (const [w, routes] of ingressRoutes(objects, index, workloads)) result.set(w, routes.reduce((acc, r) => acc.union(r.conns), ConnSet.NONE));
  return result;
}

/** The Ingresses and Routes that reach each workload, with the ports each exposes. */
export function ingressRoutes(objects: readonly K8sObject[], index: ObjectIndex, workloads: readonly Workload[]): Map<Workload, IngressRoute[]> {
  const services = new Map<string, K8sObject>();
  for (const o of objects) if (o.kind === 'Service' && o.group === '') services.set(`${index.namespaceOf(o)}/${o.name}`, o);
  const result = new Map<Workload, IngressRoute[]>();
  for (const o of objects) {
    if (o.kind === 'Service') continue;
    for (const backend of backendsOf(o, index.namespaceOf(o))) {
      const service = services.get(`${backend.namespace}/${backend.service}`);
      const selector = asStringMap(getIn(service?.body, 'spec', 'selector'));
      if (!service || Object.keys(selector).length === 0) continue;
      const wanted = targetPorts(service, backend.port);
      for (const w of workloads) {
        if (w.namespace !== backend.namespace || !Object.entries(selector).every(([k, v]) => w.labels[k] === v)) continue;
        let set = ConnSet.NONE;
        for (const target of wanted) {
          const port = typeof target === 'number' ? target : w.ports.find((p) => p.name === target && p.protocol === 'TCP')?.port;
          if (port !== undefined && w.ports.some((p) => p.protocol === 'TCP' && p.port === port)) set = set.union(ConnSet.of({ TCP: [port, port] }));
        }
        const list = result.get(w) ?? [];
        list.push({ object: o, service: backend.service, conns: set });
        result.set(w, list);
      }
    }
  }
  return result;
}
