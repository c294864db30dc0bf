import { k8sDocs, pss } from '../../../core/references.js';
import { asArray, asNumber, asRecord, asString, recordsWithIndex } from '../../../k8s/access.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer, type PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

const UNPRIVILEGED_PORT_START = 'net.ipv4.ip_unprivileged_port_start';

/**
 * The first port a process may bind without NET_BIND_SERVICE: 1024, or what the pod sets through
 * the namespaced sysctl (which a host-network pod cannot set).
 */
function unprivilegedPortStart(pod: PodView): number {
  if (pod.spec.hostNetwork === true) return 1024;
  const sysctl = asArray(pod.securityContext?.sysctls)
    .map((s) => asRecord(s))
    .find((s) => s?.name === UNPRIVILEGED_PORT_START);
  const value = asString(sysctl?.value)?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 1024;
}

export default defineCheck({
  id: 'privileged-port',
  title: 'Container listens on a privileged port (below 1024)',
  severity: 'low',
  category: 'network',
  target: 'workload',
  enabledByDefault: false,
  admission: true,
  description:
    'Binding a port below 1024 requires root or the NET_BIND_SERVICE capability, so a container that declares one either runs with more privilege than it needs or fails to start once it runs as non-root with all capabilities dropped. Listening on a high port and mapping the Service port to it costs nothing. Ports at or above the pod\'s net.ipv4.ip_unprivileged_port_start sysctl and Windows pods are not reported. Off by default: many images still listen on port 80.',
  remediation:
    'Make the process listen on a port of 1024 or above (e.g. 8080 instead of 80) and keep the well-known port on the Service (port: 80, targetPort: 8080); or, if it cannot be changed, set the pod sysctl net.ipv4.ip_unprivileged_port_start.',
  references: [
    pss('restricted', 'Capabilities'),
    k8sDocs('Using sysctls in a Kubernetes Cluster', 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    const start = unprivilegedPortStart(pod);
    for (const c of pod.containers) {
      for (const { record, index } of recordsWithIndex(c.body.ports)) {
        const port = asNumber(record.containerPort);
        if (port === undefined || port < 1 || port >= start) continue;
        const limit = start === 1024 ? '' : ` (the pod's sysctl only frees ports from ${start})`;
        report({
          path: [...c.path, 'ports', index, 'containerPort'],
          message: `${describeContainer(c)} listens on privileged port ${port}, which needs root or NET_BIND_SERVICE${limit}`,
        });
      }
    }
  },
});
