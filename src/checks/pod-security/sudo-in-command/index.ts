import { k8sDocs, mitre } from '../../../core/references.js';
import { asArray } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

// sudo as a command word: the whole argument, a path ending in /sudo, or a word of a shell script
// (`sh -c "apt-get update && sudo -u app ./run"`), but not sudoers, pseudo, visudo or --no-sudo.
const SUDO_WORD = /(?:^|[\s;&|(`'"{])(?:[^\s;&|()`'"{}]*\/)?sudo(?=$|[\s;&|)`'"}])/;

export default defineCheck({
  id: 'sudo-in-command',
  title: 'Container command runs sudo',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "A container whose command or args run sudo expects to gain root inside the container at run time: the image ships a setuid-root sudo binary and a sudoers policy, and the container must allow privilege escalation (the no_new_privs flag that allowPrivilegeEscalation: false sets makes the setuid bit ineffective, so sudo fails). Whoever takes over the process can use the same path to become root, which turns any container escape or host mount into a root one; and the real privileges of the workload are hidden from whoever reads runAsUser. The rule looks for sudo as a command word in command and args, including inside shell scripts passed with sh -c; it cannot see an image's own ENTRYPOINT or scripts inside the image.",
  remediation:
    'Do the privileged steps at image build time, or in an init container that runs as root with only the capabilities it needs; run the main process directly as the user it needs (securityContext.runAsUser), remove sudo from the image, and set allowPrivilegeEscalation: false.',
  references: [
    k8sDocs('Configure a Security Context for a Pod or Container', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
    mitre('T1548.003', 'Abuse Elevation Control Mechanism: Sudo and Sudo Caching'),
  ],
  run({ pod, report }) {
    for (const c of pod.containers) {
      const hit = (['command', 'args'] as const)
        .flatMap((field) => asArray(c.body[field]).map((value, index) => ({ field, index, value })))
        .find(({ value }) => typeof value === 'string' && SUDO_WORD.test(value));
      if (!hit) continue;
      report({
        path: [...c.path, hit.field, hit.index],
        message: `${describeContainer(c)} runs sudo in its ${hit.field} (${JSON.stringify(String(hit.value).slice(0, 80))}), so it expects to become root at run time: do the privileged work at build time or in an init container, run as the needed user, and set allowPrivilegeEscalation: false`,
      });
    }
  },
});
