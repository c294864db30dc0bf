import { asArray, asRecord, asString, asStringMap, getIn, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { podViewOf } from '../../k8s/workloads.js';
import type { Workload } from '../engine/classes.js';
import { isProtocol, type Protocol } from '../ports/conn-set.js';

export interface ServiceInfo {
  readonly object: K8sObject;
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: ReadonlyArray<{ readonly name: string | undefined; readonly port: number; readonly protocol: Protocol; readonly targetPort: number | string }>;
}

/** A workload's configuration naming a Service: `http://cart.shop:8080`, `CART_ADDR=cart:7070`. */
export interface ServiceReference {
  readonly from: Workload;
  readonly service: ServiceInfo;
  /** The Service port written after the host, when there is one. */
  readonly port: number | undefined;
  /** Where: `env CART_ADDR of container "web"`, `ConfigMap "settings" key url`. */
  readonly where: string;
}

export function servicesOf(index: ObjectIndex): ServiceInfo[] {
  return index.ofGroup('service').flatMap((o) => {
    const selector = asStringMap(getIn(o.body, 'spec', 'selector'));
    if (Object.keys(selector).length === 0) return [];
    const ports = recordsWithIndex(getIn(o.body, 'spec', 'ports')).flatMap(({ record }) => {
      const port = record.port;
      const protocol = record.protocol ?? 'TCP';
      if (typeof port !== 'number' || !isProtocol(protocol)) return [];
      const target = record.targetPort;
      return [{ name: asString(record.name), port, protocol, targetPort: typeof target === 'number' || typeof target === 'string' ? target : port }];
    });
    return [{ object: o, namespace: index.namespaceOf(o), name: o.name, selector, ports }];
  });
}

/** The strings a workload's containers are configured with, and where each comes from. */
function configuredStrings(workload: Workload, index: ObjectIndex): Array<{ text: string; where: string }> {
  const pod = podViewOf(workload.object);
  if (!pod) return [];
  const out: Array<{ text: string; where: string }> = [];
  const configMaps = new Set<string>();
  for (const c of pod.containers) {
    for (const { record } of recordsWithIndex(c.body.env)) {
      const value = asString(record.value);
      if (value) out.push({ text: value, where: `env ${asString(record.name) ?? '?'} of container "${c.name}"` });
      const ref = asString(getIn(record, 'valueFrom', 'configMapKeyRef', 'name'));
      if (ref) configMaps.add(ref);
    }
    for (const { record } of recordsWithIndex(c.body.envFrom)) {
      const ref = asString(getIn(record, 'configMapRef', 'name'));
      if (ref) configMaps.add(ref);
    }
    for (const field of ['command', 'args'] as const) {
      for (const item of asArray(c.body[field])) if (typeof item === 'string') out.push({ text: item, where: `${field} of container "${c.name}"` });
    }
  }
  for (const { record } of recordsWithIndex(pod.spec.volumes)) {
    const ref = asString(getIn(record, 'configMap', 'name'));
    if (ref) configMaps.add(ref);
  }
  for (const name of configMaps) {
    const cm = index.find('config-map', workload.namespace, name, workload.object);
    for (const [key, value] of Object.entries(asRecord(cm?.body.data) ?? {})) {
      if (typeof value === 'string') out.push({ text: value, where: `ConfigMap "${name}" key ${key}` });
    }
  }
  return out;
}

const HOST = /(^|[^A-Za-z0-9.-])([a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*)(?::(\d{1,5}))?(?=$|[^A-Za-z0-9.-])/g;

/**
 * References to Services in the workloads' configuration. A name with a namespace
 * (`cart.shop`, `cart.shop.svc.cluster.local`) always counts; a bare name (`cart`) only for a
 * Service of the workload's own namespace, and only written as a host: the whole value, with a
 * port (`cart:7070`), or in a URL (`http://cart/`).
 */
export function serviceReferences(workloads: readonly Workload[], services: readonly ServiceInfo[], index: ObjectIndex): ServiceReference[] {
  const byName = new Map<string, ServiceInfo>();
  for (const s of services) byName.set(`${s.name}.${s.namespace}`, s);
  const out: ServiceReference[] = [];
  const seen = new Set<string>();
  for (const w of workloads) {
    for (const { text, where } of configuredStrings(w, index)) {
      for (const m of text.matchAll(HOST)) {
        const host = m[2] ?? '';
        const port = m[3] === undefined ? undefined : Number(m[3]);
        const parts = host.split('.');
        let service: ServiceInfo | undefined;
        if (parts.length === 1) {
          const before = text.slice(0, m.index + (m[1] ?? '').length);
          const hostLike = text === host || port !== undefined || /:\/\/$|@$/.test(before);
          service = hostLike ? byName.get(`${host}.${w.namespace}`) : undefined;
        } else if (parts.length === 2 || parts[2] === 'svc') {
          service = byName.get(`${parts[0]}.${parts[1]}`);
        }
        if (!service || service.object === w.object) continue;
        const key = `${w.id} ${service.namespace}/${service.name} ${port ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ from: w, service, port, where });
      }
    }
  }
  return out;
}
