import type { Path } from '../../core/path.js';
import type { JsonRecord } from '../../k8s/access.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { isSet, ptrStruct, str, type PodView } from '../view.js';

const ALLOWED_TYPES_1_0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_TYPES_1_31: ReadonlySet<string> = new Set([...ALLOWED_TYPES_1_0, 'container_engine_t']);

function setsSeLinuxOptions(pod: PodView): boolean {
  if (pod.securityContext && isSet(pod.securityContext.seLinuxOptions)) return true;
  for (const c of pod.containers) if (c.securityContext && isSet(c.securityContext.seLinuxOptions)) return true;
  return false;
}

function seLinuxOptions(pod: PodView, allowedTypes: ReadonlySet<string>): CheckFailure | undefined {
  if (!setsSeLinuxOptions(pod)) return undefined; // the common case, without allocating
  const badSetters: string[] = [];
  const badTypes: string[] = [];
  const fields: Path[] = [];
  let setUser = false;
  let setRole = false;

  const valid = (options: JsonRecord, path: Path): boolean => {
    let ok = true;
    const type = str(options.type);
    if (!allowedTypes.has(type)) {
      ok = false;
      badTypes.push(type);
      fields.push([...path, 'type']);
    }
    if (str(options.user).length > 0) {
      ok = false;
      setUser = true;
      fields.push([...path, 'user']);
    }
    if (str(options.role).length > 0) {
      ok = false;
      setRole = true;
      fields.push([...path, 'role']);
    }
    return ok;
  };

  if (pod.securityContext && isSet(pod.securityContext.seLinuxOptions)) {
    const options = ptrStruct(pod.securityContext.seLinuxOptions) as JsonRecord;
    if (!valid(options, ['spec', 'securityContext', 'seLinuxOptions'])) badSetters.push('pod');
  }
  let badContainers: string[] | undefined;
  for (const c of pod.containers) {
    if (c.securityContext && isSet(c.securityContext.seLinuxOptions)) {
      const options = ptrStruct(c.securityContext.seLinuxOptions) as JsonRecord;
      if (!valid(options, [...c.path, 'securityContext', 'seLinuxOptions'])) (badContainers ??= []).push(c.name);
    }
  }
  if (badContainers) badSetters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  if (badSetters.length === 0) return undefined;

  const badData: string[] = [];
  const types = sortedSet(badTypes);
  if (types.length > 0) badData.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
  if (setUser) badData.push('user may not be set');
  if (setRole) badData.push('role may not be set');
  return {
    reason: 'seLinuxOptions',
    detail: `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`,
    fields,
  };
}

export default definePssCheck({
  id: 'seLinuxOptions',
  level: 'baseline',
  description:
    'The SELinux type is limited to container_t, container_init_t, container_kvm_t (and container_engine_t from v1.31); a custom SELinux user or role is forbidden.',
  restrictedFields: [
    'spec.securityContext.seLinuxOptions.type',
    'spec.containers[*].securityContext.seLinuxOptions.type',
    'spec.initContainers[*].securityContext.seLinuxOptions.type',
    'spec.ephemeralContainers[*].securityContext.seLinuxOptions.type',
    'spec.securityContext.seLinuxOptions.user',
    'spec.containers[*].securityContext.seLinuxOptions.user',
    'spec.initContainers[*].securityContext.seLinuxOptions.user',
    'spec.ephemeralContainers[*].securityContext.seLinuxOptions.user',
    'spec.securityContext.seLinuxOptions.role',
    'spec.containers[*].securityContext.seLinuxOptions.role',
    'spec.initContainers[*].securityContext.seLinuxOptions.role',
    'spec.ephemeralContainers[*].securityContext.seLinuxOptions.role',
  ],
  versions: [
    { minVersion: 0, run: (pod) => seLinuxOptions(pod, ALLOWED_TYPES_1_0) },
    { minVersion: 31, run: (pod) => seLinuxOptions(pod, ALLOWED_TYPES_1_31) },
  ],
});
