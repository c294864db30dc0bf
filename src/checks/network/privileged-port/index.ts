import { z } from 'zod';
import { k8sDocs, pss } from '../../../core/references.js';
import { asArray, asNumber, asRecord, asString, recordsWithIndex } from '../../../k8s/access.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer, type PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

const UNPRIVILEGED_PORT_START = 'net.ipv4.ip_unprivileged_port_start';

/**
 * The first port a process may bind without NET_BIND_SERVICE, and where that limit comes from:
 * what the pod sets through the namespaced sysctl; else 0 when the nodes' runtime opens
 * unprivileged ports to pods off the host network (containerd 2.x by default); else 1024. A
 * host-network pod has the node's limit (and cannot set the sysctl).
 */
function unprivilegedPortStart(pod: PodView, runtimeOpensPorts: boolean): { start: number; source: 'host' | 'pod' | 'default' | 'runtime' } {
  if (pod.spec.hostNetwork === true) return { start: 1024, source: 'host' };
  const sysctl = asArray(pod.securityContext?.sysctls)
    .map((s) => asRecord(s))
    .find((s) => s?.name === UNPRIVILEGED_PORT_START);
  const value = asString(sysctl?.value)?.trim();
  if (value !== undefined && /^\d+$/.test(value)) return { start: Number(value), source: 'pod' };
  return runtimeOpensPorts ? { start: 0, source: 'runtime' } : { start: 1024, source: 'default' };
}

const WHY: Readonly<Record<'host' | 'pod' | 'default', (start: number) => string>> = {
  host: () => ' (a host-network pod has the node\'s limit, 1024 unless the node lowers it)',
  pod: (start) => ` (the pod's sysctl only frees ports from ${start})`,
  default: () =>
    ' (unless the container runtime lowers net.ipv4.ip_unprivileged_port_start: containerd 2.0 and later set it to 0 for pods off the host network by default; if the nodes do, set the rule parameter runtimeUnprivilegedPorts)',
};

export default defineCheck({
  id: 'privileged-port',
  title: 'Container listens on a privileged port (below 1024)',
  severity: 'low',
  category: 'network',
  target: 'workload',
  enabledByDefault: false,
  admission: true,
  description:
    'Binding a port below net.ipv4.ip_unprivileged_port_start (1024 unless lowered) requires root or the NET_BIND_SERVICE capability, so where that limit holds a container that declares such a port either runs with more privilege than it needs or fails to start once it runs as non-root with all capabilities dropped. Listening on a high port and mapping the Service port to it costs nothing. Ports at or above the pod\'s own net.ipv4.ip_unprivileged_port_start sysctl and Windows pods are not reported. Container runtimes may lower the limit: containerd 2.0 and later set it to 0 in every pod off the host network unless the pod sets it (CRI option enable_unprivileged_ports, on by default), and there a low port needs no privilege. Set the parameter runtimeUnprivilegedPorts when the nodes run such a runtime: only host-network pods, which keep the node\'s limit, are reported then. Off by default: many images still listen on port 80.',
  remediation:
    'Make the process listen on a port of 1024 or above (e.g. 8080 instead of 80) and keep the well-known port on the Service (port: 80, targetPort: 8080); or, if it cannot be changed, set the pod sysctl net.ipv4.ip_unprivileged_port_start.',
  references: [
    pss('restricted', 'Capabilities'),
    k8sDocs('Using sysctls in a Kubernetes Cluster', 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'),
  ],
  params: z.object({
    /** The nodes' container runtime sets net.ipv4.ip_unprivileged_port_start to 0 in pods off the host network (containerd 2.x by default). */
    runtimeUnprivilegedPorts: z.boolean().default(false),
  }),
  run({ pod, params, report }) {
    if (isWindowsPod(pod)) return;
    const { start, source } = unprivilegedPortStart(pod, params.runtimeUnprivilegedPorts);
    if (source === 'runtime') return;
    for (const c of pod.containers) {
      for (const { record, index } of recordsWithIndex(c.body.ports)) {
        const port = asNumber(record.containerPort);
        if (port === undefined || port < 1 || port >= start) continue;
        report({
          path: [...c.path, 'ports', index, 'containerPort'],
          message: `${describeContainer(c)} listens on privileged port ${port}, which needs root or NET_BIND_SERVICE${WHY[source](start)}`,
        });
      }
    }
  },
});
