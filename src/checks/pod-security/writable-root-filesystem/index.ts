import { cis, nsa } from '../../../core/references.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

function problem(c: ContainerView): string | undefined {
  const value = c.securityContext?.readOnlyRootFilesystem;
  if (value === true) return undefined;
  if (value === undefined || value === null) return 'does not set readOnlyRootFilesystem: true, so its root filesystem is writable';
  return `has a writable root filesystem (readOnlyRootFilesystem: ${JSON.stringify(value)})`;
}

export default defineCheck({
  id: 'writable-root-filesystem',
  title: 'Container root filesystem is writable',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'A writable root filesystem lets an intruder download tools, drop binaries or tamper with the application and its configuration inside the running container, and such changes leave no trace in the image. Windows pods are exempt (the field is Linux-only).',
  remediation:
    'Set securityContext.readOnlyRootFilesystem: true on the container (it has no pod-level equivalent) and mount an emptyDir volume on each path the application writes to, such as /tmp.',
  references: [
    cis('5.6.3', 'Apply SecurityContext to your Pods and Containers'),
    nsa('Pod security: Immutable container file systems'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const message = problem(c);
      if (message) report({ path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'], message: `${describeContainer(c)} ${message}` });
    }
  },
});
