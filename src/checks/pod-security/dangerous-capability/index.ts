import { z } from 'zod';
import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { isWindowsPod, capabilitySet, normalizedCapabilities } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { CRITICAL_CAPABILITIES, DEFAULT_DANGEROUS_CAPABILITIES } from './defaults.js';

export default defineCheck({
  id: 'dangerous-capability',
  title: 'Container adds a dangerous capability',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN or BPF let a container load kernel code, mount host filesystems, inject into processes or rewire the network, the usual building blocks of a container escape; ALL, SYS_ADMIN and SYS_MODULE are reported as critical. Each added capability is reported by one rule only: this one for the capabilities on its list, capability-beyond-baseline for other capabilities outside the Pod Security Standards baseline set, capability-beyond-restricted for the baseline ones other than NET_BIND_SERVICE. Windows pods are exempt.',
  remediation:
    'Remove the capability from securityContext.capabilities.add. If the workload truly needs it, isolate it (dedicated nodes, no host namespaces) and exempt it explicitly with a reason.',
  references: [
    cis('5.2.9', 'Minimize the admission of containers with capabilities assigned'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'Capabilities'),
    mitre('T1611', 'Escape to Host'),
  ],
  params: z.object({
    /** Capabilities this rule reports when added (case-insensitive, CAP_ prefix optional). */
    capabilities: z.array(z.string()).default([...DEFAULT_DANGEROUS_CAPABILITIES]),
  }),
  run({ pod, params, report }) {
    if (isWindowsPod(pod)) return;
    const dangerous = capabilitySet(params.capabilities);
    for (const c of pod.containers) {
      for (const cap of normalizedCapabilities(c, 'add')) {
        if (!dangerous.has(cap.name)) continue;
        const severity = CRITICAL_CAPABILITIES.has(cap.name) ? 'critical' : undefined;
        report({ path: cap.path, message: `${describeContainer(c)} adds dangerous capability ${cap.name}`, ...(severity ? { severity } : {}) });
      }
    }
  },
});
