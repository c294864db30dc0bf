import type { Path } from '../../core/path.js';
import type { JsonRecord } from '../../k8s/access.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { ptrStruct, str, type ContainerView, type PodView } from '../view.js';

/** Where probes and lifecycle handlers sit in a container. */
const PROBES = [['livenessProbe'], ['readinessProbe'], ['startupProbe']] as const;
const HANDLERS = [
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

interface Found {
  containers: string[];
  hosts: string[];
  fields: Path[];
}

/**
 * A probe or lifecycle handler (at `[...container.path, ...at]`): its httpGet.host and
 * tcpSocket.host must be empty.
 */
function visitHandler(handler: JsonRecord | undefined, container: ContainerView, at: readonly string[], found: Found | undefined): Found | undefined {
  if (!handler) return found;
  for (const action of ACTIONS) {
    const host = str(ptrStruct(handler[action])?.host);
    if (host !== '') {
      found ??= { containers: [], hosts: [], fields: [] };
      found.containers.push(container.name);
      found.hosts.push(host);
      found.fields.push([...container.path, ...at, action, 'host']);
    }
  }
  return found;
}

function hostProbesAndHostLifecycle(pod: PodView): CheckFailure | undefined {
  let found: Found | undefined;
  for (const c of pod.containers) {
    for (const at of PROBES) found = visitHandler(ptrStruct(c.record[at[0]]), c, at, found);
    const lifecycle = ptrStruct(c.record.lifecycle);
    if (lifecycle) for (const at of HANDLERS) found = visitHandler(ptrStruct(lifecycle[at[1]]), c, at, found);
  }
  if (!found) return undefined;
  const containers = sortedSet(found.containers);
  const hosts = sortedSet(found.hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.length)} ${joinQuote(hosts)}`,
    fields: found.fields,
  };
}

export default definePssCheck({
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  description: 'The host field of probes and lifecycle handlers (httpGet, tcpSocket) must be empty.',
  restrictedFields: [
    'spec.containers[*].livenessProbe.httpGet.host',
    'spec.containers[*].readinessProbe.httpGet.host',
    'spec.containers[*].startupProbe.httpGet.host',
    'spec.containers[*].livenessProbe.tcpSocket.host',
    'spec.containers[*].readinessProbe.tcpSocket.host',
    'spec.containers[*].startupProbe.tcpSocket.host',
    'spec.containers[*].lifecycle.postStart.httpGet.host',
    'spec.containers[*].lifecycle.preStop.httpGet.host',
    'spec.containers[*].lifecycle.postStart.tcpSocket.host',
    'spec.containers[*].lifecycle.preStop.tcpSocket.host',
    '(the same for spec.initContainers[*] and spec.ephemeralContainers[*])',
  ],
  versions: [{ minVersion: 34, run: hostProbesAndHostLifecycle }],
});
