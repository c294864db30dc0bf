import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import {
  effectiveSetting,
  isWindowsPod,
  podAnnotation,
  profileType,
  SECCOMP_CONTAINER_ANNOTATION_PREFIX,
  SECCOMP_POD_ANNOTATION,
} from '../../../k8s/security-context.js';
import { describeContainer, describeContainers, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';

export default defineCheck({
  id: 'seccomp-unconfined',
  title: 'Seccomp profile set to Unconfined',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'An Unconfined seccomp profile removes the system-call filter even on nodes that apply RuntimeDefault by default, exposing the whole kernel interface (unshare, keyctl, bpf, ...) that most container escapes go through. The legacy unconfined annotation did the same until Kubernetes 1.26 and still states that intent.',
  remediation:
    'Remove the Unconfined profile and set seccompProfile.type: RuntimeDefault, or write a Localhost profile that allows the extra system calls the container really needs; delete seccomp.security.alpha.kubernetes.io annotations.',
  references: [
    cis('5.6.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'),
    nsa('Pod security: Hardening container environments'),
    pss('baseline', 'Seccomp'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Restrict a Container\'s Syscalls with seccomp', 'https://kubernetes.io/docs/tutorials/security/seccomp/'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    const podLevel = podFieldProblem(pod);
    if (podLevel) report(podLevel);
    for (const c of pod.containers) {
      if (profileType(c.securityContext?.seccompProfile) === 'Unconfined') {
        report({ path: [...c.path, 'securityContext', 'seccompProfile', 'type'], message: `${describeContainer(c)} sets seccompProfile.type Unconfined` });
      }
    }
    for (const problem of legacyAnnotationProblems(pod)) report(problem);
  },
});

function podFieldProblem(pod: PodView): Report | undefined {
  if (profileType(pod.securityContext?.seccompProfile) !== 'Unconfined') return undefined;
  const inheritors = pod.containers.filter((c) => effectiveSetting(pod, c, 'seccompProfile').from === 'pod');
  const effect = inheritors.length > 0 ? `, inherited by ${describeContainers(inheritors)}` : ' (every container overrides it)';
  return { path: [...pod.specPath, 'securityContext', 'seccompProfile', 'type'], message: `pod sets seccompProfile.type Unconfined${effect}` };
}

/** Legacy annotations asking for `unconfined`: the pod-wide one and those naming an existing container. */
function legacyAnnotationProblems(pod: PodView): Report[] {
  const problems: Report[] = [];
  const podWide = podAnnotation(pod, SECCOMP_POD_ANNOTATION);
  if (podWide?.value === 'unconfined') {
    problems.push({ path: podWide.path, message: `pod annotation ${podWide.key}: unconfined asks for no seccomp profile for the pod (honored up to Kubernetes 1.26)` });
  }
  for (const c of pod.containers) {
    const own = podAnnotation(pod, SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name);
    if (own?.value === 'unconfined') {
      problems.push({ path: own.path, message: `annotation ${own.key}: unconfined disables seccomp for ${describeContainer(c)} (honored up to Kubernetes 1.26)` });
    }
  }
  return problems;
}
