import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { missingBackendTlsReports } from '../route-backend-tls.js';

export default defineCheck({
  id: 'grpc-route-backend-tls-policy-missing',
  title: 'GRPCRoute backend looks like it speaks TLS but no BackendTLSPolicy targets it',
  severity: 'low',
  category: 'network',
  target: 'grpc-route',
  enabledByDefault: false,
  description:
    'Every route that sends traffic to a Service respects a BackendTLSPolicy (gateway.networking.k8s.io, v1alpha3 or v1) in the Service\'s namespace that names the Service in spec.targetRefs, on every port or, with sectionName, on the port of that name: the Gateway then calls the backend in TLS and checks the certificate it presents. A GRPCRoute backend that looks like it expects TLS without such a policy gets gRPC in clear text (h2c), so its calls fail, or, where the implementation originates TLS by itself from the port\'s appProtocol, a connection whose certificate nobody checks, open to whoever can intercept traffic inside the cluster. The signs are those of http-route-backend-tls-policy-missing: the Service port the backendRef names has appProtocol https (or a domain-prefixed .../https), is named https or https-*, or is port 443 or 8443 without another appProtocol (kubernetes.io/h2c or grpc say clear text); when the input lacks the Service, ports 443 and 8443 alone decide. Backends of RequestMirror filters are checked too, and a kgateway BackendConfigPolicy with a tls section that targets the Service counts as a policy. Off by default: the signs are conventions, not proof, and meshes and several implementations set up backend TLS by means of their own that the check does not read.',
  remediation:
    'Add a BackendTLSPolicy in the Service\'s namespace with targetRefs naming the Service (and sectionName the port, if only one port speaks TLS) and validation giving the CA certificates (caCertificateRefs, or wellKnownCACertificates: System) and the hostname the backend\'s certificate is issued for; or, when the backend serves gRPC in clear text, set the port\'s appProtocol to kubernetes.io/h2c.',
  references: [
    k8sDocs('Gateway API: BackendTLSPolicy', 'https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/'),
    k8sDocs('Gateway API: GRPCRoute', 'https://gateway-api.sigs.k8s.io/api-types/grpcroute/'),
    mitre('T1557', 'Adversary-in-the-Middle'),
  ],
  run({ object, index, report }) {
    const wording = { sends: 'sends gRPC calls to', outcome: 'the Gateway calls it in clear text (h2c), or in TLS without checking its certificate' };
    for (const r of missingBackendTlsReports(object, 'GRPCRoute', index, wording)) report(r);
  },
});
