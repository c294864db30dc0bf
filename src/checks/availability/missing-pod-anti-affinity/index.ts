import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord, asString, getIn, type JsonRecord, recordsWithIndex } from '../../../k8s/access.js';
import { describeReplicaRange, isOwnedByWorkload, replicaRange } from '../../../k8s/controllers.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { matchesSelector, parseLabelSelector } from '../../../k8s/selectors.js';
import type { PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

const HOSTNAME = 'kubernetes.io/hostname';

type Labels = Readonly<Record<string, string>>;

/** Labels of a namespace as a namespaceSelector sees them; the API server adds the name label. */
function namespaceLabels(index: ObjectIndex, namespace: string): Labels {
  const declared = index.find('namespace', '', namespace)?.labels ?? {};
  return { ...declared, 'kubernetes.io/metadata.name': namespace };
}

/** Whether a PodAffinityTerm looks at pods of `namespace`: its own by default, else the listed or selected ones. */
function termCoversNamespace(term: JsonRecord, namespace: string, index: ObjectIndex): boolean {
  const names = asArray(term.namespaces).filter((n): n is string => typeof n === 'string');
  const namespaceSelector = asRecord(term.namespaceSelector);
  if (names.length === 0 && !namespaceSelector) return true;
  if (names.includes(namespace)) return true;
  return namespaceSelector !== undefined && matchesSelector(parseLabelSelector(namespaceSelector), namespaceLabels(index, namespace));
}

/** Labels the controller adds to every pod it creates, with the same value on all replicas of a revision. */
const CONTROLLER_LABELS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['pod-template-hash'],
  StatefulSet: ['controller-revision-hash'],
};

/**
 * Whether a term's labelSelector picks the workload's own pods; mismatchLabelKeys exclude pods sharing
 * those values, the template's labels or those the controller (`kind`) adds.
 */
function termSelectsOwnPods(term: JsonRecord, labels: Labels, kind: string): boolean {
  if (!asRecord(term.labelSelector)) return false;
  const added = (Object.hasOwn(CONTROLLER_LABELS, kind) ? CONTROLLER_LABELS[kind] : undefined) ?? [];
  const excluded = asArray(term.mismatchLabelKeys).some((key) => typeof key === 'string' && (Object.hasOwn(labels, key) || added.includes(key)));
  return !excluded && matchesSelector(parseLabelSelector(term.labelSelector), labels);
}

function antiAffinityTerms(pod: PodView): Array<{ term: JsonRecord; required: boolean }> {
  const antiAffinity = getIn(pod.spec, 'affinity', 'podAntiAffinity');
  const required = recordsWithIndex(getIn(antiAffinity, 'requiredDuringSchedulingIgnoredDuringExecution'));
  const preferred = recordsWithIndex(getIn(antiAffinity, 'preferredDuringSchedulingIgnoredDuringExecution'));
  return [
    ...required.map(({ record }) => ({ term: record, required: true })),
    ...preferred.flatMap(({ record }) => {
      const term = asRecord(record.podAffinityTerm);
      return term ? [{ term, required: false }] : [];
    }),
  ];
}

/**
 * How the workload's own anti-affinity keeps replicas on distinct nodes: `true` for a term on
 * kubernetes.io/hostname, which the kubelet sets on every node; else the key of a required term on
 * another node label (zone, rack, ...), which separates nodes only where each carries the label:
 * the scheduler skips a required term on a node without its topology key.
 */
function hostAntiAffinity(pod: PodView, kind: string, namespace: string, index: ObjectIndex): true | string | undefined {
  let otherKey: string | undefined;
  for (const { term, required } of antiAffinityTerms(pod)) {
    const key = asString(term.topologyKey);
    if (key === undefined || key === '' || (key !== HOSTNAME && !required)) continue;
    if (!termSelectsOwnPods(term, pod.labels, kind) || !termCoversNamespace(term, namespace, index)) continue;
    if (key === HOSTNAME) return true;
    otherKey ??= key;
  }
  return otherKey;
}

function hasHostSpread(pod: PodView, kind: string): boolean {
  return recordsWithIndex(pod.spec.topologySpreadConstraints).some(
    ({ record }) => record.topologyKey === HOSTNAME && termSelectsOwnPods(record, pod.labels, kind),
  );
}

export default defineCheck({
  id: 'missing-pod-anti-affinity',
  title: 'Replicas may all be scheduled on the same node',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  description:
    'Without pod anti-affinity or a topology spread constraint on kubernetes.io/hostname, the scheduler may place several or all replicas on one node, so a single node failure or drain takes the whole application down despite its replica count. A required anti-affinity term on another node label (topology.kubernetes.io/zone, a rack label) keeps replicas on distinct nodes only if every node carries that label, as the scheduler skips the term on nodes without it; such a workload is reported at info severity.',
  remediation:
    'Add spec.affinity.podAntiAffinity (preferredDuringSchedulingIgnoredDuringExecution is usually enough) with topologyKey: kubernetes.io/hostname and a labelSelector matching the pod template labels, or a topologySpreadConstraint on kubernetes.io/hostname selecting the same pods.',
  references: [
    k8sDocs('Assigning Pods to Nodes: inter-pod affinity and anti-affinity', 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity'),
    k8sDocs('Pod Topology Spread Constraints', 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/'),
  ],
  run({ object, pod, index, report }) {
    if (pod.workloadKind.controller !== 'replicated' || isOwnedByWorkload(object)) return;
    const range = replicaRange(index, object);
    if (!range || range.max < 2) return;
    const antiAffinity = hostAntiAffinity(pod, object.kind, index.namespaceOf(object), index);
    if (antiAffinity === true || hasHostSpread(pod, object.kind)) return;
    if (antiAffinity !== undefined) {
      report({
        path: [...pod.specPath, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'],
        severity: 'info',
        message: `${object.kind} "${object.name}" runs ${describeReplicaRange(range)} kept apart by a required pod anti-affinity on ${antiAffinity}, which assumes every node carries ${antiAffinity}: the scheduler ignores the term on nodes without that label, so replicas may share one; add a term on ${HOSTNAME}, which every node has`,
      });
      return;
    }
    report({
      path: [...pod.specPath, 'affinity', 'podAntiAffinity'],
      message: `${object.kind} "${object.name}" runs ${describeReplicaRange(range)} with no pod anti-affinity or topology spread on ${HOSTNAME} that selects its own pods, so they may all land on one node`,
    });
  },
});
