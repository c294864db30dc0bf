import { k8sDocs, mitre } from '../../../core/references.js';
import { asNumber, asRecord, asString, recordsWithIndex } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { defineCheck } from '../../api.js';
import { servicePorts } from '../shared.js';
import { routeBackends } from '../gateway-api.js';

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

export default defineCheck({
  id: 'http-route-backend-tls-policy-missing',
  title: 'HTTPRoute backend looks like it speaks TLS but no BackendTLSPolicy targets it',
  severity: 'low',
  category: 'network',
  target: 'http-route',
  enabledByDefault: false,
  description:
    'A Gateway connects to an HTTPRoute\'s backend Service in TLS, and checks the certificate the backend presents, when a BackendTLSPolicy (gateway.networking.k8s.io, v1alpha3 or v1) in the Service\'s namespace names the Service in spec.targetRefs, on every port or, with sectionName, on the port of that name. A backend that looks like it expects TLS without such a policy gets plain HTTP, so its requests fail, or, where the implementation originates TLS by itself from the port\'s appProtocol, a connection whose certificate nobody checks, open to whoever can intercept traffic inside the cluster. A backend looks like it expects TLS when the Service port the backendRef names has appProtocol https (or a domain-prefixed .../https, or kubernetes.io/wss), is named https or https-*, or is port 443 or 8443 without another appProtocol; when the input lacks the Service, ports 443 and 8443 alone decide. Backends of RequestMirror filters are checked too. A kgateway BackendConfigPolicy with a tls section that targets the Service counts as a policy. Off by default: the signs are conventions, not proof, and meshes and several implementations set up backend TLS by means of their own (an Istio DestinationRule, an Envoy Gateway or Cilium policy) that the check does not read.',
  remediation:
    'Add a BackendTLSPolicy in the Service\'s namespace with targetRefs naming the Service (and sectionName the port, if only one port speaks TLS) and validation giving the CA certificates (caCertificateRefs, or wellKnownCACertificates: System) and the hostname the backend\'s certificate is issued for; or, when the backend speaks plain HTTP, rename the port or set its appProtocol accordingly.',
  references: [
    k8sDocs('Gateway API: BackendTLSPolicy', 'https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/'),
    k8sDocs('Gateway API: GEP-1897 BackendTLSPolicy', 'https://gateway-api.sigs.k8s.io/geps/gep-1897/'),
    mitre('T1557', 'Adversary-in-the-Middle'),
  ],
  run({ object, index, report }) {
    for (const { ref, path, where } of routeBackends(object, index)) {
      if (ref.group !== '' || ref.kind !== 'Service' || ref.name === undefined) continue;
      const port = asNumber(ref.record.port);
      const service = index.find('service', ref.namespace, ref.name);
      const servicePort = service && port !== undefined ? servicePorts(service).find((p) => p.port === port) : undefined;
      const appProtocol = asString(servicePort?.record.appProtocol);
      let sign: string | undefined;
      if (appProtocol !== undefined && tlsAppProtocol(appProtocol)) sign = `its appProtocol is ${appProtocol}`;
      else if (servicePort?.name !== undefined && (servicePort.name.toLowerCase() === 'https' || servicePort.name.toLowerCase().startsWith('https-'))) sign = `it is named "${servicePort.name}"`;
      else if (port !== undefined && TLS_PORTS.has(port) && appProtocol === undefined) sign = `it is port ${port}`;
      if (sign === undefined) continue;
      if (tlsPolicyFor(index, ref.namespace, ref.name, servicePort?.name)) continue;
      const target = `port ${port ?? '?'} of Service "${ref.namespace}/${ref.name}"`;
      report({
        path: port === undefined ? path : [...path, 'port'],
        message: `${where} of HTTPRoute "${index.namespaceOf(object)}/${object.name}" sends requests to ${target}, which looks like it expects TLS (${sign}), but no BackendTLSPolicy targets it: the Gateway speaks plain HTTP to it, or TLS without checking its certificate`,
      });
    }
  },
});
