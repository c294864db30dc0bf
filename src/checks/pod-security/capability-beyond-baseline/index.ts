import { z } from 'zod';
import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { isWindowsPod, capabilitySet } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { addedCapabilities, baselineAllowsCapability, pssControl } from '../pss.js';
import { DEFAULT_DANGEROUS_CAPABILITIES } from '../dangerous-capability/defaults.js';

export default defineCheck({
  id: 'capability-beyond-baseline',
  title: 'Container adds a capability the baseline Pod Security Standard forbids',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'The baseline Pod Security Standard lets containers add only the runtime default capabilities (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). Others, such as NET_RAW (packet forging and spoofing on the node network) or IPC_LOCK (pinning node memory), widen the kernel attack surface and make the pod fail admission under baseline. The capabilities on the dangerous list are left to dangerous-capability, so each added capability is reported by one rule only. Windows pods are exempt.',
  remediation:
    'Remove the capability from securityContext.capabilities.add, or keep it only for a workload that needs it and exempt that workload explicitly with a reason.',
  references: [
    cis('5.2.9', 'Minimize the admission of containers with capabilities assigned'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'Capabilities'),
    mitre('T1611', 'Escape to Host'),
  ],
  params: z.object({
    /** Capabilities reported by dangerous-capability instead: keep in step with its `capabilities` parameter. */
    dangerous: z.array(z.string()).default([...DEFAULT_DANGEROUS_CAPABILITIES]),
  }),
  run({ object, pod, params, report }) {
    // Capabilities are Linux-only: the API server rejects them on Windows pods (spec.os.name: windows).
    if (isWindowsPod(pod)) return;
    const dangerous = capabilitySet(params.dangerous);
    const failure = pssControl(object, pod, 'capabilities_baseline');
    for (const cap of addedCapabilities(object, pod, failure?.fields ?? [])) {
      // The tiers: dangerous-capability reports its list; a baseline capability in another
      // spelling (chown, CAP_CHOWN), which the runtime reads as the baseline one but the standard
      // does not, is left to capability-beyond-restricted, as every baseline capability is.
      if (dangerous.has(cap.name) || baselineAllowsCapability(cap.name)) continue;
      const shown = typeof cap.written === 'string' ? cap.name : `${JSON.stringify(cap.written)} (not a capability name)`;
      report({ path: cap.path, message: `${describeContainer(cap.container)} adds capability ${shown}, which the baseline Pod Security Standard does not allow` });
    }
  },
});
