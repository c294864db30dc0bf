import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { wildcardHostnameReports } from '../route-wildcard-hostnames.js';

export default defineCheck({
  id: 'grpc-route-wildcard-hostname',
  title: 'GRPCRoute serves every hostname or a wildcard of them',
  severity: 'low',
  category: 'network',
  target: 'grpc-route',
  enabledByDefault: false,
  description:
    'A GRPCRoute chooses its hostnames as an HTTPRoute does: it answers the hostnames its own spec.hostnames and the hostname of each listener it attaches to have in common; a route without hostnames takes the listener\'s, and a listener without hostname takes the route\'s. When neither names one, the route takes gRPC calls for any authority sent to the Gateway\'s address; when what they share is a wildcard (*.example.com matches every name ending in .example.com, at any depth), it answers subdomains nobody planned for, such as those a dangling DNS record or a typo points at it. The check works out those hostnames for every listener of a Gateway of the input that the route attaches to (sectionName, port, allowedRoutes kinds and namespaces, and hostname intersection decide which), as http-route-wildcard-hostname does for HTTPRoutes; for a parent Gateway the input lacks it judges the route\'s own hostnames. It is off by default because a catch-all or wildcard route is often intended, and more specific hostnames of other routes take precedence over it.',
  remediation:
    'List the exact hostnames the gRPC service is called at in spec.hostnames, or attach the route to a listener whose hostname names them.',
  references: [
    k8sDocs('Gateway API: GRPCRoute hostnames', 'https://gateway-api.sigs.k8s.io/api-types/grpcroute/#hostnames'),
    k8sDocs('Gateway API: Gateway listeners', 'https://gateway-api.sigs.k8s.io/api-types/gateway/'),
  ],
  run({ object, index, report }) {
    for (const r of wildcardHostnameReports(object, 'GRPCRoute', index)) report(r);
  },
});
