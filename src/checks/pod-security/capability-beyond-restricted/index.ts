import { z } from 'zod';
import { cis, pss } from '../../../core/references.js';
import { capabilitySet } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { addedCapabilities, baselineAllowsCapability, pssControl } from '../pss.js';
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
  run({ object, pod, params, report }) {
    // The engine exempts Windows pods (spec.os.name: windows), which cannot set capabilities.
    const dangerous = capabilitySet(params.dangerous);
    const failure = pssControl(object, pod, 'capabilities_restricted');
    for (const cap of addedCapabilities(object, pod, failure?.fields ?? [])) {
      // The tiers: the capabilities outside the baseline set are capability-beyond-baseline's or
      // dangerous-capability's. NET_BIND_SERVICE is allowed as written so only: admission matches
      // names exactly (and containerd prefixes cap_net_bind_service with CAP_ again).
      if (cap.written === 'NET_BIND_SERVICE' || dangerous.has(cap.name) || !baselineAllowsCapability(cap.name)) continue;
      const spelling = cap.written === cap.name ? '' : `; written "${String(cap.written)}", which Pod Security admission rejects even at baseline as it matches names exactly`;
      const verdict = cap.name === 'NET_BIND_SERVICE' ? 'allows only as written' : 'does not allow (it allows only NET_BIND_SERVICE)';
      report({ path: cap.path, message: `${describeContainer(cap.container)} adds capability ${cap.name}, which the restricted Pod Security Standard ${verdict}${spelling}` });
    }
  },
});
