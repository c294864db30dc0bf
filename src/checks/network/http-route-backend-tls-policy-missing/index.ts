import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { missingBackendTlsReports } from '../route-backend-tls.js';

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
    const wording = { sends: 'sends requests to', outcome: 'the Gateway speaks plain HTTP to it, or TLS without checking its certificate' };
    for (const r of missingBackendTlsReports(object, 'HTTPRoute', index, wording)) report(r);
  },
});
