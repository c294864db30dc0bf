import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { budgetSelector } from '../disruption-budgets.js';

export default defineCheck({
  id: 'pdb-missing-budget',
  title: 'PodDisruptionBudget sets neither minAvailable nor maxUnavailable',
  severity: 'medium',
  category: 'availability',
  target: 'pod-disruption-budget',
  admission: true,
  description:
    'Nothing defaults a budget that sets neither minAvailable nor maxUnavailable (in policy/v1 or policy/v1beta1), and the disruption controller then counts no expected pods (status.expectedPods 0) and allows no disruption. The Eviction API refuses every eviction of a ready pod the budget selects, so node drains, cluster upgrades and autoscaler scale-downs stall, although the budget looks as if it restricted nothing. A budget without a selector (or with an empty one in policy/v1beta1) selects no pods and blocks nothing, so it is not reported.',
  remediation:
    'Set exactly one of spec.maxUnavailable (for example 1) or spec.minAvailable (below the replica count), or delete the PodDisruptionBudget if the pods need none.',
  references: [
    k8sDocs('Specifying a Disruption Budget for your Application', 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/'),
    k8sDocs('Safely Drain a Node', 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/'),
  ],
  run({ object, report }) {
    const spec = asRecord(object.body.spec);
    // A null value is no value: the API server reads `minAvailable: null` as unset.
    const isSet = (value: unknown) => value !== undefined && value !== null;
    if (isSet(spec?.minAvailable) || isSet(spec?.maxUnavailable)) return;
    // The Eviction API consults only the budgets whose selector matches the pod: one that selects
    // nothing (no selector, or an empty one in policy/v1beta1) refuses no eviction.
    if (!budgetSelector(object)) return;
    report({
      path: ['spec', 'maxUnavailable'],
      message: `PodDisruptionBudget "${object.name}" sets neither minAvailable nor maxUnavailable, so the disruption controller expects no pods and allows 0 disruptions: every eviction of a ready pod it selects is refused and node drains hang; set maxUnavailable: 1 or a minAvailable below the replica count`,
    });
  },
});
