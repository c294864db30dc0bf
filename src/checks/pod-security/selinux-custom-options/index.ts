import type { Path } from '../../../core/path.js';
import { cis, k8sDocs, mitre, nsa, pss } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';

/** SELinux process types the Pod Security Standards baseline allows, with the Kubernetes minor version that added each. */
const BASELINE_TYPES: ReadonlyMap<string, number> = new Map([
  ['container_t', 0],
  ['container_init_t', 0],
  ['container_kvm_t', 0],
  ['container_engine_t', 31],
]);

/** Types that SELinux policy leaves unconfined: as good as no SELinux at all. */
const UNCONFINED_TYPES: ReadonlySet<string> = new Set(['spc_t', 'unconfined_t']);

/** One seLinuxOptions value and who sets it, for messages. */
interface Options {
  readonly owner: string;
  readonly value: unknown;
  readonly path: Path;
}

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
  run({ pod, settings, report }) {
    if (isWindowsPod(pod)) return;
    const minor = kubeMinorVersion(settings.kubeVersion);
    const all: Options[] = [
      { owner: 'pod', value: pod.securityContext?.seLinuxOptions, path: [...pod.specPath, 'securityContext', 'seLinuxOptions'] },
      ...pod.containers.map((c) => ({ owner: describeContainer(c), value: c.securityContext?.seLinuxOptions, path: [...c.path, 'securityContext', 'seLinuxOptions'] })),
    ];
    for (const options of all) for (const problem of problemsOf(options, minor)) report(problem);
  },
});

function problemsOf({ owner, value, path }: Options, minor: number | undefined): Report[] {
  const options = asRecord(value);
  if (!options) return [];
  const problems: Report[] = [];
  const type = asString(options.type);
  if (type && !isBaselineType(type, minor)) {
    const report: Report = { path: [...path, 'type'], message: `${owner} sets SELinux type "${type}"${typeNote(type, minor)}` };
    problems.push(UNCONFINED_TYPES.has(type) ? { ...report, severity: 'high' } : report);
  }
  for (const field of ['user', 'role'] as const) {
    const name = asString(options[field]);
    if (name) problems.push({ path: [...path, field], message: `${owner} sets SELinux ${field} "${name}"` });
  }
  return problems;
}

function isBaselineType(type: string, minor: number | undefined): boolean {
  const since = BASELINE_TYPES.get(type);
  return since !== undefined && (minor === undefined || minor >= since);
}

function typeNote(type: string, minor: number | undefined): string {
  if (UNCONFINED_TYPES.has(type)) return ', an unconfined type that SELinux does not restrict';
  const since = BASELINE_TYPES.get(type);
  if (since !== undefined) return `, which the baseline allows only from Kubernetes 1.${since} (target 1.${minor})`;
  return ', outside the container types the baseline allows';
}
