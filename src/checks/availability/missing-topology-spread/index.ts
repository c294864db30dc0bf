import { k8sDocs } from '../../../core/references.js';
import { recordsWithIndex } from '../../../k8s/access.js';
import { describeReplicaRange, isOwnedByWorkload, replicaRange } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'missing-topology-spread',
  title: 'Replicated workload sets no topology spread constraints',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  enabledByDefault: false,
  description:
    'Without topologySpreadConstraints, replicas are spread only by the cluster-wide scheduler defaults, which are soft and may be disabled, so a zone or node outage can take out most replicas at once. Off by default because many clusters configure default constraints in the scheduler.',
  remediation:
    'Add spec.template.spec.topologySpreadConstraints with topologyKey: topology.kubernetes.io/zone and/or kubernetes.io/hostname, maxSkew: 1 and a labelSelector matching the pod template labels.',
  references: [
    k8sDocs('Pod Topology Spread Constraints', 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/'),
    k8sDocs('Pod Topology Spread Constraints: cluster-level default constraints', 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#cluster-level-default-constraints'),
  ],
  run({ object, pod, index, report }) {
    if (pod.workloadKind.controller !== 'replicated' || isOwnedByWorkload(object)) return;
    if (recordsWithIndex(pod.spec.topologySpreadConstraints).length > 0) return;
    const range = replicaRange(index, object);
    if (!range || range.max < 2) return;
    report({
      path: [...pod.specPath, 'topologySpreadConstraints'],
      message: `${object.kind} "${object.name}" runs ${describeReplicaRange(range)} without topologySpreadConstraints, so its spread across nodes and zones is left to scheduler defaults`,
    });
  },
});
