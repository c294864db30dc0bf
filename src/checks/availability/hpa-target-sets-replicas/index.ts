import { k8sDocs } from '../../../core/references.js';
import { asString, getIn } from '../../../k8s/access.js';
import { autoscalersOf, desiredReplicas, hpaMinReplicas, isOwnedByWorkload } from '../../../k8s/controllers.js';
import { isReadFromCluster, type K8sObject } from '../../../k8s/object.js';
import { defineCheck } from '../../api.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The spec.replicas that the last `kubectl apply` wrote, as its annotation records it. The API
 * server fills in spec.replicas on every live object, so only this annotation tells whether the
 * manifest behind it sets one.
 */
function lastAppliedReplicas(object: K8sObject): number | undefined {
  const text = asString(getIn(object.body, 'metadata', 'annotations', LAST_APPLIED));
  if (!text) return undefined;
  try {
    const replicas: unknown = getIn(JSON.parse(text), 'spec', 'replicas');
    return typeof replicas === 'number' && Number.isInteger(replicas) ? replicas : undefined;
  } catch {
    return undefined;
  }
}

export default defineCheck({
  id: 'hpa-target-sets-replicas',
  title: 'Workload scaled by a HorizontalPodAutoscaler also sets spec.replicas',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  description:
    'When a manifest sets spec.replicas on a workload that a HorizontalPodAutoscaler scales, every kubectl apply of it (and every sync of a GitOps tool that applies it) sets the replica count back to the written value, overriding the count the autoscaler chose: a deployment during a traffic peak can cut the workload to a fraction of the pods it needs until the autoscaler scales it up again.',
  remediation:
    'Remove spec.replicas from the manifest and let the autoscaler own the count (its minReplicas is the floor). For an object already applied with kubectl apply, remove the field from the manifest and apply it once more.',
  references: [
    k8sDocs('Horizontal Pod Autoscaling: Migrating Deployments and StatefulSets to horizontal autoscaling', 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling'),
  ],
  run({ object, pod, index, report }) {
    if (pod.workloadKind.controller !== 'replicated' || isOwnedByWorkload(object)) return;
    const autoscaler = autoscalersOf(index, object)[0];
    if (!autoscaler) return;
    const min = hpaMinReplicas(autoscaler)?.count ?? 1;
    const range = `minReplicas ${min}, maxReplicas ${String(getIn(autoscaler.body, 'spec', 'maxReplicas') ?? 'unset')}`;
    const scaledBy = `HorizontalPodAutoscaler "${autoscaler.name}" scales it (${range})`;
    if (isReadFromCluster(object)) {
      const applied = lastAppliedReplicas(object);
      if (applied === undefined || applied === 0) return;
      report({
        path: ['metadata', 'annotations', LAST_APPLIED],
        message: `${object.kind} "${object.name}" was last applied with spec.replicas: ${applied} although ${scaledBy}: applying that manifest again sets the count back to ${applied}, undoing the autoscaler's choice; remove spec.replicas from the manifest`,
      });
      return;
    }
    const replicas = desiredReplicas(object);
    // Replicas 0 parks the workload on purpose: the autoscaler disables itself for a target at zero.
    if (!replicas || replicas.defaulted || replicas.count === 0) return;
    report({
      path: ['spec', 'replicas'],
      message: `${object.kind} "${object.name}" sets spec.replicas: ${replicas.count} although ${scaledBy}: every apply of this manifest sets the count back to ${replicas.count}, undoing the autoscaler's choice until it scales again; remove spec.replicas`,
    });
  },
});
