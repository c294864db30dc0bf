import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { isSet, list, ptrStruct, str, type PodView } from '../view.js';
import { CHECK_CAPABILITIES_BASELINE } from './capabilities_baseline.js';

function capabilitiesRestricted(pod: PodView): CheckFailure | undefined {
  let missingDropAll: string[] | undefined;
  let dropFields: Path[] | undefined;
  let addingForbidden: string[] | undefined;
  let forbidden: string[] | undefined;
  let addFields: Path[] | undefined;

  for (const c of pod.containers) {
    if (!c.securityContext || !isSet(c.securityContext.capabilities)) {
      (missingDropAll ??= []).push(c.name);
      (dropFields ??= []).push([...c.path, 'securityContext', 'capabilities', 'drop']);
      continue;
    }
    const capabilities = ptrStruct(c.securityContext.capabilities);
    if (!list(capabilities?.drop).includes('ALL')) {
      (missingDropAll ??= []).push(c.name);
      (dropFields ??= []).push([...c.path, 'securityContext', 'capabilities', 'drop']);
    }
    const add = list(capabilities?.add);
    let addedForbidden = false;
    for (let j = 0; j < add.length; j++) {
      const capability = str(add[j]);
      if (capability !== 'NET_BIND_SERVICE') {
        addedForbidden = true;
        (forbidden ??= []).push(capability);
        (addFields ??= []).push([...c.path, 'securityContext', 'capabilities', 'add', j]);
      }
    }
    if (addedForbidden) (addingForbidden ??= []).push(c.name);
  }

  const details: string[] = [];
  if (missingDropAll) {
    details.push(`${pluralize('container', 'containers', missingDropAll.length)} ${joinQuote(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden && forbidden) {
    details.push(
      `${pluralize('container', 'containers', addingForbidden.length)} ${joinQuote(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return undefined;
  return { reason: 'unrestricted capabilities', detail: details.join('; '), fields: [...(dropFields ?? []), ...(addFields ?? [])] };
}

/** From 1.25, Windows pods (spec.os.name: windows) are exempt: the API rejects capabilities on them. */
function capabilitiesRestrictedUnlessWindows(pod: PodView): CheckFailure | undefined {
  return pod.isWindows ? undefined : capabilitiesRestricted(pod);
}

export default definePssCheck({
  id: 'capabilities_restricted',
  level: 'restricted',
  description:
    'Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE (Windows pods are exempt from v1.25); replaces the baseline capabilities check.',
  restrictedFields: [
    'spec.containers[*].securityContext.capabilities.drop',
    'spec.initContainers[*].securityContext.capabilities.drop',
    'spec.ephemeralContainers[*].securityContext.capabilities.drop',
    'spec.containers[*].securityContext.capabilities.add',
    'spec.initContainers[*].securityContext.capabilities.add',
    'spec.ephemeralContainers[*].securityContext.capabilities.add',
  ],
  versions: [
    { minVersion: 22, run: capabilitiesRestricted, overrides: [CHECK_CAPABILITIES_BASELINE] },
    { minVersion: 25, run: capabilitiesRestrictedUnlessWindows, overrides: [CHECK_CAPABILITIES_BASELINE] },
  ],
});
