import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { wildcardHostnameReports } from '../route-wildcard-hostnames.js';

export default defineCheck({
  id: 'http-route-wildcard-hostname',
  title: 'HTTPRoute serves every hostname or a wildcard of them',
  severity: 'low',
  category: 'network',
  target: 'http-route',
  enabledByDefault: false,
  description:
    'An HTTPRoute answers the hostnames its own spec.hostnames and the hostname of each listener it attaches to have in common: a route without hostnames takes the listener\'s, and a listener without hostname takes the route\'s. When neither names one, the route answers any Host header sent to the Gateway\'s address; when what they share is a wildcard (*.example.com matches every name ending in .example.com, at any depth), it answers subdomains nobody planned for, such as those a dangling DNS record or a typo points at it. The check works out those hostnames for every listener of a Gateway of the input that the route attaches to (sectionName, port, allowedRoutes and hostname intersection decide which); for a parent Gateway the input lacks it judges the route\'s own hostnames. It is off by default because a catch-all or wildcard route is often intended (a default backend, tenant subdomains), and more specific hostnames of other routes take precedence over it, so it does not take their traffic.',
  remediation:
    'List the exact hostnames the application serves in spec.hostnames, or attach the route to a listener whose hostname names them.',
  references: [
    k8sDocs('Gateway API: HTTPRoute hostnames', 'https://gateway-api.sigs.k8s.io/api-types/httproute/#hostnames'),
    k8sDocs('Gateway API: Gateway listeners', 'https://gateway-api.sigs.k8s.io/api-types/gateway/'),
  ],
  run({ object, index, report }) {
    for (const r of wildcardHostnameReports(object, 'HTTPRoute', index)) report(r);
  },
});
