import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { refusedBackendReports } from '../gateway-api.js';

export default defineCheck({
  id: 'http-route-backend-ref-not-permitted',
  title: 'HTTPRoute sends traffic to another namespace without a ReferenceGrant',
  severity: 'medium',
  category: 'network',
  target: 'http-route',
  description:
    'An HTTPRoute rule may send requests to a backend in another namespace (spec.rules[].backendRefs, a Service unless group and kind say otherwise, and the backendRef of a RequestMirror filter on the rule or on one of its backendRefs) only when a ReferenceGrant in that namespace permits it: one of its spec.from entries names group gateway.networking.k8s.io, kind HTTPRoute and the route\'s namespace, and one of its spec.to entries the backend\'s group and kind, with no name or the backend\'s name. Otherwise the implementation refuses the reference (the route\'s ResolvedRefs condition turns False with reason RefNotPermitted) and answers the requests that backend would have received with a 500, or leaves the mirror out. The grant keeps owners of a namespace in charge of which routes reach their Services: without it, the usual fix under pressure is to move or copy the Service, or to open allowedRoutes wider. ReferenceGrants usually live with the team owning the backend\'s namespace, so a reference is reported only when the input speaks for that namespace by holding at least one object there: a route scanned without anything of the backend\'s namespace is not reported.',
  remediation:
    'Add a ReferenceGrant in the backend\'s namespace with from {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: <the route\'s namespace>} and to {group: "", kind: Service, name: <the Service>}, or point the route at a backend in its own namespace.',
  references: [
    k8sDocs('Gateway API: ReferenceGrant', 'https://gateway-api.sigs.k8s.io/api-types/referencegrant/'),
    k8sDocs('Gateway API: Cross-namespace routing', 'https://gateway-api.sigs.k8s.io/guides/multiple-ns/'),
    k8sDocs('Gateway API: Security model', 'https://gateway-api.sigs.k8s.io/concepts/security-model/'),
  ],
  run({ object, index, report }) {
    for (const finding of refusedBackendReports(object, 'HTTPRoute', index, { backend: 'the requests it would receive get a 500', mirror: 'no copy of the requests is mirrored to it' })) report(finding);
  },
});
