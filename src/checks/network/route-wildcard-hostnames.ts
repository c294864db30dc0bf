import type { Path } from '../../core/path.js';
import type { Report } from '../api.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { describeGateway, describeListener, intersectHostnames, isWildcardHostname, resolveGatewayParents, routeHostnames } from './gateway-api.js';
import { joinList } from './shared.js';

/**
 * Where a route of `kind` (HTTPRoute or GRPCRoute, whose hostnames follow the same rules) answers
 * every hostname or a wildcard of them: on each listener of a parent Gateway of the input it
 * attaches to, the hostnames it shares with the listener; for a parent Gateway the input lacks,
 * its own hostnames. One report per offending field, naming every listener.
 */
export function wildcardHostnameReports(object: K8sObject, kind: string, index: ObjectIndex): Report[] {
  const hostnames = routeHostnames(object);
  const findings = new Map<string, { path: Path; lead: string; answers: Map<string, string[]> }>();
  const add = (path: Path, lead: string, answer: string, on: string) => {
    const key = path.join('.');
    let entry = findings.get(key);
    if (!entry) findings.set(key, (entry = { path, lead, answers: new Map() }));
    const ons = entry.answers.get(answer) ?? [];
    if (!ons.includes(on)) ons.push(on);
    entry.answers.set(answer, ons);
  };
  const route = `${kind} "${index.namespaceOf(object)}/${object.name}"`;
  const noHostnames = `${route} has no spec.hostnames`;
  for (const parent of resolveGatewayParents(object, kind, index)) {
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
  return [...findings.values()].map(({ path, lead, answers }) => {
    const parts = [...answers].map(([answer, ons]) => `${answer} on ${joinList(ons)}`);
    return { path, message: `${lead}${path.length === 2 ? ': ' : ' '}${parts.join('; ')}` };
  });
}
