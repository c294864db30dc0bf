import { asNumber, asRecord, asString, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import type { Report } from '../api.js';
import { routeBackends } from './gateway-api.js';
import { servicePorts } from './shared.js';

const TLS_PORTS: ReadonlySet<number> = new Set([443, 8443]);

/** Application protocols that mean TLS: https (bare or domain-prefixed) and WebSocket over TLS (GEP-1911). */
function tlsAppProtocol(appProtocol: string): boolean {
  const value = appProtocol.toLowerCase();
  return value === 'https' || value.endsWith('/https') || value === 'kubernetes.io/wss';
}

/** Whether a policy's spec.targetRefs names the Service, on every port or on the port of this name. */
function targets(policy: K8sObject, service: string, portName: string | undefined): boolean {
  return recordsWithIndex(asRecord(policy.body.spec)?.targetRefs).some(({ record }) => {
    const sectionName = asString(record.sectionName);
    return (asString(record.group) ?? '') === '' && record.kind === 'Service' && record.name === service && (!sectionName || sectionName === portName);
  });
}

/** A BackendTLSPolicy, or a kgateway BackendConfigPolicy with tls, that targets the Service port. */
function tlsPolicyFor(index: ObjectIndex, namespace: string, service: string, portName: string | undefined): boolean {
  return (
    index.ofGroupInNamespace('backend-tls-policy', namespace).some((p) => targets(p, service, portName)) ||
    index.ofGroupInNamespace('kgateway-backend-config-policy', namespace).some((p) => asRecord(asRecord(p.body.spec)?.tls) !== undefined && targets(p, service, portName))
  );
}

/** How a route kind's traffic to a backend is worded. */
export interface BackendTlsWording {
  /** `sends requests to`. */
  readonly sends: string;
  /** `the Gateway speaks plain HTTP to it, or TLS without checking its certificate`. */
  readonly outcome: string;
}

/**
 * The Service backends (mirrors included) of a route of `kind` (HTTPRoute or GRPCRoute) whose port
 * looks like it expects TLS (appProtocol https, a port named https or https-*, or port 443 or
 * 8443 without another appProtocol) while no BackendTLSPolicy in the Service's namespace targets
 * that port.
 */
export function missingBackendTlsReports(object: K8sObject, kind: string, index: ObjectIndex, wording: BackendTlsWording): Report[] {
  const reports: Report[] = [];
  for (const { ref, path, where } of routeBackends(object, index)) {
    if (ref.group !== '' || ref.kind !== 'Service' || ref.name === undefined) continue;
    const port = asNumber(ref.record.port);
    const service = index.find('service', ref.namespace, ref.name, object);
    const servicePort = service && port !== undefined ? servicePorts(service).find((p) => p.port === port) : undefined;
    const appProtocol = asString(servicePort?.record.appProtocol);
    let sign: string | undefined;
    if (appProtocol !== undefined && tlsAppProtocol(appProtocol)) sign = `its appProtocol is ${appProtocol}`;
    else if (servicePort?.name !== undefined && (servicePort.name.toLowerCase() === 'https' || servicePort.name.toLowerCase().startsWith('https-'))) sign = `it is named "${servicePort.name}"`;
    else if (port !== undefined && TLS_PORTS.has(port) && appProtocol === undefined) sign = `it is port ${port}`;
    if (sign === undefined) continue;
    if (tlsPolicyFor(index, ref.namespace, ref.name, servicePort?.name)) continue;
    const target = `port ${port ?? '?'} of Service "${ref.namespace}/${ref.name}"`;
    reports.push({
      path: port === undefined ? path : [...path, 'port'],
      message: `${where} of ${kind} "${index.namespaceOf(object)}/${object.name}" ${wording.sends} ${target}, which looks like it expects TLS (${sign}), but no BackendTLSPolicy targets it: ${wording.outcome}`,
    });
  }
  return reports;
}
