import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord } from '../../../k8s/access.js';
import { isOwnedByWorkload } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

/** Whether a nodeAffinity holds a term the scheduler applies: a required node selector term or a preferred one. */
function hasNodeAffinityTerms(nodeAffinity: Record<string, unknown>): boolean {
  const required = asRecord(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
  return asArray(required?.nodeSelectorTerms).length > 0 || asArray(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).length > 0;
}

export default defineCheck({
  id: 'missing-node-affinity',
  title: 'Workload does not constrain the nodes it runs on',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'Without a nodeSelector or node affinity, the scheduler may place the pods on any node that tolerates them: a workload meant for a dedicated node pool (sensitive data kept apart from untrusted workloads, GPU or high-memory nodes, a zone) lands wherever there is room, and an untrusted one lands beside sensitive ones. A nodeSelector with at least one label, or a nodeAffinity with a required node selector term or a preferred term, counts; an empty nodeAffinity constrains nothing. Off by default: where every node is alike, not choosing is fine.',
  remediation:
    'Set spec.template.spec.nodeSelector (spec.nodeSelector for a Pod) to the labels of the nodes meant for the workload, or spec.affinity.nodeAffinity with requiredDuringSchedulingIgnoredDuringExecution node selector terms (or preferred terms where any node may do).',
  references: [k8sDocs('Assigning Pods to Nodes', 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/')],
  run({ object, pod, report }) {
    if (isOwnedByWorkload(object)) return;
    if (Object.keys(asRecord(pod.spec.nodeSelector) ?? {}).length > 0) return;
    const nodeAffinity = asRecord(asRecord(pod.spec.affinity)?.nodeAffinity);
    if (nodeAffinity && hasNodeAffinityTerms(nodeAffinity)) return;
    const what = nodeAffinity ? 'sets an empty nodeAffinity and no nodeSelector' : 'sets neither a nodeSelector nor a nodeAffinity';
    report({
      path: [...pod.specPath, 'affinity', 'nodeAffinity'],
      message: `${object.kind} "${object.name}" ${what}, so its pods may run on any node that has room for them`,
    });
  },
});
