import { z } from 'zod';
import { k8sDocs, mitre } from '../../../core/references.js';
import { autoscalersOf, desiredReplicas, isOwnedByWorkload } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'too-few-replicas',
  title: 'Replicated workload runs too few replicas',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  description:
    'With a single replica, every node drain, node failure, eviction or crash takes the application down until a replacement pod is scheduled and ready, and one overloaded pod is enough to deny service.',
  remediation:
    'Set spec.replicas to at least the configured minimum (2 by default), or let a HorizontalPodAutoscaler own the replica count with minReplicas at that minimum.',
  references: [
    k8sDocs('Deployments: replicas', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas'),
    k8sDocs('Disruptions: dealing with disruptions', 'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#dealing-with-disruptions'),
    mitre('T1499', 'Endpoint Denial of Service'),
  ],
  params: z.object({ minReplicas: z.number().int().min(1).default(2) }).strict(),
  run({ object, pod, index, params, report }) {
    if (pod.workloadKind.controller !== 'replicated' || isOwnedByWorkload(object)) return;
    // An autoscaler owns the replica count; hpa-min-replicas-too-low judges its minimum.
    if (autoscalersOf(index, object).length > 0) return;
    const replicas = desiredReplicas(object);
    // Zero replicas is a deliberate scale-down (a standby or disabled component), not a risk.
    if (!replicas || replicas.count === 0 || replicas.count >= params.minReplicas) return;
    const value = replicas.defaulted ? `spec.replicas unset, defaults to ${replicas.count}` : `spec.replicas: ${replicas.count}`;
    report({
      path: ['spec', 'replicas'],
      message: `${object.kind} "${object.name}" runs ${replicas.count} replica${replicas.count === 1 ? '' : 's'} (${value}); at least ${params.minReplicas} are needed to survive the loss of a pod or node`,
    });
  },
});
