import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { refusedBackendReports } from '../gateway-api.js';

export default defineCheck({
  id: 'grpc-route-backend-ref-not-permitted',
  title: 'GRPCRoute sends traffic to another namespace without a ReferenceGrant',
  severity: 'medium',
  category: 'network',
  target: 'grpc-route',
  description:
    'A GRPCRoute follows the same cross-namespace rule as an HTTPRoute: a rule may send calls to a backend in another namespace (spec.rules[].backendRefs, a Service unless group and kind say otherwise, and the backendRef of a RequestMirror filter on the rule or on one of its backendRefs) only when a ReferenceGrant in that namespace permits it, with a spec.from entry naming group gateway.networking.k8s.io, kind GRPCRoute and the route\'s namespace, and a spec.to entry naming the backend\'s group and kind, with no name or the backend\'s name. A grant written for HTTPRoutes does not cover GRPCRoutes. Without a grant the implementation refuses the reference (the route\'s ResolvedRefs condition turns False with reason RefNotPermitted), answers the calls that backend would have received with the gRPC status UNAVAILABLE, and leaves a refused mirror out. The grant keeps owners of a namespace in charge of which routes reach their Services; without it, the usual fix under pressure is to move or copy the Service, or to open allowedRoutes wider. ReferenceGrants usually live with the team owning the backend\'s namespace, so a reference is reported only when the input speaks for that namespace by holding at least one object there: a route scanned without anything of the backend\'s namespace is not reported.',
  remediation:
    'Add a ReferenceGrant in the backend\'s namespace with from {group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: <the route\'s namespace>} and to {group: "", kind: Service, name: <the Service>} (a grant for HTTPRoutes needs this second from entry), or point the route at a backend in its own namespace.',
  references: [
    k8sDocs('Gateway API: ReferenceGrant', 'https://gateway-api.sigs.k8s.io/api-types/referencegrant/'),
    k8sDocs('Gateway API: GRPCRoute', 'https://gateway-api.sigs.k8s.io/api-types/grpcroute/'),
    k8sDocs('Gateway API: Security model', 'https://gateway-api.sigs.k8s.io/concepts/security-model/'),
  ],
  run({ object, index, report }) {
    for (const finding of refusedBackendReports(object, 'GRPCRoute', index, { backend: 'the calls it would receive fail with gRPC status UNAVAILABLE', mirror: 'no copy of the calls is mirrored to it' })) report(finding);
  },
});
