import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import type { Path } from '../../../core/path.js';
import { effectiveSetting, isWindowsPod, SECCOMP_CONTAINER_ANNOTATION_PREFIX } from '../../../k8s/security-context.js';
import { describeContainer, describeContainers, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';
import { containerOf, pssControl, valueAt } from '../pss.js';

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
  run({ object, pod, report }) {
    // seccomp is Linux-only: the API server rejects seccompProfile on Windows pods (spec.os.name: windows).
    if (isWindowsPod(pod)) return;
    // The baseline control forbids any type but RuntimeDefault and Localhost; the other invalid
    // types (a lowercase "unconfined", a missing type) are reported by seccomp-not-set.
    for (const path of pssControl(object, pod, 'seccompProfile_baseline')?.fields ?? []) {
      if (valueAt(object, path) === 'Unconfined') report(fieldProblem(pod, path));
    }
    // The legacy annotations were honored up to Kubernetes 1.26 and checked by the policy up to
    // v1.18: ask that version, and report the ones asking for unconfined.
    for (const path of pssControl(object, pod, 'seccompProfile_baseline', 18)?.fields ?? []) {
      if (valueAt(object, path) === 'unconfined') report(annotationProblem(pod, path));
    }
  },
});

function fieldProblem(pod: PodView, path: Path): Report {
  const c = containerOf(pod, path);
  if (c) return { path, message: `${describeContainer(c)} sets seccompProfile.type Unconfined` };
  const inheritors = pod.containers.filter((c) => effectiveSetting(pod, c, 'seccompProfile').from === 'pod');
  const effect = inheritors.length > 0 ? `, inherited by ${describeContainers(inheritors)}` : ' (every container overrides it)';
  return { path, message: `pod sets seccompProfile.type Unconfined${effect}` };
}

/** A legacy annotation asking for `unconfined`: the pod-wide one, or one naming a container of the pod. */
function annotationProblem(pod: PodView, path: Path): Report {
  const key = String(path.at(-1));
  const c = key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX) ? pod.containers.find((c) => c.name === key.slice(SECCOMP_CONTAINER_ANNOTATION_PREFIX.length)) : undefined;
  if (c) return { path, message: `annotation ${key}: unconfined disables seccomp for ${describeContainer(c)} (honored up to Kubernetes 1.26)` };
  return { path, message: `pod annotation ${key}: unconfined asks for no seccomp profile for the pod (honored up to Kubernetes 1.26)` };
}
