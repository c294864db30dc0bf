import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { isSet, list, ptrStruct, str, type PodView } from '../view.js';

export const CHECK_CAPABILITIES_BASELINE = 'capabilities_baseline';

const ALLOWED = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline(pod: PodView): CheckFailure | undefined {
  let names: string[] | undefined;
  let capabilities: string[] | undefined;
  let fields: Path[] | undefined;
  for (const c of pod.containers) {
    if (!c.securityContext || !isSet(c.securityContext.capabilities)) continue;
    const add = list(ptrStruct(c.securityContext.capabilities)?.add);
    let valid = true;
    for (let j = 0; j < add.length; j++) {
      const capability = str(add[j]);
      if (!ALLOWED.has(capability)) {
        valid = false;
        (capabilities ??= []).push(capability);
        (fields ??= []).push([...c.path, 'securityContext', 'capabilities', 'add', j]);
      }
    }
    if (!valid) (names ??= []).push(c.name);
  }
  if (!names || !capabilities || !fields) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} must not include ${joinQuote(sortedSet(capabilities))} in securityContext.capabilities.add`,
    fields,
  };
}

export default definePssCheck({
  id: CHECK_CAPABILITIES_BASELINE,
  level: 'baseline',
  description:
    'Adding capabilities beyond the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) must be disallowed.',
  restrictedFields: [
    'spec.containers[*].securityContext.capabilities.add',
    'spec.initContainers[*].securityContext.capabilities.add',
    'spec.ephemeralContainers[*].securityContext.capabilities.add',
  ],
  versions: [{ minVersion: 0, run: capabilitiesBaseline }],
});
