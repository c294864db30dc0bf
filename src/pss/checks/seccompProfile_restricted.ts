import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { isSet, ptrStruct, str, type PodView } from '../view.js';
import { CHECK_SECCOMP_BASELINE, validSeccompType } from './seccompProfile_baseline.js';

function seccompProfileRequired(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const explicitFields: Path[] = [];
  let podSeccompSet = false;
  if (pod.securityContext && isSet(pod.securityContext.seccompProfile)) {
    const type = str(ptrStruct(pod.securityContext.seccompProfile)?.type);
    if (!validSeccompType(type)) {
      badSetters.push('pod');
      badValues.push(type);
      explicitFields.push(['spec', 'securityContext', 'seccompProfile', 'type']);
    } else {
      podSeccompSet = true;
    }
  }

  let explicitlyBad: string[] | undefined;
  let implicitlyBad: string[] | undefined;
  let implicitFields: Path[] | undefined;
  for (const c of pod.containers) {
    if (c.securityContext && isSet(c.securityContext.seccompProfile)) {
      const type = str(ptrStruct(c.securityContext.seccompProfile)?.type);
      if (!validSeccompType(type)) {
        (explicitlyBad ??= []).push(c.name);
        badValues.push(type);
        explicitFields.push([...c.path, 'securityContext', 'seccompProfile', 'type']);
      }
    } else if (!podSeccompSet) {
      (implicitlyBad ??= []).push(c.name);
      (implicitFields ??= []).push([...c.path, 'securityContext', 'seccompProfile', 'type']);
    }
  }

  if (explicitlyBad) badSetters.push(`${pluralize('container', 'containers', explicitlyBad.length)} ${joinQuote(explicitlyBad)}`);
  if (badSetters.length > 0) {
    return {
      reason: 'seccompProfile',
      detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
      fields: explicitFields,
    };
  }
  if (implicitlyBad && implicitFields) {
    return {
      reason: 'seccompProfile',
      detail: `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      fields: implicitFields,
    };
  }
  return undefined;
}

/** From 1.25, Windows pods (spec.os.name: windows) are exempt: the API rejects seccomp on them. */
function seccompProfileRequiredUnlessWindows(pod: PodView): CheckFailure | undefined {
  return pod.isWindows ? undefined : seccompProfileRequired(pod);
}

export default definePssCheck({
  id: 'seccompProfile_restricted',
  level: 'restricted',
  description:
    'A seccomp profile of type RuntimeDefault or Localhost must be set on the pod or every container (Windows pods are exempt from v1.25); replaces the baseline seccompProfile check.',
  restrictedFields: [
    'spec.securityContext.seccompProfile.type',
    'spec.containers[*].securityContext.seccompProfile.type',
    'spec.initContainers[*].securityContext.seccompProfile.type',
    'spec.ephemeralContainers[*].securityContext.seccompProfile.type',
  ],
  versions: [
    { minVersion: 19, run: seccompProfileRequired, overrides: [CHECK_SECCOMP_BASELINE] },
    { minVersion: 25, run: seccompProfileRequiredUnlessWindows, overrides: [CHECK_SECCOMP_BASELINE] },
  ],
});
