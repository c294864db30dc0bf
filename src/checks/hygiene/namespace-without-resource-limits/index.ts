import { k8sDocs, nsa } from '../../../core/references.js';
import { defineCheck } from '../../api.js';

/** Namespaces Kubernetes creates for itself; kube-system's add-ons are sized by the platform. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export default defineCheck({
  id: 'namespace-without-resource-limits',
  title: 'Namespace has no LimitRange or ResourceQuota',
  severity: 'low',
  category: 'hygiene',
  target: 'namespace',
  enabledByDefault: false,
  description:
    "A ResourceQuota caps what all pods of a namespace may request and use together, and a LimitRange gives containers that set no requests or limits a default and bounds what one container may ask for. Without them, one runaway or compromised workload (a memory leak, a fork bomb, a cryptominer, a loop creating pods) can take the nodes' capacity from every other namespace. The check reports a Namespace of the scanned manifests with no LimitRange or no ResourceQuota of its own in the input; it needs the namespace's whole configuration in the input, and quotas are often managed by the platform team elsewhere, so it is off by default. kube-system, kube-public and kube-node-lease are not reported.",
  remediation:
    'Add a ResourceQuota with requests.cpu, requests.memory, limits.cpu and limits.memory (and a pod count) to the namespace, and a LimitRange with default and defaultRequest for containers, sized for the workloads it runs.',
  references: [
    nsa('Network separation and hardening: Resource policies'),
    k8sDocs('Resource Quotas', 'https://kubernetes.io/docs/concepts/policy/resource-quotas/'),
    k8sDocs('Limit Ranges', 'https://kubernetes.io/docs/concepts/policy/limit-range/'),
  ],
  run({ object, index, report }) {
    const namespace = object.name;
    if (SYSTEM_NAMESPACES.has(namespace)) return;
    const missing = [
      ...(index.ofGroupInNamespace('limit-range', namespace).length === 0 ? ['LimitRange'] : []),
      ...(index.ofGroupInNamespace('resource-quota', namespace).length === 0 ? ['ResourceQuota'] : []),
    ];
    if (missing.length === 0) return;
    const why =
      missing.length === 2
        ? 'so nothing caps what its pods use together nor gives containers default requests and limits'
        : missing[0] === 'ResourceQuota'
          ? 'so nothing caps what its pods request and use together'
          : 'so containers without requests or limits get no defaults and none is bounded';
    report({
      path: ['metadata', 'name'],
      message: `Namespace "${namespace}" has no ${missing.join(' and no ')} in the scanned manifests, ${why}: add ${missing.length === 2 ? 'them' : 'one'} to the namespace`,
    });
  },
});
