import type { Path } from '../../../core/path.js';
import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { joinList } from '../shared.js';
import { describeGateway, describeListener, intersectHostnames, isWildcardHostname, resolveGatewayParents, routeHostnames } from '../gateway-api.js';

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
    const hostnames = routeHostnames(object);
    // Per reported path, what the route answers there and on which listeners.
    const findings = new Map<string, { path: Path; lead: string; answers: Map<string, string[]> }>();
    const add = (path: Path, lead: string, answer: string, on: string) => {
      const key = path.join('.');
      let entry = findings.get(key);
      if (!entry) findings.set(key, (entry = { path, lead, answers: new Map() }));
      const ons = entry.answers.get(answer) ?? [];
      if (!ons.includes(on)) ons.push(on);
      entry.answers.set(answer, ons);
    };
    const route = `HTTPRoute "${index.namespaceOf(object)}/${object.name}"`;
    const noHostnames = `${route} has no spec.hostnames`;
    for (const parent of resolveGatewayParents(object, 'HTTPRoute', index)) {
      if (!parent.gateway) {
        const on = `Gateway "${parent.ref.namespace}/${parent.ref.name ?? ''}" (not in the input: its listener hostnames are unknown)`;
        if (hostnames.length === 0) add(['spec', 'hostnames'], noHostnames, 'it answers every hostname the listener accepts', on);
        for (const h of hostnames) {
          if (isWildcardHostname(h.hostname)) add(['spec', 'hostnames', h.index], `${route}: hostname "${h.hostname}"`, 'answers every subdomain it matches', on);
        }
        continue;
      }
      for (const listener of parent.listeners) {
        const on = `${describeListener(listener)} of ${describeGateway(parent.gateway, index)}`;
        if (hostnames.length === 0) {
          if (listener.hostname === undefined) add(['spec', 'hostnames'], noHostnames, 'it answers every hostname (the listener has none either)', on);
          else if (isWildcardHostname(listener.hostname)) add(['spec', 'hostnames'], noHostnames, `it takes the listener's wildcard "${listener.hostname}"`, on);
          continue;
        }
        for (const h of hostnames) {
          const shared = intersectHostnames(listener.hostname, h.hostname);
          if (typeof shared === 'string' && isWildcardHostname(shared)) {
            add(['spec', 'hostnames', h.index], `${route}: hostname "${h.hostname}"`, `answers every subdomain matching "${shared}"`, on);
          }
        }
      }
    }
    for (const { path, lead, answers } of findings.values()) {
      const parts = [...answers].map(([answer, ons]) => `${answer} on ${joinList(ons)}`);
      report({ path, message: `${lead}${path.length === 2 ? ': ' : ' '}${parts.join('; ')}` });
    }
  },
});
