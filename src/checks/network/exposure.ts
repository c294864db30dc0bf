import { asRecord, asString } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { mapSelector } from '../../k8s/selectors.js';
import { podViewOf } from '../../k8s/workloads.js';
import { GATEWAY_API_GROUP, referenceGranted, routeBackends } from './gateway-api.js';
import { backendRefs } from './ingress-backends.js';
import { describeObject, servicePorts, servingPorts, workloadsSelected } from './shared.js';

/*
 * How traffic from outside the cluster reaches a workload: a Service of type NodePort or
 * LoadBalancer that selects its pods, or an Ingress or a Gateway API route whose backend is a
 * Service that does. Each is worked out once per namespace (Services) or once per scan (routes,
 * which may name Services of other namespaces).
 */

/** What exposes a workload, for messages: `Service "web" (type LoadBalancer)`, `Ingress "web" (to Service "web")`. */
export type Exposures = ReadonlyMap<K8sObject, readonly string[]>;

const EXPOSING_TYPES = new Set(['NodePort', 'LoadBalancer']);

/** The kinds of Gateway API route whose rules name backendRefs. */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

function serviceType(service: K8sObject): string {
  return asString(asRecord(service.body.spec)?.type) ?? 'ClusterIP';
}

/**
 * The workloads a Service sends traffic to: those whose pods it selects and for which one of its
 * ports resolves (a number, or a name one of their serving containers declares for the protocol).
 */
function serviceTargets(index: ObjectIndex, service: K8sObject): K8sObject[] {
  if (serviceType(service) === 'ExternalName') return [];
  const ports = servicePorts(service);
  const selected = workloadsSelected(index, index.namespaceOf(service), mapSelector(asRecord(service.body.spec)?.selector), service);
  return selected.filter((workload) => {
    const pod = podViewOf(workload);
    if (!pod) return false;
    const serving = servingPorts(pod);
    return ports.some((p) => typeof p.targetPort !== 'string' || serving.some((s) => s.name === p.targetPort && s.protocol === p.protocol));
  });
}

function add(into: Map<K8sObject, string[]>, workloads: readonly K8sObject[], what: string): void {
  for (const workload of workloads) {
    const list = into.get(workload);
    if (!list) into.set(workload, [what]);
    else if (!list.includes(what)) list.push(what);
  }
}

/**
 * Per workload of the namespace, the NodePort and LoadBalancer Services that reach it, and the
 * Ingresses that reach it through another Service (one of those types is reported as the Service).
 */
export function serviceAndIngressExposures(index: ObjectIndex, namespace: string): Exposures {
  return index.perNamespace(serviceAndIngressExposures, namespace, () => {
    const exposures = new Map<K8sObject, string[]>();
    for (const service of index.ofGroupInNamespace('service', namespace)) {
      const type = serviceType(service);
      if (EXPOSING_TYPES.has(type)) add(exposures, serviceTargets(index, service), `${describeObject(service)} (type ${type})`);
    }
    for (const ingress of index.ofGroupInNamespace('ingress', namespace)) {
      for (const name of new Set(backendRefs(ingress).map((ref) => ref.name))) {
        const service = index.find('service', namespace, name, ingress);
        if (service && !EXPOSING_TYPES.has(serviceType(service))) add(exposures, serviceTargets(index, service), `${describeObject(ingress)} (to ${describeObject(service)})`);
      }
    }
    return exposures;
  });
}

/**
 * Per workload, the Gateway API routes whose backends (or mirrors) are Services that reach it,
 * other than NodePort and LoadBalancer Services (which expose it already). A backend in another
 * namespace counts only where a ReferenceGrant there permits it, as the Gateway API decides.
 */
export function routeExposures(index: ObjectIndex): Exposures {
  return index.perNamespace(routeExposures, '', () => {
    const exposures = new Map<K8sObject, string[]>();
    for (const route of index.objects) {
      if (route.group !== GATEWAY_API_GROUP || !ROUTE_KINDS.has(route.kind)) continue;
      const from = { group: GATEWAY_API_GROUP, kind: route.kind, namespace: index.namespaceOf(route) };
      for (const { ref } of routeBackends(route, index)) {
        if (ref.group !== '' || ref.kind !== 'Service' || !ref.name) continue;
        if (ref.namespace !== from.namespace && !referenceGranted(index, from, { group: '', kind: 'Service', namespace: ref.namespace, name: ref.name })) continue;
        const service = index.find('service', ref.namespace, ref.name, route);
        if (service && !EXPOSING_TYPES.has(serviceType(service))) {
          const of = ref.namespace === from.namespace ? '' : ` of namespace "${from.namespace}"`;
          add(exposures, serviceTargets(index, service), `${describeObject(route)}${of} (to ${describeObject(service)})`);
        }
      }
    }
    return exposures;
  });
}
