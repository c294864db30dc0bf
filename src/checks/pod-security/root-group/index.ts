import { cis, nsa } from '../../../core/references.js';
import { asArray, asNumber } from '../../../k8s/access.js';
import { effectiveSetting, effectiveSettingSources, isWindowsPod, usesUserNamespace } from '../../../k8s/security-context.js';
import { type PodView, describeContainers } from '../../../k8s/workloads.js';
import { type Report, defineCheck } from '../../api.js';

type Reporter = (report: Report) => void;

function reportRunAsGroup(pod: PodView, report: Reporter): void {
  for (const { setting, containers } of effectiveSettingSources(pod, pod.containers, 'runAsGroup')) {
    if (setting.value !== 0) continue;
    const verb = containers.length > 1 ? 'run' : 'runs';
    const source = setting.from === 'pod' ? ', from the pod securityContext' : '';
    report({ path: setting.path, message: `${describeContainers(containers)} ${verb} with primary group root (runAsGroup: 0${source})` });
  }
}

/**
 * runAsUser without runAsGroup: the runtime is handed a bare UID and looks it up in the image's
 * /etc/passwd for the primary group; a UID it does not list gets GID 0 (containerd's WithUserID,
 * CRI-O through runc's GetExecUser defaults). The GID of the image's USER uid:gid is dropped too,
 * and fsGroup and supplementalGroups only add supplementary groups.
 */
function reportUserWithoutGroup(pod: PodView, report: Reporter): void {
  const groupless = pod.containers.filter((c) => effectiveSetting(pod, c, 'runAsGroup').from === 'unset');
  for (const { setting, containers } of effectiveSettingSources(pod, groupless, 'runAsUser')) {
    const uid = asNumber(setting.value);
    // Unset: the image's user, which the manifest does not show; 0: run-as-root-user's finding.
    if (uid === undefined || uid <= 0) continue;
    const verb = containers.length > 1 ? 'set' : 'sets';
    const source = setting.from === 'pod' ? ' (from the pod securityContext)' : '';
    report({
      path: setting.path,
      severity: 'low',
      message: `${describeContainers(containers)} ${verb} runAsUser: ${uid}${source} without runAsGroup: the primary group is 0 (root) unless the image's /etc/passwd lists UID ${uid}; set runAsGroup`,
    });
  }
}

function reportPodGroups(pod: PodView, report: Reporter): void {
  const podContext = [...pod.specPath, 'securityContext'];
  if (pod.securityContext?.fsGroup === 0) {
    report({ path: [...podContext, 'fsGroup'], message: 'pod securityContext sets fsGroup: 0: every container gets group root as a supplemental group and volumes are made group-owned by root' });
  }
  asArray(pod.securityContext?.supplementalGroups).forEach((gid, index) => {
    if (gid === 0) report({ path: [...podContext, 'supplementalGroups', index], message: 'pod securityContext.supplementalGroups adds group root (GID 0) to every container' });
  });
}

export default defineCheck({
  id: 'root-group',
  title: 'Container runs with the root group',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'GID 0 (through runAsGroup, fsGroup or supplementalGroups) gives the container the access of group root: on the node that includes files and devices that are group-root readable or writable, which matters once a host path is mounted or the container escapes, even when the user is not root. A container that sets a non-root runAsUser but no runAsGroup is reported at low severity: containerd and CRI-O then take its primary group from the image\'s /etc/passwd, and use GID 0 when the UID is not listed there (a USER uid:gid in the image does not count, and fsGroup and supplementalGroups add groups without changing the primary one). Pods with hostUsers: false and Windows pods are exempt.',
  remediation:
    'Use a non-zero GID for securityContext.runAsGroup and fsGroup, set runAsGroup wherever runAsUser is set, and remove 0 from spec.securityContext.supplementalGroups.',
  references: [
    cis('5.2.7', 'Minimize the admission of root containers'),
    nsa('Pod security: "Non-root" containers and "rootless" container engines'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod) || usesUserNamespace(pod)) return;
    reportRunAsGroup(pod, report);
    reportUserWithoutGroup(pod, report);
    reportPodGroups(pod, report);
  },
});
