import { k8sDocs } from '../../../core/references.js';
import { getIn } from '../../../k8s/access.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { defineCheck } from '../../api.js';

/**
 * The first Kubernetes minor version that honours spec.unhealthyPodEvictionPolicy by default (the
 * PDBUnhealthyPodEvictionPolicy feature: alpha and off in 1.26, beta and on in 1.27, GA in 1.31).
 */
const POLICY_SINCE = 27;

export default defineCheck({
  id: 'pdb-unhealthy-eviction-policy-unset',
  title: 'PodDisruptionBudget lets unhealthy pods block evictions',
  severity: 'low',
  category: 'availability',
  target: 'pod-disruption-budget',
  admission: true,
  enabledByDefault: false,
  description:
    'A budget without unhealthyPodEvictionPolicy uses IfHealthyBudget: a running pod that is not ready may be evicted only while the budget is met. When the application is already short of healthy pods (a crash loop, a bad rollout, pods that never become ready), its broken pods can then not be evicted either, and node drains and cluster upgrades stall on pods that serve nothing. AlwaysAllow lets those pods go while still protecting the healthy ones.',
  remediation:
    'Set spec.unhealthyPodEvictionPolicy: AlwaysAllow (Kubernetes 1.27 or later), or IfHealthyBudget explicitly for a workload that must not lose a not-ready pod, such as a quorum store that is still catching up.',
  references: [
    k8sDocs('Specifying a Disruption Budget for your Application: Unhealthy Pod Eviction Policy', 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy'),
    k8sDocs('Safely Drain a Node', 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/'),
  ],
  run({ object, settings, report }) {
    // policy/v1beta1 was no longer served when the field arrived (1.25 and 1.26).
    if (object.apiVersion !== 'policy/v1') return;
    const minor = kubeMinorVersion(settings.kubeVersion);
    if (minor !== undefined && minor < POLICY_SINCE) return;
    const policy = getIn(object.body, 'spec', 'unhealthyPodEvictionPolicy');
    if (policy !== undefined && policy !== null) return;
    report({
      path: ['spec', 'unhealthyPodEvictionPolicy'],
      message: `PodDisruptionBudget "${object.name}" does not set unhealthyPodEvictionPolicy, so it defaults to IfHealthyBudget: while the budget is not met, its running but not-ready pods cannot be evicted either and node drains wait on them; set unhealthyPodEvictionPolicy: AlwaysAllow`,
    });
  },
});
