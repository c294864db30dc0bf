import { k8sDocs } from '../../../core/references.js';
import { asString, getIn } from '../../../k8s/access.js';
import { autoscalersOf, desiredReplicas, hpaMinReplicas, isOwnedByWorkload } from '../../../k8s/controllers.js';
import { appliersOf } from '../../../k8s/managed-fields.js';
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

/**
 * Server-side apply (kubectl apply --server-side, GitOps tools) writes no last-applied annotation:
 * the managers whose applied configuration still owns spec.replicas are in managedFields. Once the
 * autoscaler changes the count the field is its own, so what is seen here is an applier that set
 * the count and has not been overruled since.
 */
function reportServerSideApplied(object: K8sObject, scaledBy: string, report: (r: { path: string[]; message: string }) => void): void {
  const managers = appliersOf(object, ['spec', 'replicas']);
  const live = getIn(object.body, 'spec', 'replicas');
  if (managers.length === 0 || live === 0) return;
  const by = managers.map((m) => `"${m}"`).join(', ');
  report({
    path: ['spec', 'replicas'],
    message: `${object.kind} "${object.name}" is server-side applied by ${by} with spec.replicas in its configuration (metadata.managedFields) although ${scaledBy}: once the autoscaler changes the count, the next apply of that configuration either fails on a conflict over spec.replicas or, applied with force (--force-conflicts), sets the count back; remove spec.replicas from the applied configuration`,
  });
}

export default defineCheck({
  id: 'hpa-target-sets-replicas',
  title: 'Workload scaled by a HorizontalPodAutoscaler also sets spec.replicas',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  description:
    'When a manifest sets spec.replicas on a workload that a HorizontalPodAutoscaler scales, every kubectl apply of it (and every sync of a GitOps tool that applies it) sets the replica count back to the written value, overriding the count the autoscaler chose: a deployment during a traffic peak can cut the workload to a fraction of the pods it needs until the autoscaler scales it up again. The API server fills in spec.replicas on every object it stores, so for an object read from a cluster the rule reads what was applied: the last-applied annotation of kubectl apply or, after a server-side apply, the applied configurations in metadata.managedFields (present in `kubectl get -o yaml --show-managed-fields` output; `--cluster` reads objects without them, as kubectl get shows them).',
  remediation:
    'Remove spec.replicas from the manifest and let the autoscaler own the count (its minReplicas is the floor). For an object already applied with kubectl apply, remove the field from the manifest and apply it once more; with server-side apply, removing it from the applied configuration releases the field.',
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
      if (applied === undefined) {
        reportServerSideApplied(object, scaledBy, report);
        return;
      }
      if (applied === 0) return;
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
