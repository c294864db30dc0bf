import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { reportMissingResource } from '../resources.js';

export default defineCheck({
  id: 'cpu-limits-missing',
  title: 'Container has no CPU limit',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'A container without a CPU limit can use all idle CPU on its node, so a runaway or compromised process slows every pod that needs more than its request. Off by default: CPU limits throttle a container even when the node is idle, and many teams deliberately rely on requests alone. A default limit from a namespace LimitRange counts for a container that writes no limit (a written 0 stays no limit). From Kubernetes 1.34, a pod-level limit (spec.resources.limits.cpu) counts too: the kubelet sets it on the pod cgroup, which caps all the pod\'s containers together.',
  remediation: 'Set resources.limits.cpu to the most CPU the container may use, give the namespace a LimitRange with a default limit, or (from Kubernetes 1.34) set spec.resources.limits.cpu for the whole pod.',
  references: [
    nsa('Network separation and hardening: Resource policies'),
    mitre('T1499', 'Endpoint Denial of Service'),
    k8sDocs('Resource Management for Pods and Containers', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'cpu', 'limits');
  },
});
