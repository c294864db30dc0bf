import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { reportMissingResource } from '../resources.js';

export default defineCheck({
  id: 'memory-requests-missing',
  title: 'Container has no memory request',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    'The scheduler places pods by their requests. A container without a memory request reserves no memory, so nodes get overcommitted and, under memory pressure, the kubelet evicts the pods that use more than they requested first. A request that defaults from a memory limit or from a namespace LimitRange counts.',
  remediation: 'Set resources.requests.memory to the memory the container needs under normal load (for example 256Mi), or give the namespace a LimitRange with a default request.',
  references: [
    nsa('Network separation and hardening: Resource policies'),
    mitre('T1499', 'Endpoint Denial of Service'),
    k8sDocs('Resource Management for Pods and Containers', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'memory', 'requests');
  },
});
