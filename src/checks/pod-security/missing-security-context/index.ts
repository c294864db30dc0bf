import { cis, nsa } from '../../../core/references.js';
import type { JsonRecord } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

/** `securityContext: {}` (or one holding only nulls) configures nothing. */
function isEmpty(context: JsonRecord | undefined): boolean {
  return !context || Object.values(context).every((value) => value === null || value === undefined);
}

export default defineCheck({
  id: 'missing-security-context',
  title: 'Container has no security context',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'When neither the container nor its pod sets a securityContext, every setting is the permissive default: the image user (often root), privilege escalation allowed, a writable root filesystem and the runtime default capabilities. It usually means the workload was never hardened at all.',
  remediation:
    'Add a securityContext to the container (and/or the pod), typically with runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities.drop: [ALL] and seccompProfile.type: RuntimeDefault.',
  references: [cis('5.6.3', 'Apply SecurityContext to your Pods and Containers'), nsa('Pod security: Pod security enforcement')],
  run({ pod, report }) {
    if (!isEmpty(pod.securityContext)) return;
    for (const c of pod.containers) {
      if (isEmpty(c.securityContext)) {
        report({ path: [...c.path, 'securityContext'], message: `${describeContainer(c)} sets no securityContext (missing or empty), and neither does the pod` });
      }
    }
  },
});
