import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { effectiveSettingSources, isWindowsPod, usesUserNamespace } from '../../../k8s/security-context.js';
import { describeContainers } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'run-as-root-user',
  title: 'Container runs as the root user',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'runAsUser: 0 runs the container as root whatever its image declares. Root owns the container filesystem, passes most permission checks on mounted volumes and, with any added capability or kernel flaw, is the shortest path to the node. Pods with hostUsers: false are exempt, as their root maps to an unprivileged host user; Windows pods use windowsOptions instead.',
  remediation:
    'Set securityContext.runAsUser to a non-zero UID (on the pod or the container) together with runAsNonRoot: true, or use hostUsers: false if the workload really needs root inside the container.',
  references: [
    cis('5.2.7', 'Minimize the admission of root containers'),
    nsa('Pod security: "Non-root" containers and "rootless" container engines'),
    pss('restricted', 'Running as Non-root user'),
    mitre('T1611', 'Escape to Host'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod) || usesUserNamespace(pod)) return;
    for (const { setting, containers } of effectiveSettingSources(pod, pod.containers, 'runAsUser')) {
      if (setting.value !== 0) continue;
      const verb = containers.length > 1 ? 'run' : 'runs';
      const source = setting.from === 'pod' ? ' from the pod securityContext' : '';
      report({ path: setting.path, message: `${describeContainers(containers)} ${verb} as root (runAsUser: 0${source})` });
    }
  },
});
