import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize } from '../go.js';
import { ptrBool, type PodView } from '../view.js';

function allowPrivilegeEscalation(pod: PodView): CheckFailure | undefined {
  let names: string[] | undefined;
  let fields: Path[] | undefined;
  for (const c of pod.containers) {
    // Missing, null or true fail; any other value decodes to false.
    if (!c.securityContext || ptrBool(c.securityContext.allowPrivilegeEscalation) !== false) {
      (names ??= []).push(c.name);
      (fields ??= []).push([...c.path, 'securityContext', 'allowPrivilegeEscalation']);
    }
  }
  if (!names || !fields) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} must set securityContext.allowPrivilegeEscalation=false`,
    fields,
  };
}

/** From 1.25, Windows pods (spec.os.name: windows) are exempt: the API rejects the field on them. */
function allowPrivilegeEscalationUnlessWindows(pod: PodView): CheckFailure | undefined {
  return pod.isWindows ? undefined : allowPrivilegeEscalation(pod);
}

export default definePssCheck({
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  description: 'Every container must set allowPrivilegeEscalation: false (Windows pods are exempt from v1.25).',
  restrictedFields: [
    'spec.containers[*].securityContext.allowPrivilegeEscalation',
    'spec.initContainers[*].securityContext.allowPrivilegeEscalation',
    'spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation',
  ],
  versions: [
    { minVersion: 8, run: allowPrivilegeEscalation },
    { minVersion: 25, run: allowPrivilegeEscalationUnlessWindows },
  ],
});
