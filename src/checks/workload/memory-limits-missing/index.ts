import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { reportMissingResource } from '../resources.js';

export default defineCheck({
  id: 'memory-limits-missing',
  title: 'Container has no memory limit',
  severity: 'medium',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    'A container without a memory limit can grow until the node runs out of memory; the kernel OOM killer and kubelet evictions then hit other pods on the node too. A leak or a deliberate allocation in one compromised container becomes a denial of service for its neighbours. A default limit from a namespace LimitRange counts for a container that writes no limit (a written 0 stays no limit). From Kubernetes 1.34, a pod-level limit (spec.resources.limits.memory) counts too: the kubelet sets it on the pod cgroup, which caps all the pod\'s containers together.',
  remediation: 'Set resources.limits.memory (usually equal to the memory request), give the namespace a LimitRange with a default limit, or (from Kubernetes 1.34) set spec.resources.limits.memory for the whole pod.',
  references: [
    nsa('Network separation and hardening: Resource policies'),
    mitre('T1499', 'Endpoint Denial of Service'),
    k8sDocs('Resource Management for Pods and Containers', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'memory', 'limits');
  },
});
