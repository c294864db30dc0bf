import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { isWindowsPod, normalizedCapabilities } from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { asArray, asRecord } from '../../../k8s/access.js';
import { containerOf, pssControl } from '../pss.js';

/** Why no_new_privs is off even though the container asks for it: the kubelet always allows escalation for these. */
function escalationOverride(c: ContainerView): string | undefined {
  // The API server's validation refuses false with privileged: true, and with `CAP_SYS_ADMIN`
  // (written so) in capabilities.add.
  const invalid = 'the API server rejects the combination, and it could not work anyway';
  if (c.securityContext?.privileged === true) return `it runs privileged (${invalid}: a privileged container can always escalate)`;
  const added = normalizedCapabilities(c, 'add').find((cap) => cap.name === 'SYS_ADMIN' || cap.name === 'ALL');
  if (!added) return undefined;
  const written = asArray(asRecord(c.securityContext?.capabilities)?.add);
  return written.includes('CAP_SYS_ADMIN') ? `it adds capability CAP_SYS_ADMIN (${invalid})` : `it adds capability ${added.name}`;
}

export default defineCheck({
  id: 'privilege-escalation-allowed',
  title: 'Container allows privilege escalation',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Unless allowPrivilegeEscalation is false, the container process runs without no_new_privs, so a setuid or setcap binary (or a file capability) can give it more privileges than it started with, e.g. root from an unprivileged user. Escalation is always allowed for privileged containers and those adding CAP_SYS_ADMIN. Windows pods are exempt.',
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
    // Beyond the Pod Security Standards: false has no effect on a privileged container or one adding SYS_ADMIN.
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const override = c.securityContext?.allowPrivilegeEscalation === false ? escalationOverride(c) : undefined;
      if (override) {
        report({
          path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
          message: `${describeContainer(c)} sets allowPrivilegeEscalation: false, which has no effect because ${override}`,
        });
      }
    }
  },
});
