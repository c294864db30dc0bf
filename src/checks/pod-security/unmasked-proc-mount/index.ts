import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerOf, pssControl, samePath, valueAt } from '../pss.js';

export default defineCheck({
  id: 'unmasked-proc-mount',
  title: 'Container unmasks /proc (procMount other than Default)',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'The runtime masks or makes read-only the /proc and /sys entries that leak host information or control the host kernel (kcore, sysrq-trigger, /proc/sys, ...). An Unmasked proc mount exposes them to the container. In a user namespace (spec.hostUsers: false) the impact is smaller, which the baseline level accepts since Kubernetes 1.35; the restricted level never does.',
  remediation: 'Remove securityContext.procMount or set it to Default.',
  references: [
    cis('5.6.3', 'Apply SecurityContext to your Pods and Containers'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', '/proc Mount Type'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Configure a Security Context for a Pod or Container', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
  ],
  run({ object, pod, report }) {
    // procMount is Linux-only: the API server rejects it on Windows pods (spec.os.name: windows).
    if (isWindowsPod(pod)) return;
    // The restricted control forbids any procMount but Default; the baseline one (from v1.35) lets
    // a pod in a user namespace (hostUsers: false) have it, which lowers the severity only.
    const baseline = pssControl(object, pod, 'procMount')?.fields ?? [];
    for (const path of pssControl(object, pod, 'procMount_restricted')?.fields ?? []) {
      const c = containerOf(pod, path);
      if (!c) continue;
      const value = valueAt(object, path);
      const message = `${describeContainer(c)} sets procMount ${typeof value === 'string' ? value : JSON.stringify(value)}`;
      if (!baseline.some((f) => samePath(f, path))) report({ path, severity: 'medium', message: `${message} (in a user namespace: hostUsers is false)` });
      else report({ path, message: `${message} outside a user namespace, exposing the /proc paths the runtime masks (the API server rejects this since Kubernetes 1.30)` });
    }
  },
});
