import { asNumber, asRecord, type JsonRecord, recordsWithIndex } from '../../k8s/access.js';
import type { Report } from '../api.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { describeGateway, describeListener, intersectHostnames, type Listener, resolveGatewayParents, routeHostnames } from './gateway-api.js';
import { joinList } from './shared.js';

/** The hostnames (undefined: all) the route answers on a listener. */
function servedHostnames(listener: Listener, hostnames: readonly string[]): Array<string | undefined> {
  if (hostnames.length === 0) return [listener.hostname];
  return hostnames.flatMap((h) => {
    const shared = intersectHostnames(listener.hostname, h);
    return shared === null ? [] : [shared];
  });
}

/** How a route kind's clear-text traffic is worded. */
export interface PlainTextWording {
  /** `forwards requests to its backends in clear text`. */
  readonly forwards: string;
  /** What is wrong when every hostname is served over HTTPS too. */
  readonly alsoHttps: string;
  /** What is missing when some hostname is served in clear text only (before "; no HTTPS listener ..."). */
  readonly clearOnly: string;
}

/** Whether a route rule sends traffic to a backend: a backendRef of weight other than 0 (the weight defaults to 1). */
export function sendsToBackend(rule: JsonRecord): boolean {
  return recordsWithIndex(rule.backendRefs).some(({ record }) => (asNumber(record.weight) ?? 1) !== 0);
}

/**
 * Per parent Gateway of the input with HTTP listeners the route attaches to, one report: low
 * severity when an HTTPS listener it attaches to serves every hostname it answers there, medium
 * (the rule's) when some are served in clear text only. None when no rule of the route carries
 * traffic (`carries`); the messages name the rules that do when not all of them do.
 */
export function plainHttpReports(route: K8sObject, kind: string, index: ObjectIndex, carries: (rule: JsonRecord) => boolean, wording: PlainTextWording): Report[] {
  const rules = recordsWithIndex(asRecord(route.body.spec)?.rules);
  const carrying = rules.filter(({ record }) => carries(record)).map(({ index: i }) => `spec.rules[${i}]`);
  if (carrying.length === 0) return [];
  const hostnames = routeHostnames(route).map((h) => h.hostname);
  const parents = resolveGatewayParents(route, kind, index);
  const https = parents.flatMap((p) => p.listeners.filter((l) => l.protocol === 'HTTPS').map((listener) => ({ listener, gateway: p.gateway })));
  const name = `${kind} "${index.namespaceOf(route)}/${route.name}"`;
  const rulesNote = carrying.length === rules.length ? '' : ` (${joinList(carrying)})`;
  const reports: Report[] = [];
  for (const parent of parents) {
    const gateway = parent.gateway;
    if (!gateway) continue;
    const plain = parent.listeners.filter((l) => l.protocol === 'HTTP');
    if (plain.length === 0) continue;
    const alsoHttps = new Set<string>();
    const clearOnly = new Set<string>();
    for (const listener of plain) {
      for (const served of servedHostnames(listener, hostnames)) {
        const covering = https.find(({ listener: l }) => intersectHostnames(l.hostname, served) === served);
        if (covering?.gateway) alsoHttps.add(`${describeListener(covering.listener)} of ${describeGateway(covering.gateway, index)}`);
        else clearOnly.add(served === undefined ? 'every hostname (neither the route nor the listener names one)' : `"${served}"`);
      }
    }
    const listeners = joinList(plain.map((l) => `${describeListener(l).replace(/^listener /, '')} (port ${l.port ?? '?'})`));
    const lead = `${name} ${wording.forwards} on HTTP ${plain.length === 1 ? 'listener' : 'listeners'} ${listeners} of ${describeGateway(gateway, index)}${rulesNote}`;
    if (clearOnly.size > 0) reports.push({ path: parent.path, message: `${lead}, ${wording.clearOnly}; no HTTPS listener it attaches to serves ${joinList([...clearOnly])}` });
    else reports.push({ path: parent.path, severity: 'low', message: `${lead}, though ${joinList([...alsoHttps])} serves the same hostnames: ${wording.alsoHttps}` });
  }
  return reports;
}
