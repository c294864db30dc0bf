import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { hostPortOf, list, struct, type PodView } from '../view.js';

function hostPorts(pod: PodView): CheckFailure | undefined {
  let names: string[] | undefined;
  let ports: string[] | undefined;
  let fields: Path[] | undefined;
  for (const c of pod.containers) {
    const items = list(c.record.ports);
    let valid = true;
    for (let j = 0; j < items.length; j++) {
      const hostPort = hostPortOf(pod, c, struct(items[j]));
      if (hostPort !== 0) {
        valid = false;
        (ports ??= []).push(String(hostPort));
        (fields ??= []).push([...c.path, 'ports', j, 'hostPort']);
      }
    }
    if (!valid) (names ??= []).push(c.name);
  }
  if (!names || !ports || !fields) return undefined;
  const distinct = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
    fields,
  };
}

export default definePssCheck({
  id: 'hostPorts',
  level: 'baseline',
  description: 'HostPorts must be forbidden (or undefined/0).',
  restrictedFields: [
    'spec.containers[*].ports[*].hostPort',
    'spec.initContainers[*].ports[*].hostPort',
    'spec.ephemeralContainers[*].ports[*].hostPort',
  ],
  versions: [{ minVersion: 0, run: hostPorts }],
});
