import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { isWindowsPod } from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { asArray, asRecord } from '../../../k8s/access.js';
import { containerOf, pssControl } from '../pss.js';

/**
 * Why allowPrivilegeEscalation: false holds a container back little. The kubelet passes it on as
 * no_new_privs whatever else the container asks for, and containerd and CRI-O both set it (CRI-O
 * logs that it "has no effect"); but a privileged container holds every capability and one adding
 * SYS_ADMIN the root-level powers (mounts, namespaces) that no_new_privs does not take away, which
 * is why the API reference says escalation is "true always" for them.
 */
function escalationOverride(c: ContainerView): string | undefined {
  // The API server's validation refuses false with privileged: true, and with `CAP_SYS_ADMIN`
  // (written so) in capabilities.add; it accepts every other spelling.
  if (c.securityContext?.privileged === true) {
    return 'it runs privileged (the API server rejects the combination): a privileged container holds every capability, which no_new_privs does not take away';
  }
  const written = asArray(asRecord(c.securityContext?.capabilities)?.add).filter((name): name is string => typeof name === 'string');
  const powers = 'root-level powers (mounts, namespaces) that no_new_privs does not take away';
  // ALL and SYS_ADMIN in any case are granted by containerd and CRI-O alike.
  if (written.some((name) => /^all$/i.test(name))) return `it adds ALL capabilities, SYS_ADMIN among them: the runtime still sets no_new_privs, but SYS_ADMIN gives ${powers}`;
  if (written.some((name) => /^sys_admin$/i.test(name))) return `it adds capability SYS_ADMIN: the runtime still sets no_new_privs, but SYS_ADMIN gives ${powers}`;
  // A cap_-prefixed spelling: containerd prefixes every entry again (CAP_CAP_SYS_ADMIN, which adds
  // nothing), CRI-O keeps a cap_ prefix and grants SYS_ADMIN. (CAP_ALL is granted by neither.)
  const prefixed = written.find((name) => /^cap_sys_admin$/i.test(name));
  if (prefixed === undefined) return undefined;
  const rejected = prefixed === 'CAP_SYS_ADMIN' ? ' (the API server rejects the combination)' : '';
  return `it adds capability ${prefixed}${rejected}, which CRI-O grants as SYS_ADMIN, with ${powers} (containerd prefixes it again and adds nothing)`;
}

export default defineCheck({
  id: 'privilege-escalation-allowed',
  title: 'Container allows privilege escalation',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Unless allowPrivilegeEscalation is false, the container process runs without no_new_privs, so a setuid or setcap binary (or a file capability) can give it more privileges than it started with, e.g. root from an unprivileged user. For privileged containers and those adding SYS_ADMIN the API reference counts escalation as always allowed: containerd and CRI-O still set no_new_privs, but such a container already holds the root-level powers it would withhold, so false there is reported as protecting little. Windows pods are exempt.',
  remediation:
    'Set securityContext.allowPrivilegeEscalation: false on every container (it cannot be set on the pod), and do not combine it with privileged: true or an added SYS_ADMIN capability.',
  references: [
    cis('5.2.6', 'Minimize the admission of containers with allowPrivilegeEscalation'),
    nsa('Pod security: Pod security enforcement'),
    pss('restricted', 'Privilege Escalation'),
    mitre('T1548.001', 'Abuse Elevation Control Mechanism: Setuid and Setgid'),
  ],
  run({ object, pod, report }) {
    // The engine exempts Windows pods (spec.os.name: windows), where the field does not exist.
    for (const path of pssControl(object, pod, 'allowPrivilegeEscalation')?.fields ?? []) {
      const c = containerOf(pod, path);
      if (!c) continue;
      const value = c.securityContext?.allowPrivilegeEscalation;
      const problem = value === undefined || value === null ? 'does not set allowPrivilegeEscalation, which defaults to true' : 'allows privilege escalation (allowPrivilegeEscalation: true)';
      report({ path, message: `${describeContainer(c)} ${problem}` });
    }
    // Beyond the Pod Security Standards: false protects little on a privileged container or one adding SYS_ADMIN.
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const override = c.securityContext?.allowPrivilegeEscalation === false ? escalationOverride(c) : undefined;
      if (override) {
        report({
          path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
          message: `${describeContainer(c)} sets allowPrivilegeEscalation: false, which protects little because ${override}`,
        });
      }
    }
  },
});
