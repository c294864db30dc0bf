import type { Path } from '../../../core/path.js';
import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import type { K8sObject } from '../../../k8s/object.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';
import { containerOf, pssAllowedSince, pssControl, valueAt } from '../pss.js';

/** Types that SELinux policy leaves unconfined: as good as no SELinux at all. */
const UNCONFINED_TYPES: ReadonlySet<string> = new Set(['spc_t', 'unconfined_t']);

export default defineCheck({
  id: 'selinux-custom-options',
  title: 'Custom SELinux type, user or role',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'On SELinux hosts the runtime confines each container to the container_t type with its own category level. Choosing another type (spc_t runs unconfined, others grant host access) or an SELinux user or role can lift that confinement and let the process touch host files and devices.',
  remediation:
    'Remove seLinuxOptions.type, .user and .role (setting only .level is fine), or use one of the container types the baseline allows: container_t, container_init_t, container_kvm_t, container_engine_t.',
  references: [
    cis('5.6.3', 'Apply SecurityContext to your Pods and Containers'),
    nsa('Pod security: Hardening container environments'),
    pss('baseline', 'SELinux'),
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Assign SELinux labels to a Container', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container'),
  ],
  run({ object, pod, settings, report }) {
    // SELinux is Linux-only: the API server rejects seLinuxOptions on Windows pods (spec.os.name: windows).
    if (isWindowsPod(pod)) return;
    // The allowed types grow with Kubernetes versions: judge at the target version when one is given.
    const minor = kubeMinorVersion(settings.kubeVersion);
    for (const path of pssControl(object, pod, 'seLinuxOptions', minor ?? 'latest')?.fields ?? []) report(problemAt(object, pod, path, minor));
  },
});

/** A forbidden seLinuxOptions field the engine found: its type, user or role. */
function problemAt(object: K8sObject, pod: PodView, path: Path, minor: number | undefined): Report {
  const c = containerOf(pod, path);
  const owner = c ? describeContainer(c) : 'pod';
  const field = String(path.at(-1));
  const value = String(valueAt(object, path));
  if (field !== 'type') return { path, message: `${owner} sets SELinux ${field} "${value}"` };
  const report: Report = { path, message: `${owner} sets SELinux type "${value}"${typeNote(value, minor)}` };
  return UNCONFINED_TYPES.has(value) ? { ...report, severity: 'high' } : report;
}

function typeNote(type: string, minor: number | undefined): string {
  if (UNCONFINED_TYPES.has(type)) return ', an unconfined type that SELinux does not restrict';
  const since = pssAllowedSince('seLinuxOptions', { spec: { securityContext: { seLinuxOptions: { type } } } });
  if (since !== undefined) return `, which the baseline allows only from Kubernetes 1.${since} (target 1.${String(minor)})`;
  return ', outside the container types the baseline allows';
}
