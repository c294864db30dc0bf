import { formatPath, type Path } from '../../../core/path.js';
import { k8sDocs, nsa } from '../../../core/references.js';
import { asRecord, type JsonRecord, recordsWithIndex } from '../../../k8s/access.js';
import { isEmptySelector, parseLabelSelector } from '../../../k8s/selectors.js';
import { defineCheck } from '../../api.js';
import { danglingSelector, elsewhereHint, formatSelector } from '../shared.js';

/** A pod selector of the policy that refers to pods of the policy's own namespace. */
interface LocalSelector {
  readonly value: unknown;
  readonly path: Path;
  /** What selecting nothing means for this selector. */
  readonly consequence: string;
  /** Why pods of other namespaces do not count. */
  readonly scope: string;
}

/** spec.podSelector, and the podSelector of every ingress/egress peer that has no namespaceSelector. */
function localSelectors(spec: JsonRecord | undefined): LocalSelector[] {
  const selectors: LocalSelector[] = [];
  if (spec && spec.podSelector !== undefined && spec.podSelector !== null) {
    selectors.push({
      value: spec.podSelector,
      path: ['spec', 'podSelector'],
      consequence: 'the policy isolates no pod',
      scope: 'a NetworkPolicy only applies to pods of its own namespace',
    });
  }
  const directions = [
    ['ingress', 'from', 'this peer admits no traffic'],
    ['egress', 'to', 'this peer allows no traffic'],
  ] as const;
  for (const [direction, peers, consequence] of directions) {
    for (const { record: rule, index: i } of recordsWithIndex(spec?.[direction])) {
      for (const { record: peer, index: j } of recordsWithIndex(rule[peers])) {
        // With a namespaceSelector the peer selects pods of other namespaces, out of scope here.
        if (peer.podSelector === undefined || peer.podSelector === null) continue;
        if (peer.namespaceSelector !== undefined && peer.namespaceSelector !== null) continue;
        const path = ['spec', direction, i, peers, j, 'podSelector'];
        selectors.push({ value: peer.podSelector, path, consequence, scope: "a peer without namespaceSelector only selects pods of the policy's namespace" });
      }
    }
  }
  return selectors;
}

export default defineCheck({
  id: 'network-policy-selects-nothing',
  title: 'NetworkPolicy selector matches no pod',
  severity: 'low',
  category: 'network',
  target: 'network-policy',
  description:
    'A NetworkPolicy whose podSelector matches no pod protects nothing, usually because of a label typo or a wrong namespace, and the pods it was written for stay open; a peer podSelector that matches nothing silently makes its rule useless. The input can only speak for namespaces it holds workloads for, so the check stays silent for a namespace without any workload in the input (unless pods matching the selector run in another namespace, the classic wrong-namespace mistake), and when a custom resource in the namespace carries matching labels, as operators create pods from those. An empty podSelector selects every pod and is never reported.',
  remediation:
    'Fix the selector so it matches the labels of the pod template it is meant for (kubectl get pods -l <selector> -n <namespace> shows what it selects), or move the NetworkPolicy into the namespace of those pods; delete policies for workloads that no longer exist.',
  references: [
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('Network Policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'),
  ],
  run({ object, index, report }) {
    const namespace = index.namespaceOf(object);
    for (const { value, path, consequence, scope } of localSelectors(asRecord(object.body.spec))) {
      const selector = parseLabelSelector(value);
      const field = formatPath(path);
      if (!selector.valid) {
        report({ path, message: `${field} is not a valid label selector, so ${consequence} (the API server rejects it)` });
        continue;
      }
      if (isEmptySelector(selector)) continue;
      const dangling = danglingSelector(index, namespace, selector);
      if (!dangling) continue;
      report({
        path,
        message: `${field} (${formatSelector(selector)}) matches no workload in namespace "${namespace}", so ${consequence}${elsewhereHint(dangling, scope)}`,
      });
    }
  },
});
