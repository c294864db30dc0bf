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
    'The scheduler places pods by their requests. A container without a CPU request reserves no CPU, so it can be packed onto a busy node and is the first to be starved under contention. A request that defaults from a CPU limit or from a namespace LimitRange counts.',
  remediation: 'Set resources.requests.cpu to the CPU the container needs under normal load (for example 250m), or give the namespace a LimitRange with a default request.',
  references: [
    nsa('Network separation and hardening: Resource policies'),
    mitre('T1499', 'Endpoint Denial of Service'),
    k8sDocs('Resource Management for Pods and Containers', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'cpu', 'requests');
  },
});
