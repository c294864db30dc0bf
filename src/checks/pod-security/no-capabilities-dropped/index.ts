import { cis } from '../../../core/references.js';
import { droppedCapabilities, ignoredDropsNote, isWindowsPod } from '../../../k8s/security-context.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'no-capabilities-dropped',
  title: 'Container drops no capability at all',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'A container with an empty or missing capabilities.drop keeps every capability the runtime grants by default. This is a weaker form of capabilities-not-dropped (which also fires here), off by default, for policies that score "drops something" separately. Windows pods are exempt.',
  remediation: 'Set securityContext.capabilities.drop: [ALL], or at least drop the default capabilities the container does not need.',
  references: [cis('5.2.9', 'Minimize the admission of containers with capabilities assigned')],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const { dropped, ignored } = droppedCapabilities(c);
      if (dropped.size === 0) {
        const why = ignored.length === 0 ? 'securityContext.capabilities.drop lists none' : ignoredDropsNote(ignored);
        report({ path: [...c.path, 'securityContext', 'capabilities', 'drop'], message: `${describeContainer(c)} drops no capability (${why})` });
      }
    }
  },
});
