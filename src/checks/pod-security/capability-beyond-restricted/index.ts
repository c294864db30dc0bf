import { z } from 'zod';
import { cis, pss } from '../../../core/references.js';
import { PSS_BASELINE_CAPABILITIES, isWindowsPod, normalizeCapability, normalizedCapabilities } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { DEFAULT_DANGEROUS_CAPABILITIES } from '../dangerous-capability/defaults.js';

export default defineCheck({
  id: 'capability-beyond-restricted',
  title: 'Container adds a capability the restricted Pod Security Standard forbids',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'The restricted Pod Security Standard lets a container add back only NET_BIND_SERVICE after dropping ALL. Adding another capability of the runtime default set (CHOWN, DAC_OVERRIDE, SETUID, SETGID, KILL, ...) hands the process powers most applications never use, such as ignoring file permissions or switching users, and fails restricted admission. Capabilities outside the default set are reported by capability-beyond-baseline or dangerous-capability instead, so each added capability is reported by one rule only. Windows pods are exempt.',
  remediation:
    'Remove the capability from securityContext.capabilities.add; fix file ownership in the image or with fsGroup instead of CHOWN, FOWNER or DAC_OVERRIDE.',
  references: [cis('5.2.9', 'Minimize the admission of containers with capabilities assigned'), pss('restricted', 'Capabilities')],
  params: z.object({
    /** Capabilities reported by dangerous-capability instead: keep in step with its `capabilities` parameter. */
    dangerous: z.array(z.string()).default([...DEFAULT_DANGEROUS_CAPABILITIES]),
  }),
  run({ pod, params, report }) {
    if (isWindowsPod(pod)) return;
    const dangerous = new Set(params.dangerous.map(normalizeCapability));
    for (const c of pod.containers) {
      for (const cap of normalizedCapabilities(c, 'add')) {
        if (cap.name === 'NET_BIND_SERVICE' || !PSS_BASELINE_CAPABILITIES.has(cap.name) || dangerous.has(cap.name)) continue;
        report({ path: cap.path, message: `${describeContainer(c)} adds capability ${cap.name}, which the restricted Pod Security Standard does not allow (it allows only NET_BIND_SERVICE)` });
      }
    }
  },
});
