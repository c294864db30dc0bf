import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { longRunningContainers, missingProbe } from '../probes.js';

export default defineCheck({
  id: 'readiness-probe-missing',
  title: 'Container has no readiness probe',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    'Without a readiness probe a container counts as ready as soon as it starts: Services send it traffic before it can answer, rolling updates move on before the new version works, and an overloaded or broken instance keeps receiving requests. Jobs, CronJobs and other run-to-completion pods are not checked.',
  remediation: 'Add a readinessProbe (httpGet, tcpSocket, grpc or exec) that succeeds only when the container can serve requests.',
  references: [
    k8sDocs('Configure Liveness, Readiness and Startup Probes', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'),
  ],
  run({ pod, report }) {
    for (const c of longRunningContainers(pod)) {
      const problem = missingProbe(c, 'readinessProbe', 'it counts as ready (and gets traffic) as soon as it starts');
      if (problem) report(problem);
    }
  },
});
