import { k8sDocs } from '../../../core/references.js';
import { isOwnedByWorkload } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'missing-priority-class',
  title: 'Workload sets no priorityClassName',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'Pods without a priority class get the cluster default priority (0 unless a global default PriorityClass exists), so under resource pressure an important service can be preempted, or left pending, in favour of less important pods. Off by default because many clusters rely on a single global default.',
  remediation:
    'Set spec.template.spec.priorityClassName (spec.priorityClassName for a Pod) to a PriorityClass that reflects how important the workload is.',
  references: [k8sDocs('Pod Priority and Preemption', 'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/')],
  run({ object, pod, report }) {
    const value = pod.spec.priorityClassName;
    if ((value !== undefined && value !== null && value !== '') || isOwnedByWorkload(object)) return;
    report({ path: [...pod.specPath, 'priorityClassName'], message: `${object.kind} "${object.name}" sets no priorityClassName, so its pods run at the cluster's default priority` });
  },
});
