import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { asString, recordsWithIndex } from '../../../k8s/access.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { defineCheck } from '../../api.js';

/**
 * The sysctls the Pod Security Standards baseline (and the kubelet's default allow list) treat as
 * safe, with the Kubernetes minor version that added each.
 */
const SAFE_SYSCTLS: ReadonlyMap<string, number> = new Map([
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37],
  ['net.ipv4.tcp_notsent_lowat', 37],
]);

export default defineCheck({
  id: 'unsafe-sysctls',
  title: 'Pod sets a sysctl outside the safe set',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Only a small set of namespaced sysctls is isolated from the node and other pods. Any other sysctl can change kernel behavior for the whole node, exhaust kernel memory or switch off protections; the kubelet rejects such pods unless an administrator allowed the sysctl on that node.',
  remediation:
    'Remove the sysctl from spec.securityContext.sysctls, or tune it on the nodes instead (node configuration or a dedicated, privileged tuning DaemonSet on isolated nodes).',
  references: [
    cis('5.6.3', 'Apply SecurityContext to your Pods and Containers'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'Sysctls'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Using sysctls in a Kubernetes Cluster', 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'),
  ],
  run({ pod, settings, report }) {
    if (isWindowsPod(pod)) return;
    const minor = kubeMinorVersion(settings.kubeVersion);
    const sysctlsPath = [...pod.specPath, 'securityContext', 'sysctls'];
    for (const { record, index } of recordsWithIndex(pod.securityContext?.sysctls)) {
      const name = asString(record.name);
      if (!name || isSafe(name, minor)) continue;
      const path = [...sysctlsPath, index, 'name'];
      const dotted = dottedName(name);
      if (dotted !== name && isSafe(dotted, minor)) {
        // The kubelet accepts the slash form, but Pod Security admission matches the exact name.
        report({ path, severity: 'low', message: `pod sets sysctl ${name} in slash form, which Pod Security admission does not match to the safe ${dotted}` });
        continue;
      }
      const since = SAFE_SYSCTLS.get(name);
      const why = since === undefined ? 'which is not in the safe set' : `which is safe only from Kubernetes 1.${since} (target 1.${minor})`;
      report({ path, message: `pod sets sysctl ${name}, ${why}` });
    }
  },
});

function isSafe(name: string, minor: number | undefined): boolean {
  const since = SAFE_SYSCTLS.get(name);
  return since !== undefined && (minor === undefined || minor >= since);
}

/** `net/ipv4/tcp_syncookies` → `net.ipv4.tcp_syncookies`, as the kubelet reads a name whose first separator is a slash. */
function dottedName(name: string): string {
  const first = name.search(/[./]/);
  if (first === -1 || name[first] === '.') return name;
  return name.replace(/[./]/g, (sep) => (sep === '/' ? '.' : '/'));
}
