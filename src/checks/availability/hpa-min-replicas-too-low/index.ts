import { z } from 'zod';
import { k8sDocs, mitre } from '../../../core/references.js';
import { hpaMinReplicas, scaleTargetOf } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'hpa-min-replicas-too-low',
  title: 'HorizontalPodAutoscaler may scale down to too few replicas',
  severity: 'low',
  category: 'availability',
  target: 'horizontal-pod-autoscaler',
  admission: true,
  description:
    'When load is low the autoscaler shrinks its target to minReplicas (1 when unset); with a single replica, every node drain, node failure or crash is an outage, and a sudden burst hits one pod until new replicas become ready.',
  remediation: 'Set spec.minReplicas to at least the configured minimum (2 by default).',
  references: [
    k8sDocs('Horizontal Pod Autoscaling', 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/'),
    mitre('T1499', 'Endpoint Denial of Service'),
  ],
  params: z.object({ minReplicas: z.number().int().min(1).default(2) }).strict(),
  run({ object, params, report }) {
    const min = hpaMinReplicas(object);
    // minReplicas 0 is scale-to-zero (the HPAScaleToZero feature), a deliberate choice.
    if (!min || min.count === 0 || min.count >= params.minReplicas) return;
    const target = scaleTargetOf(object);
    const what = target ? `${target.kind} "${target.name}"` : 'its target';
    const value = min.defaulted ? `minReplicas unset, defaults to ${min.count}` : `minReplicas: ${min.count}`;
    report({
      path: ['spec', 'minReplicas'],
      message: `HorizontalPodAutoscaler "${object.name}" may scale ${what} down to ${min.count} replica${min.count === 1 ? '' : 's'} (${value}); at least ${params.minReplicas} are needed to survive the loss of a pod or node`,
    });
  },
});
