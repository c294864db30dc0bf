import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { defineCheck } from '../../api.js';
import { pssAllowedSince, pssControl, valueAt } from '../pss.js';

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
  run({ object, pod, settings, report }) {
    // sysctls are Linux-only: the API server rejects them on Windows pods (spec.os.name: windows).
    if (isWindowsPod(pod)) return;
    // The safe set grows with Kubernetes versions: judge at the target version when one is given.
    const minor = kubeMinorVersion(settings.kubeVersion);
    for (const path of pssControl(object, pod, 'sysctls', minor ?? 'latest')?.fields ?? []) {
      const name = valueAt(object, path);
      if (typeof name !== 'string' || name === '') {
        report({ path, message: `pod sets a sysctl without a name (entry ${String(path.at(-2))} of securityContext.sysctls)` });
        continue;
      }
      const since = allowedSince(name);
      const dotted = dottedName(name);
      const dottedSince = dotted === name ? undefined : allowedSince(dotted);
      if (dottedSince !== undefined && (minor === undefined || minor >= dottedSince)) {
        // The kubelet accepts the slash form, but Pod Security admission matches the exact name.
        report({ path, severity: 'low', message: `pod sets sysctl ${name} in slash form, which Pod Security admission does not match to the safe ${dotted}` });
        continue;
      }
      const why = since === undefined ? 'which is not in the safe set' : `which is safe only from Kubernetes 1.${since} (target 1.${String(minor)})`;
      report({ path, message: `pod sets sysctl ${name}, ${why}` });
    }
  },
});

/** The first Kubernetes minor whose baseline allows the sysctl, undefined if none does. */
function allowedSince(name: string): number | undefined {
  return pssAllowedSince('sysctls', { spec: { securityContext: { sysctls: [{ name }] } } });
}

/** `net/ipv4/tcp_syncookies` → `net.ipv4.tcp_syncookies`, as the kubelet reads a name whose first separator is a slash. */
function dottedName(name: string): string {
  const first = name.search(/[./]/);
  if (first === -1 || name[first] === '.') return name;
  return name.replace(/[./]/g, (sep) => (sep === '/' ? '.' : '/'));
}
