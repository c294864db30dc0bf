import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import type { Path } from '../../../core/path.js';
import type { K8sObject } from '../../../k8s/object.js';
import { APPARMOR_ANNOTATION_PREFIX, effectiveSetting, isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer, describeContainers, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';
import { containerOf, pssControl, valueAt } from '../pss.js';

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
  run({ object, pod, report }) {
    // AppArmor is Linux-only: the API server rejects it on Windows pods (spec.os.name: windows).
    if (isWindowsPod(pod)) return;
    for (const path of pssControl(object, pod, 'appArmorProfile')?.fields ?? []) {
      const problem = problemAt(object, pod, path);
      if (problem) report(problem);
    }
  },
});

/** A forbidden profile the engine found: a pod or container appArmorProfile.type, or a legacy annotation. */
function problemAt(object: K8sObject, pod: PodView, path: Path): Report | undefined {
  const value = valueAt(object, path);
  if (path.at(-1) === 'type') {
    const what =
      value === 'Unconfined'
        ? 'appArmorProfile.type Unconfined'
        : typeof value === 'string'
          ? `appArmorProfile.type "${value}", which is not RuntimeDefault or Localhost`
          : 'an appArmorProfile without a type';
    const c = containerOf(pod, path);
    if (c) return { path, message: `${describeContainer(c)} sets ${what}` };
    // A container's own field or annotation takes precedence over the pod-level profile.
    const inheritors = pod.containers.filter(
      (c) => effectiveSetting(pod, c, 'appArmorProfile').from === 'pod' && pod.annotations[APPARMOR_ANNOTATION_PREFIX + c.name] === undefined,
    );
    const effect = inheritors.length > 0 ? `, inherited by ${describeContainers(inheritors)}` : ' (every container overrides it)';
    return { path, message: `pod sets ${what}${effect}` };
  }
  // The annotation of a container the pod does not have is left out: the API server rejects it.
  const key = String(path.at(-1));
  const c = pod.containers.find((c) => APPARMOR_ANNOTATION_PREFIX + c.name === key);
  if (!c) return undefined;
  if (value === 'unconfined') return { path, message: `annotation ${key}: unconfined runs ${describeContainer(c)} without AppArmor` };
  return { path, message: `annotation ${key}: ${String(value)} is not an AppArmor profile the baseline allows for ${describeContainer(c)} (runtime/default or localhost/<profile>)` };
}
