import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { describeReplicaRange, isOwnedByWorkload, replicaRange } from '../../../k8s/controllers.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { workloadKindOf } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { type BudgetValue, budgetSelector, budgetValue, scaledBudget } from '../disruption-budgets.js';

const BLOCKS = 'so no pod it selects can ever be evicted and node drains hang';
const BLOCKS_AT_MINIMUM = 'so whenever the autoscaler scales down to minReplicas no pod it selects can be evicted and node drains hang';

/** The fewest pods the budget's workloads run, or undefined when some count is unknowable. */
interface SelectedPods {
  readonly count: number;
  readonly scaled: boolean;
  readonly workloads: readonly string[];
}

function selectedPods(index: ObjectIndex, pdb: K8sObject): SelectedPods | undefined {
  const selector = budgetSelector(pdb);
  if (!selector) return undefined;
  // Objects a controller created (a dump's ReplicaSets and Pods) are counted through their owner.
  const workloads = index.workloadsSelectedBy(index.namespaceOf(pdb), selector, pdb).filter((w) => !isOwnedByWorkload(w));
  if (workloads.length === 0) return undefined;
  let count = 0;
  let scaled = false;
  const described: string[] = [];
  for (const workload of workloads) {
    // DaemonSet, Job and bare pods have no replica count to compare with.
    const range = workloadKindOf(workload)?.controller === 'replicated' ? replicaRange(index, workload) : undefined;
    if (!range) return undefined;
    count += range.min;
    scaled ||= range.autoscaler !== undefined;
    described.push(`${workload.kind} "${workload.name}": ${describeReplicaRange(range)}`);
  }
  return { count, scaled, workloads: described };
}

function minAvailableProblem(index: ObjectIndex, pdb: K8sObject, minAvailable: BudgetValue): string | undefined {
  if (minAvailable.percent && minAvailable.value >= 100) return `sets minAvailable ${minAvailable.text}, ${BLOCKS}`;
  const pods = selectedPods(index, pdb);
  // With no pods at all there is nothing to evict; a scaled-to-zero workload is deliberate.
  if (!pods || pods.count === 0) return undefined;
  const required = scaledBudget(minAvailable, pods.count);
  if (required < pods.count) return undefined;
  const podCount = `${pods.count} pod${pods.count === 1 ? '' : 's'}`;
  const selected = `${podCount} (${pods.workloads.join('; ')})`;
  // An autoscaled workload runs that few pods only while its autoscaler is at minReplicas.
  const blocks = pods.scaled ? BLOCKS_AT_MINIMUM : BLOCKS;
  if (minAvailable.percent) {
    const of = pods.scaled ? `${podCount} at minReplicas (${pods.workloads.join('; ')})` : selected;
    return `requires minAvailable ${minAvailable.text}, which rounds up to ${required} of its ${of}, ${blocks}`;
  }
  return `requires minAvailable ${minAvailable.text} but selects ${pods.scaled ? 'as few as ' : 'only '}${selected}, ${blocks}`;
}

export default defineCheck({
  id: 'pdb-blocks-eviction',
  title: 'PodDisruptionBudget allows no voluntary eviction',
  severity: 'medium',
  category: 'availability',
  target: 'pod-disruption-budget',
  description:
    'A budget that never allows a disruption (maxUnavailable 0, minAvailable 100%, or a minAvailable at least as large as the number of pods it selects, counting an autoscaled workload at its autoscaler\'s minReplicas) makes the Eviction API refuse every request, so node drains, cluster upgrades and autoscaler scale-downs stall until an administrator intervenes, which delays node patching.',
  remediation:
    'Allow at least one disruption: set maxUnavailable: 1 (or a percentage above 0), or a minAvailable below the replica count (below the autoscaler\'s minReplicas for an autoscaled workload), and run enough replicas that the budget can be met while one pod is evicted.',
  references: [
    k8sDocs('Specifying a Disruption Budget for your Application', 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/'),
    k8sDocs('Safely Drain a Node', 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/'),
  ],
  run({ object, index, report }) {
    const spec = asRecord(object.body.spec);
    const maxUnavailable = budgetValue(spec?.maxUnavailable);
    if (maxUnavailable?.value === 0) {
      report({ path: ['spec', 'maxUnavailable'], message: `PodDisruptionBudget "${object.name}" sets maxUnavailable ${maxUnavailable.text}, ${BLOCKS}` });
    }
    const minAvailable = budgetValue(spec?.minAvailable);
    const problem = minAvailable && minAvailableProblem(index, object, minAvailable);
    if (problem) report({ path: ['spec', 'minAvailable'], message: `PodDisruptionBudget "${object.name}" ${problem}` });
  },
});
