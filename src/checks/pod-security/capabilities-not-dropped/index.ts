import { cis, nsa, pss } from '../../../core/references.js';
import { droppedCapabilities, ignoredDropsNote } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerOf, pssControl } from '../pss.js';

export default defineCheck({
  id: 'capabilities-not-dropped',
  title: 'Container does not drop all capabilities',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Unless it drops ALL, a container keeps the runtime default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, ...), which let a root process ignore file permissions, switch users and forge packets. The restricted Pod Security Standard requires dropping ALL and adding back only what is needed. Only the word ALL (in any case) drops them all: containerd prefixes every other entry with CAP_, so CAP_ALL drops nothing. Windows pods are exempt.',
  remediation: 'Set securityContext.capabilities.drop: [ALL] on every container and add back only the capabilities it needs (usually none, or NET_BIND_SERVICE).',
  references: [
    cis('5.2.9', 'Minimize the admission of containers with capabilities assigned'),
    nsa('Pod security: Pod security enforcement'),
    pss('restricted', 'Capabilities'),
  ],
  run({ object, pod, report }) {
    // The engine exempts Windows pods (spec.os.name: windows), which cannot set capabilities.
    for (const path of pssControl(object, pod, 'capabilities_restricted')?.fields ?? []) {
      // The control's drop part; what a container adds is left to the capability-beyond-* rules.
      const c = path.at(-1) === 'drop' ? containerOf(pod, path) : undefined;
      if (!c) continue;
      // The standard wants "ALL" exactly; the runtimes read it in any case, and so does this rule.
      const { dropped, ignored } = droppedCapabilities(c);
      if (dropped.has('ALL')) continue;
      const detail = dropped.size > 0 ? `drops only ${[...dropped].join(', ')}` : 'drops no capability';
      report({ path, message: `${describeContainer(c)} does not drop ALL capabilities (it ${detail}${ignored.length > 0 ? `; ${ignoredDropsNote(ignored)}` : ''})` });
    }
  },
});
