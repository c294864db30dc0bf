import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize } from '../go.js';
import { ptrInt64, type PodView } from '../view.js';

function runAsUser(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  const fields: Path[] = [];
  if (pod.securityContext && ptrInt64(pod.securityContext.runAsUser) === 0) {
    badSetters.push('pod');
    fields.push(['spec', 'securityContext', 'runAsUser']);
  }
  let badContainers: string[] | undefined;
  for (const c of pod.containers) {
    if (c.securityContext && ptrInt64(c.securityContext.runAsUser) === 0) {
      (badContainers ??= []).push(c.name);
      fields.push([...c.path, 'securityContext', 'runAsUser']);
    }
  }
  if (badContainers) badSetters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  if (badSetters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${badSetters.join(' and ')} must not set runAsUser=0`, fields };
}

/** From 1.35, any value is allowed in a user namespace (hostUsers: false). */
function runAsUserUnlessUserNamespace(pod: PodView): CheckFailure | undefined {
  return pod.inUserNamespace ? undefined : runAsUser(pod);
}

export default definePssCheck({
  id: 'runAsUser',
  level: 'restricted',
  description: 'Containers must not set runAsUser: 0, unless the pod runs in a user namespace (hostUsers: false, from v1.35).',
  restrictedFields: [
    'spec.securityContext.runAsUser',
    'spec.containers[*].securityContext.runAsUser',
    'spec.initContainers[*].securityContext.runAsUser',
    'spec.ephemeralContainers[*].securityContext.runAsUser',
  ],
  versions: [
    { minVersion: 23, run: runAsUser },
    { minVersion: 35, run: runAsUserUnlessUserNamespace },
  ],
});
