import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { asNumber } from '../../../k8s/access.js';
import { type EffectiveSetting, effectiveSetting, effectiveSettingSources, isWindowsPod, usesUserNamespace } from '../../../k8s/security-context.js';
import { type ContainerView, type PodView, describeContainers } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

/** The kubelet refuses to start a root container when runAsNonRoot is true; a non-zero runAsUser never runs as root either. */
function forcedNonRoot(pod: PodView, c: ContainerView): boolean {
  if (effectiveSetting(pod, c, 'runAsNonRoot').value === true) return true;
  const uid = asNumber(effectiveSetting(pod, c, 'runAsUser').value);
  return uid !== undefined && uid > 0;
}

function reason(setting: EffectiveSetting, windows: boolean): string {
  // Windows pods cannot set runAsUser, so only runAsNonRoot can force a non-root user there.
  const orUid = windows ? '' : ' or a non-zero runAsUser';
  if (setting.from === 'unset') return `neither it nor the pod sets runAsNonRoot: true${orUid}`;
  const who = setting.from === 'pod' ? 'the pod sets' : 'it sets';
  return `${who} runAsNonRoot: ${JSON.stringify(setting.value)}${windows ? '' : ' and no non-zero runAsUser'}`;
}

export default defineCheck({
  id: 'run-as-non-root-not-set',
  title: 'Container is not forced to run as a non-root user',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Without runAsNonRoot: true (or a non-zero runAsUser) the container runs as whatever user its image declares, which is root for most images; root in a container owns its files, passes most permission checks and is one kernel bug or misconfiguration away from root on the node. Pods with hostUsers: false are exempt, as their root maps to an unprivileged host user.',
  remediation:
    'Set securityContext.runAsNonRoot: true on the pod (or on every container), and run the image as a non-root user (USER in the Dockerfile or securityContext.runAsUser).',
  references: [
    cis('5.2.7', 'Minimize the admission of root containers'),
    nsa('Pod security: "Non-root" containers and "rootless" container engines'),
    pss('restricted', 'Running as Non-root'),
    mitre('T1611', 'Escape to Host'),
  ],
  run({ pod, report }) {
    if (usesUserNamespace(pod)) return;
    const windows = isWindowsPod(pod);
    const unforced = pod.containers.filter((c) => !forcedNonRoot(pod, c));
    for (const { setting, containers } of effectiveSettingSources(pod, unforced, 'runAsNonRoot')) {
      report({ path: setting.path, message: `${describeContainers(containers)} may run as root: ${reason(setting, windows)}` });
    }
  },
});
