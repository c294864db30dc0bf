import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { reportMissingResource } from '../resources.js';

export default defineCheck({
  id: 'ephemeral-storage-limits-missing',
  title: 'Container has no ephemeral-storage limit',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'A container without an ephemeral-storage limit can fill the node\'s disk with its writable layer, logs and emptyDir volumes; the node then comes under disk pressure and the kubelet evicts other pods. With a limit, the kubelet evicts only the pod that exceeds it. Off by default: few projects set it, and a cluster can cap usage by other means (a namespace LimitRange, emptyDir sizeLimit, log rotation). A default limit from a namespace LimitRange counts for a container that writes no limit (a written 0 stays no limit); unlike CPU and memory, ephemeral-storage cannot be limited for the whole pod (spec.resources).',
  remediation: 'Set resources.limits.ephemeral-storage to the most local disk the container may use (for example 2Gi), or give the namespace a LimitRange with a default ephemeral-storage limit.',
  references: [
    mitre('T1499', 'Endpoint Denial of Service'),
    k8sDocs('Local ephemeral storage', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage'),
    k8sDocs('Node-pressure Eviction', 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'ephemeral-storage', 'limits');
  },
});
