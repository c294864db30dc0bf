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
    'The scheduler places pods by their requests. A container without a memory request reserves no memory, so nodes get overcommitted and, under memory pressure, the kubelet evicts the pods that use more than they requested first. A request that defaults from a memory limit or from a namespace LimitRange counts; a LimitRange fills in only requests that are not written, so a written 0 (or a limit of 0, which becomes the request) stays no request. From Kubernetes 1.34, a pod-level request or limit (spec.resources) counts too: the scheduler then reserves the pod-level request for the pod as a whole.',
  remediation: 'Set resources.requests.memory to the memory the container needs under normal load (for example 256Mi), give the namespace a LimitRange with a default request, or (from Kubernetes 1.34) set spec.resources.requests.memory for the whole pod.',
  references: [
    nsa('Network separation and hardening: Resource policies'),
    mitre('T1499', 'Endpoint Denial of Service'),
    k8sDocs('Resource Management for Pods and Containers', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'memory', 'requests');
  },
});
