import { cis, nsa } from '../../../core/references.js';
import { asArray } from '../../../k8s/access.js';
import { effectiveSettingSources, isWindowsPod, usesUserNamespace } from '../../../k8s/security-context.js';
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
    'GID 0 (through runAsGroup, fsGroup or supplementalGroups) gives the container the access of group root: on the node that includes files and devices that are group-root readable or writable, which matters once a host path is mounted or the container escapes, even when the user is not root. Pods with hostUsers: false and Windows pods are exempt.',
  remediation:
    'Use a non-zero GID for securityContext.runAsGroup and fsGroup, and remove 0 from spec.securityContext.supplementalGroups.',
  references: [
    cis('5.2.7', 'Minimize the admission of root containers'),
    nsa('Pod security: "Non-root" containers and "rootless" container engines'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod) || usesUserNamespace(pod)) return;
    reportRunAsGroup(pod, report);
    reportPodGroups(pod, report);
  },
});
