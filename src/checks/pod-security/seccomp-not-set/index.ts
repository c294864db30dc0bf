import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { formatPath, type Path } from '../../../core/path.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import type { K8sObject } from '../../../k8s/object.js';
import {
  effectiveSetting,
  podAnnotation,
  SECCOMP_CONTAINER_ANNOTATION_PREFIX,
  SECCOMP_POD_ANNOTATION,
  type PodAnnotation,
} from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer, describeContainers, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';
import { containerOf, pssControl, pssControlForContainer, valueAt } from '../pss.js';

const CHECK = 'seccompProfile_restricted';

/** The last Kubernetes minor version whose kubelet applies the legacy seccomp annotations. */
const LAST_MINOR_WITH_ANNOTATIONS = 26;

/** Whether an annotation value names a profile the kubelet applied (not unconfined, not a typo). */
function appliesProfile(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || (value.startsWith('localhost/') && value.length > 'localhost/'.length);
}

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
    'Without a seccomp profile a container can make every system call the kernel offers, including the rarely needed ones behind most container-escape exploits; unless the node enables seccompDefault, the runtime applies no filter at all. Legacy seccomp annotations are ignored since Kubernetes 1.27 and do not count, unless `--kube-version` targets 1.26 or older, whose kubelet still applies them. An explicit Unconfined profile is reported by seccomp-unconfined instead.',
  remediation:
    'Set spec.securityContext.seccompProfile.type: RuntimeDefault for the whole pod (or Localhost with a localhostProfile for a custom profile), and replace any seccomp.security.alpha.kubernetes.io annotations with that field.',
  references: [
    cis('5.6.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'),
    nsa('Pod security: Hardening container environments'),
    pss('restricted', 'Seccomp'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Restrict a Container\'s Syscalls with seccomp', 'https://kubernetes.io/docs/tutorials/security/seccomp/'),
  ],
  run({ object, pod, settings, report }) {
    // The engine exempts Windows pods (spec.os.name: windows), which cannot set seccomp.
    const whole = pssControl(object, pod, CHECK);
    if (!whole) return;
    // Upstream names the containers without a profile only when no forbidden type is set; ask
    // about each container alone too, so that they are not hidden behind an Unconfined one.
    const fields = new Map<string, Path>();
    for (const path of whole.fields) fields.set(formatPath(path), path);
    // Without such a forbidden type, the whole pod's answer already names every container.
    if (whole.fields.some((path) => setsProfile(object, path))) {
      for (const c of pod.containers) for (const path of pssControlForContainer(object, pod, c, CHECK)?.fields ?? []) fields.set(formatPath(path), path);
    }
    const target = kubeMinorVersion(settings.kubeVersion);
    for (const path of fields.values()) {
      const problem = problemAt(object, pod, path, target);
      if (problem) report(problem);
    }
  },
});

/** Whether the `seccompProfile.type` at `path` belongs to a profile that is written (with a forbidden or no type). */
function setsProfile(object: K8sObject, path: Path): boolean {
  const profile = valueAt(object, path.slice(0, -1));
  return profile !== undefined && profile !== null;
}

/** At `path`, the engine's `seccompProfile.type` of the pod or a container: forbidden, or missing. */
function problemAt(object: K8sObject, pod: PodView, path: Path, target: number | undefined): Report | undefined {
  const type = valueAt(object, path);
  if (type === 'Unconfined') return undefined; // seccomp-unconfined reports it
  const c = containerOf(pod, path);
  const owner = c ? describeContainer(c) : 'pod';
  const inherited = c ? '' : inheritedBy(pod);
  if (setsProfile(object, path)) {
    const what = typeof type === 'string' ? `seccompProfile.type "${type}", which is not RuntimeDefault or Localhost` : 'a seccompProfile without a type';
    return { path, message: `${owner} sets ${what}${inherited}` };
  }
  if (!c) return undefined; // an unset pod-level profile is never an offender by itself
  const legacy = legacyAnnotation(pod, c);
  if (legacy?.value === 'unconfined') return undefined; // seccomp-unconfined reports it
  // Before 1.27 the kubelet still applies a profile the annotation names.
  if (legacy && target !== undefined && target <= LAST_MINOR_WITH_ANNOTATIONS && appliesProfile(legacy.value)) return undefined;
  const message = legacy
    ? `${owner} has no seccompProfile; the legacy annotation ${legacy.key}: ${legacy.value} is ignored since Kubernetes 1.27`
    : `${owner} has no seccomp profile (no seccompProfile on the container or the pod)`;
  return { path, message };
}

function inheritedBy(pod: PodView): string {
  const inheritors = pod.containers.filter((c) => effectiveSetting(pod, c, 'seccompProfile').from === 'pod');
  return inheritors.length > 0 ? `, inherited by ${describeContainers(inheritors)}` : ' (every container overrides it)';
}
