import { cis, k8sDocs, mitre, nsa } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { APPARMOR_ANNOTATION_PREFIX, droppedCapabilities, effectiveSetting, isWindowsPod, profileType } from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer, type PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

const CONFINED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/** Seccomp RuntimeDefault/Localhost from the container or pod field; the legacy annotations no longer apply. */
function hasSeccomp(pod: PodView, c: ContainerView): boolean {
  return CONFINED_TYPES.has(profileType(effectiveSetting(pod, c, 'seccompProfile').value) ?? '');
}

/** AppArmor RuntimeDefault/Localhost: the container's field, else its annotation, else the pod's field. */
function hasAppArmor(pod: PodView, c: ContainerView): boolean {
  const own = profileType(c.securityContext?.appArmorProfile);
  if (own !== undefined) return CONFINED_TYPES.has(own);
  const annotation = pod.annotations[APPARMOR_ANNOTATION_PREFIX + c.name];
  if (annotation !== undefined) return annotation === 'runtime/default' || annotation.startsWith('localhost/');
  return CONFINED_TYPES.has(profileType(pod.securityContext?.appArmorProfile) ?? '');
}

/** Any non-empty SELinux option (the runtime then labels the process as asked). */
function hasSELinux(pod: PodView, c: ContainerView): boolean {
  const options = asRecord(effectiveSetting(pod, c, 'seLinuxOptions').value);
  return options !== undefined && Object.values(options).some((v) => typeof v === 'string' && v !== '');
}

export default defineCheck({
  id: 'no-linux-hardening',
  title: 'Container has no Linux kernel hardening at all',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'A container with no seccomp or AppArmor profile, no SELinux options and no dropped capabilities relies on the runtime defaults alone, so nothing in the manifest limits the kernel surface an attacker can reach after compromising it. Off by default: seccomp-not-set or seccomp-unconfined already reports every such container.',
  remediation:
    'Set seccompProfile.type: RuntimeDefault on the pod, and drop capabilities the container does not need (capabilities.drop: [ALL]); AppArmor or SELinux profiles add further confinement.',
  references: [
    cis('5.6.3', 'Apply SecurityContext to your Pods and Containers'),
    nsa('Pod security: Hardening container environments'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Linux kernel security constraints for Pods and containers', 'https://kubernetes.io/docs/concepts/security/linux-kernel-security-constraints/'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      if (hasSeccomp(pod, c) || hasAppArmor(pod, c) || hasSELinux(pod, c) || droppedCapabilities(c).dropped.size > 0) continue;
      report({
        path: [...c.path, 'securityContext'],
        message: `${describeContainer(c)} has no seccomp or AppArmor profile, no SELinux options and drops no capabilities`,
      });
    }
  },
});
