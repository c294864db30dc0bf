import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { reportMissingResource } from '../resources.js';

export default defineCheck({
  id: 'cpu-requests-missing',
  title: 'Container has no CPU request',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    'The scheduler places pods by their requests. A container without a CPU request reserves no CPU, so it can be packed onto a busy node and is the first to be starved under contention. A request that defaults from a CPU limit or from a namespace LimitRange counts; a LimitRange fills in only requests that are not written, so a written 0 (or a limit of 0, which becomes the request) stays no request. From Kubernetes 1.34, a pod-level request or limit (spec.resources) counts too: the scheduler then reserves the pod-level request for the pod as a whole.',
  remediation: 'Set resources.requests.cpu to the CPU the container needs under normal load (for example 250m), give the namespace a LimitRange with a default request, or (from Kubernetes 1.34) set spec.resources.requests.cpu for the whole pod.',
  references: [
    nsa('Network separation and hardening: Resource policies'),
    mitre('T1499', 'Endpoint Denial of Service'),
    k8sDocs('Resource Management for Pods and Containers', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'cpu', 'requests');
  },
});
