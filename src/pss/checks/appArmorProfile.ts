import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { compareGo, goQuote, joinQuote, pluralize, sortedSet } from '../go.js';
import { forEachAnnotation, isSet, ptrStruct, str, type PodView } from '../view.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(profile: string): boolean {
  return profile.length === 0 || profile === 'runtime/default' || profile.startsWith('localhost/');
}

function allowedProfileType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function appArmorProfile(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const fields: Path[] = [];

  if (pod.securityContext && isSet(pod.securityContext.appArmorProfile)) {
    const type = str(ptrStruct(pod.securityContext.appArmorProfile)?.type);
    if (!allowedProfileType(type)) {
      badSetters.push('pod');
      badValues.push(type);
      fields.push(['spec', 'securityContext', 'appArmorProfile', 'type']);
    }
  }

  let badContainers: string[] | undefined;
  for (const c of pod.containers) {
    if (c.securityContext && isSet(c.securityContext.appArmorProfile)) {
      const type = str(ptrStruct(c.securityContext.appArmorProfile)?.type);
      if (!allowedProfileType(type)) {
        (badContainers ??= []).push(c.name);
        badValues.push(type);
        fields.push([...c.path, 'securityContext', 'appArmorProfile', 'type']);
      }
    }
  }
  if (badContainers) badSetters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);

  let annotations: Array<{ text: string; key: string }> | undefined;
  forEachAnnotation(pod, ANNOTATION_PREFIX, (key, value, rawKey) => {
    if (!allowedAnnotationValue(value)) (annotations ??= []).push({ text: `${key}=${goQuote(value)}`, key: rawKey });
  });

  if (badSetters.length === 0 && !annotations) return undefined;
  const badValueList = sortedSet(badValues);
  if (annotations) {
    annotations.sort((a, b) => compareGo(a.text, b.text));
    for (const a of annotations) {
      badValueList.push(a.text);
      fields.push(['metadata', 'annotations', a.key]);
    }
    badSetters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValueList.length),
    detail: `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
    fields,
  };
}

export default definePssCheck({
  id: 'appArmorProfile',
  level: 'baseline',
  description:
    'Overriding or disabling the default AppArmor profile is forbidden: only RuntimeDefault and Localhost profiles (runtime/default and localhost/* in the beta annotations) are allowed.',
  restrictedFields: [
    'spec.securityContext.appArmorProfile.type',
    'spec.containers[*].securityContext.appArmorProfile.type',
    'spec.initContainers[*].securityContext.appArmorProfile.type',
    'spec.ephemeralContainers[*].securityContext.appArmorProfile.type',
    "metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']",
  ],
  versions: [{ minVersion: 0, run: appArmorProfile }],
});
