import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { effectiveSetting, isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainers } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerOf, pssControl, valueAt } from '../pss.js';

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
  run({ object, pod, report }) {
    // Windows pods cannot set runAsUser (they use windowsOptions): exempt here, not in the standard.
    if (isWindowsPod(pod)) return;
    // The engine exempts pods in a user namespace (hostUsers: false).
    for (const path of pssControl(object, pod, 'runAsUser')?.fields ?? []) {
      // Admission reads a value of the wrong type as 0, but a quoted "0" is rejected by the API
      // server and runs nothing as root: only a written 0 is reported.
      if (valueAt(object, path) !== 0) continue;
      const c = containerOf(pod, path);
      const containers = c ? [c] : pod.containers.filter((other) => effectiveSetting(pod, other, 'runAsUser').from === 'pod');
      // A pod-level 0 that every container overrides runs nothing as root either (the standard forbids it all the same).
      if (containers.length === 0) continue;
      const verb = containers.length > 1 ? 'run' : 'runs';
      const source = c ? '' : ' from the pod securityContext';
      report({ path, message: `${describeContainers(containers)} ${verb} as root (runAsUser: 0${source})` });
    }
  },
});
