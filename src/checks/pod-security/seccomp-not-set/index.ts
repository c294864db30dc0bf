import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import {
  effectiveSetting,
  isWindowsPod,
  podAnnotation,
  profileType,
  SECCOMP_CONTAINER_ANNOTATION_PREFIX,
  SECCOMP_POD_ANNOTATION,
  type PodAnnotation,
} from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

/** The legacy seccomp annotation that would have applied to the container (container's, else pod's). */
function legacyAnnotation(pod: PodView, container: ContainerView): PodAnnotation | undefined {
  return podAnnotation(pod, SECCOMP_CONTAINER_ANNOTATION_PREFIX + container.name) ?? podAnnotation(pod, SECCOMP_POD_ANNOTATION);
}

export default defineCheck({
  id: 'seccomp-not-set',
  title: 'Container runs without a seccomp profile',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Without a seccomp profile a container can make every system call the kernel offers, including the rarely needed ones behind most container-escape exploits; unless the node enables seccompDefault, the runtime applies no filter at all. Legacy seccomp annotations are ignored since Kubernetes 1.27 and do not count. An explicit Unconfined profile is reported by seccomp-unconfined instead.',
  remediation:
    'Set spec.securityContext.seccompProfile.type: RuntimeDefault for the whole pod (or Localhost with a localhostProfile for a custom profile), and replace any seccomp.security.alpha.kubernetes.io annotations with that field.',
  references: [
    cis('5.6.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'),
    nsa('Pod security: Hardening container environments'),
    pss('restricted', 'Seccomp'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Restrict a Container\'s Syscalls with seccomp', 'https://kubernetes.io/docs/tutorials/security/seccomp/'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const problem = problemOf(pod, c);
      if (problem) report(problem);
    }
  },
});

function problemOf(pod: PodView, c: ContainerView): Report | undefined {
  const setting = effectiveSetting(pod, c, 'seccompProfile');
  const type = profileType(setting.value);
  const sets = setting.from === 'pod' ? 'inherits from the pod' : 'sets';
  if (type !== undefined) {
    if (CONFINED.has(type) || type === 'Unconfined') return undefined; // Unconfined: seccomp-unconfined reports it
    return { path: [...setting.path, 'type'], message: `${describeContainer(c)} ${sets} seccompProfile.type "${type}", which is not RuntimeDefault or Localhost` };
  }
  if (setting.from !== 'unset') return { path: setting.path, message: `${describeContainer(c)} ${sets} a seccompProfile without a type` };
  const legacy = legacyAnnotation(pod, c);
  if (legacy?.value === 'unconfined') return undefined; // seccomp-unconfined reports it
  const message = legacy
    ? `${describeContainer(c)} has no seccompProfile; the legacy annotation ${legacy.key}: ${legacy.value} is ignored since Kubernetes 1.27`
    : `${describeContainer(c)} has no seccomp profile (no seccompProfile on the container or the pod)`;
  return { path: setting.path, message };
}
