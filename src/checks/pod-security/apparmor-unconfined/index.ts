import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { APPARMOR_ANNOTATION_PREFIX, effectiveSetting, isWindowsPod, podAnnotation, profileType } from '../../../k8s/security-context.js';
import { describeContainer, describeContainers, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';

export default defineCheck({
  id: 'apparmor-unconfined',
  title: 'AppArmor profile set to unconfined',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'On AppArmor hosts every container gets the runtime\'s default profile, which denies writes to /proc and /sys, mounts and other escape primitives. An unconfined profile switches that protection off.',
  remediation:
    'Remove the Unconfined appArmorProfile (or the unconfined container.apparmor.security.beta.kubernetes.io annotation) so the runtime default applies, or set appArmorProfile.type: Localhost with a profile that allows only what the container needs.',
  references: [
    cis('5.6.3', 'Apply SecurityContext to your Pods and Containers'),
    nsa('Pod security: Hardening container environments'),
    pss('baseline', 'AppArmor'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Restrict a Container\'s Access to Resources with AppArmor', 'https://kubernetes.io/docs/tutorials/security/apparmor/'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    const podLevel = podFieldProblem(pod);
    if (podLevel) report(podLevel);
    for (const c of pod.containers) {
      if (profileType(c.securityContext?.appArmorProfile) === 'Unconfined') {
        report({ path: [...c.path, 'securityContext', 'appArmorProfile', 'type'], message: `${describeContainer(c)} sets appArmorProfile.type Unconfined` });
      }
      const annotation = podAnnotation(pod, APPARMOR_ANNOTATION_PREFIX + c.name);
      if (annotation?.value === 'unconfined') {
        report({ path: annotation.path, message: `annotation ${annotation.key}: unconfined runs ${describeContainer(c)} without AppArmor` });
      }
    }
  },
});

function podFieldProblem(pod: PodView): Report | undefined {
  if (profileType(pod.securityContext?.appArmorProfile) !== 'Unconfined') return undefined;
  // A container's own field or annotation takes precedence over the pod-level profile.
  const inheritors = pod.containers.filter(
    (c) => effectiveSetting(pod, c, 'appArmorProfile').from === 'pod' && pod.annotations[APPARMOR_ANNOTATION_PREFIX + c.name] === undefined,
  );
  const effect = inheritors.length > 0 ? `, inherited by ${describeContainers(inheritors)}` : ' (every container overrides it)';
  return { path: [...pod.specPath, 'securityContext', 'appArmorProfile', 'type'], message: `pod sets appArmorProfile.type Unconfined${effect}` };
}
