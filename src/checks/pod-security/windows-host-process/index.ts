import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerOf, pssControl } from '../pss.js';

export default defineCheck({
  id: 'windows-host-process',
  title: 'Windows HostProcess container runs directly on the node',
  severity: 'critical',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "A Windows HostProcess container is not isolated at all: it runs as a process on the node, with the node's network and filesystem, and can run as SYSTEM, so it controls the node and every container on it, much like a privileged Linux container.",
  remediation:
    'Remove securityContext.windowsOptions.hostProcess at pod and container level (or set it to false). Keep HostProcess pods for node agents, in namespaces reserved for them.',
  references: [
    cis('5.2.10', 'Minimize the admission of Windows HostProcess containers'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'HostProcess'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Create a Windows HostProcess Pod', 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/'),
  ],
  run({ object, pod, report }) {
    for (const path of pssControl(object, pod, 'windowsHostProcess')?.fields ?? []) {
      const c = containerOf(pod, path);
      // The pod-level value applies to every container, so it is reported once, where it is set.
      if (!c) {
        report({ path, message: 'pod runs all its containers as Windows HostProcess containers (securityContext.windowsOptions.hostProcess: true)' });
      } else {
        report({ path, message: `${describeContainer(c)} runs as a Windows HostProcess container (securityContext.windowsOptions.hostProcess: true)` });
      }
    }
  },
});
