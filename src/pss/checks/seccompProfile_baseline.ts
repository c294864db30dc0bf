import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { compareGo, goQuote, joinQuote, pluralize, sortedSet } from '../go.js';
import { annotation, isSet, ptrStruct, str, type PodView } from '../view.js';

export const CHECK_SECCOMP_BASELINE = 'seccompProfile_baseline';

const ANNOTATION_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const ANNOTATION_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function validSeccompType(type: string): boolean {
  return type === 'Localhost' || type === 'RuntimeDefault';
}

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** v1.0-v1.18: the alpha seccomp annotations. */
function seccompAnnotations(pod: PodView): CheckFailure | undefined {
  let forbidden: Map<string, Path> | undefined;
  const inspect = (key: string) => {
    const value = annotation(pod, key);
    if (value !== undefined && !validAnnotationValue(value)) (forbidden ??= new Map()).set(`${key}=${goQuote(value)}`, ['metadata', 'annotations', key]);
  };
  inspect(ANNOTATION_POD);
  for (const c of pod.containers) inspect(ANNOTATION_CONTAINER_PREFIX + c.name);
  if (!forbidden) return undefined;
  const texts = [...forbidden.keys()].sort(compareGo);
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', texts.length)} ${texts.join(', ')}`,
    fields: texts.map((text) => forbidden?.get(text) as Path),
  };
}

/** v1.19+: securityContext.seccompProfile.type, where set, must be RuntimeDefault or Localhost. */
function seccompProfileType(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const fields: Path[] = [];
  if (pod.securityContext && isSet(pod.securityContext.seccompProfile)) {
    const type = str(ptrStruct(pod.securityContext.seccompProfile)?.type);
    if (!validSeccompType(type)) {
      badSetters.push('pod');
      badValues.push(type);
      fields.push(['spec', 'securityContext', 'seccompProfile', 'type']);
    }
  }
  let badContainers: string[] | undefined;
  for (const c of pod.containers) {
    if (c.securityContext && isSet(c.securityContext.seccompProfile)) {
      const type = str(ptrStruct(c.securityContext.seccompProfile)?.type);
      if (!validSeccompType(type)) {
        (badContainers ??= []).push(c.name);
        badValues.push(type);
        fields.push([...c.path, 'securityContext', 'seccompProfile', 'type']);
      }
    }
  }
  if (badContainers) badSetters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  if (badSetters.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
    fields,
  };
}

export default definePssCheck({
  id: CHECK_SECCOMP_BASELINE,
  level: 'baseline',
  description:
    'A seccomp profile, where set, must be RuntimeDefault or Localhost (before v1.19: the alpha annotations must be runtime/default, docker/default or localhost/*).',
  restrictedFields: [
    'spec.securityContext.seccompProfile.type',
    'spec.containers[*].securityContext.seccompProfile.type',
    'spec.initContainers[*].securityContext.seccompProfile.type',
    'spec.ephemeralContainers[*].securityContext.seccompProfile.type',
    "metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'] (v1.0-v1.18)",
    "metadata.annotations['container.seccomp.security.alpha.kubernetes.io/*'] (v1.0-v1.18)",
  ],
  versions: [
    { minVersion: 0, run: seccompAnnotations },
    { minVersion: 19, run: seccompProfileType },
  ],
});
