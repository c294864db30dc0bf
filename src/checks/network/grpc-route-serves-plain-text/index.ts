import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { plainHttpReports, sendsToBackend } from '../plain-http-listeners.js';

export default defineCheck({
  id: 'grpc-route-serves-plain-text',
  title: 'GRPCRoute serves gRPC in clear text on an HTTP listener',
  severity: 'medium',
  category: 'network',
  target: 'grpc-route',
  description:
    'A GRPCRoute attached to a Gateway listener of protocol HTTP (compared ignoring case) is served over HTTP/2 without TLS (h2c, which the Gateway API requires of implementations that support GRPCRoute on HTTP listeners): the calls, their metadata (bearer tokens, API keys) and the answers cross the network readable and modifiable by anyone on the path. The check works out the listeners of each parent Gateway of the input the route attaches to, as http-route-serves-plain-http does for HTTPRoutes (sectionName, port, allowedRoutes kinds and namespaces, and hostname intersection decide which; a parent Gateway missing from the input is not judged), and reports a route with at least one rule that sends calls to a backend there (a backendRef of weight other than 0). gRPC clients do not follow redirects, so an HTTP listener has no use for a gRPC route beside an HTTPS one: the report is low severity when an HTTPS listener the route attaches to serves every hostname it answers on the HTTP listener, and medium when some are served in clear text only. Turn it off, or exempt the route, where TLS is terminated in front of the Gateway.',
  remediation: 'Attach the route to an HTTPS listener only (parentRefs sectionName), and have the clients call it over TLS.',
  references: [
    k8sDocs('Gateway API: GRPCRoute', 'https://gateway-api.sigs.k8s.io/api-types/grpcroute/'),
    k8sDocs('Gateway API: TLS configuration', 'https://gateway-api.sigs.k8s.io/guides/tls/'),
    mitre('T1040', 'Network Sniffing'),
  ],
  run({ object, index, report }) {
    const wording = {
      forwards: 'forwards gRPC calls to its backends in clear text (h2c)',
      clearOnly: 'readable by anyone on the path',
      alsoHttps: 'attach the route to the HTTPS listener only, as gRPC clients follow no redirect',
    };
    for (const r of plainHttpReports(object, 'GRPCRoute', index, sendsToBackend, wording)) report(r);
  },
});
