import { k8sDocs } from '../../../core/references.js';
import { otherInstallsNote } from '../../../k8s/nearest-copy.js';
import { describeReplicaRange, isOwnedByWorkload, replicaRange } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';
import { budgetsCovering } from '../disruption-budgets.js';

export default defineCheck({
  id: 'missing-pod-disruption-budget',
  title: 'Replicated workload has no PodDisruptionBudget',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  description:
    'Without a PodDisruptionBudget, voluntary disruptions such as node drains, cluster upgrades and autoscaler scale-downs may evict every replica at the same time, taking the application down although it runs several pods.',
  remediation:
    'Add a PodDisruptionBudget (policy/v1) in the same namespace whose spec.selector matches the pod template labels, with maxUnavailable: 1 or a minAvailable lower than the replica count.',
  references: [
    k8sDocs('Specifying a Disruption Budget for your Application', 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/'),
    k8sDocs('Disruptions: pod disruption budgets', 'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets'),
  ],
  run({ object, pod, index, report }) {
    if (pod.workloadKind.controller !== 'replicated' || isOwnedByWorkload(object)) return;
    const range = replicaRange(index, object);
    // A single replica gains nothing from a budget: any budget that protects it blocks drains.
    if (!range || range.max < 2) return;
    const namespace = index.namespaceOf(object);
    const budgets = budgetsCovering(index, namespace, pod.labels);
    if (budgets.some((pdb) => index.inInstallOf(object, pdb))) return;
    const none =
      budgets.length === 0
        ? `no PodDisruptionBudget in namespace "${namespace}" selects its pods`
        : `no PodDisruptionBudget of its install selects its pods (those that do are ${otherInstallsNote([...new Set(budgets.map((b) => b.source.file))])})`;
    report({
      path: ['spec', 'selector'],
      message: `${object.kind} "${object.name}" runs ${describeReplicaRange(range)} but ${none}, so a drain may evict them all at once`,
    });
  },
});
