import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize } from '../go.js';
import type { PodView } from '../view.js';

function privileged(pod: PodView): CheckFailure | undefined {
  let names: string[] | undefined;
  let fields: Path[] | undefined;
  for (const c of pod.containers) {
    if (c.securityContext?.privileged === true) {
      (names ??= []).push(c.name);
      (fields ??= []).push([...c.path, 'securityContext', 'privileged']);
    }
  }
  if (!names || !fields) return undefined;
  return {
    reason: 'privileged',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} must not set securityContext.privileged=true`,
    fields,
  };
}

export default definePssCheck({
  id: 'privileged',
  level: 'baseline',
  description: 'Privileged containers disable most security mechanisms and must be disallowed.',
  restrictedFields: [
    'spec.containers[*].securityContext.privileged',
    'spec.initContainers[*].securityContext.privileged',
    'spec.ephemeralContainers[*].securityContext.privileged',
  ],
  versions: [{ minVersion: 0, run: privileged }],
});
