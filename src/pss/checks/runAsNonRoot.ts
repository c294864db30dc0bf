import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize } from '../go.js';
import { isSet, type PodView } from '../view.js';

function runAsNonRoot(pod: PodView): CheckFailure | undefined {
  // Who explicitly set runAsNonRoot to something but true.
  const badSetters: string[] = [];
  const explicitFields: Path[] = [];
  let podRunAsNonRoot = false;
  if (pod.securityContext && isSet(pod.securityContext.runAsNonRoot)) {
    if (pod.securityContext.runAsNonRoot !== true) {
      badSetters.push('pod');
      explicitFields.push(['spec', 'securityContext', 'runAsNonRoot']);
    } else {
      podRunAsNonRoot = true;
    }
  }

  let explicitlyBad: string[] | undefined;
  // Containers that did not set it and are not covered by a pod-level runAsNonRoot=true.
  let implicitlyBad: string[] | undefined;
  let implicitFields: Path[] | undefined;
  for (const c of pod.containers) {
    if (c.securityContext && isSet(c.securityContext.runAsNonRoot)) {
      if (c.securityContext.runAsNonRoot !== true) {
        (explicitlyBad ??= []).push(c.name);
        explicitFields.push([...c.path, 'securityContext', 'runAsNonRoot']);
      }
    } else if (!podRunAsNonRoot) {
      (implicitlyBad ??= []).push(c.name);
      (implicitFields ??= []).push([...c.path, 'securityContext', 'runAsNonRoot']);
    }
  }

  if (explicitlyBad) badSetters.push(`${pluralize('container', 'containers', explicitlyBad.length)} ${joinQuote(explicitlyBad)}`);
  if (badSetters.length > 0) {
    return { reason: 'runAsNonRoot != true', detail: `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`, fields: explicitFields };
  }
  if (implicitlyBad && implicitFields) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      fields: implicitFields,
    };
  }
  return undefined;
}

/** From 1.35, any value is allowed in a user namespace (hostUsers: false). */
function runAsNonRootUnlessUserNamespace(pod: PodView): CheckFailure | undefined {
  return pod.inUserNamespace ? undefined : runAsNonRoot(pod);
}

export default definePssCheck({
  id: 'runAsNonRoot',
  level: 'restricted',
  description:
    'Containers must run as non-root users (runAsNonRoot: true on the pod or every container), unless the pod runs in a user namespace (hostUsers: false, from v1.35).',
  restrictedFields: [
    'spec.securityContext.runAsNonRoot',
    'spec.containers[*].securityContext.runAsNonRoot',
    'spec.initContainers[*].securityContext.runAsNonRoot',
    'spec.ephemeralContainers[*].securityContext.runAsNonRoot',
  ],
  versions: [
    { minVersion: 0, run: runAsNonRoot },
    { minVersion: 35, run: runAsNonRootUnlessUserNamespace },
  ],
});
