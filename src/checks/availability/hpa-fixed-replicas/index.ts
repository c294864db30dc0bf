import { k8sDocs } from '../../../core/references.js';
import { asNumber, getIn } from '../../../k8s/access.js';
import { hpaMinReplicas, scaleTargetOf } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'hpa-fixed-replicas',
  title: 'HorizontalPodAutoscaler cannot scale (maxReplicas is not above minReplicas)',
  severity: 'low',
  category: 'availability',
  target: 'horizontal-pod-autoscaler',
  admission: true,
  description:
    'An autoscaler whose maxReplicas equals minReplicas (1 when unset) only pins its target at that count: it never adds a replica when load rises, so the workload is as exposed to a traffic peak as one without autoscaling, while the manifest suggests otherwise. A maxReplicas below minReplicas is rejected by the API server.',
  remediation:
    'Raise spec.maxReplicas above spec.minReplicas to the most replicas the workload may need, or delete the autoscaler and set spec.replicas on the workload if a fixed count is intended.',
  references: [k8sDocs('Horizontal Pod Autoscaling', 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/')],
  run({ object, report }) {
    const min = hpaMinReplicas(object);
    const max = asNumber(getIn(object.body, 'spec', 'maxReplicas'));
    // maxReplicas 0 or less, or a value that is not a count, is refused (schema validation reports it).
    if (!min || max === undefined || !Number.isInteger(max) || max < 1 || max > min.count) return;
    const target = scaleTargetOf(object);
    const what = target ? `${target.kind} "${target.name}"` : 'its target';
    const minText = min.defaulted ? `minReplicas unset, defaults to ${min.count}` : `minReplicas: ${min.count}`;
    const message =
      max === min.count
        ? `HorizontalPodAutoscaler "${object.name}" has maxReplicas: ${max} (${minText}), so it keeps ${what} at ${max} replica${max === 1 ? '' : 's'} whatever the load; raise maxReplicas or set a fixed replica count on the workload instead`
        : `HorizontalPodAutoscaler "${object.name}" has maxReplicas: ${max}, below ${minText}: the API server rejects it`;
    report({ path: ['spec', 'maxReplicas'], message });
  },
});
