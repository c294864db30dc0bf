import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { longRunningContainers, missingProbe } from '../probes.js';

export default defineCheck({
  id: 'liveness-probe-missing',
  title: 'Container has no liveness probe',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'Without a liveness probe the kubelet restarts a container only when its process exits, so a deadlocked or hung process stays in place until someone notices. Off by default: a container whose process exits on failure needs no liveness probe, and a badly chosen one causes restart storms. Jobs, CronJobs and other run-to-completion pods are not checked.',
  remediation:
    'Add a livenessProbe that fails only when the process cannot recover by itself (not when a dependency is down), with a startupProbe or initialDelaySeconds that covers slow starts.',
  references: [
    k8sDocs('Configure Liveness, Readiness and Startup Probes', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'),
  ],
  run({ pod, report }) {
    for (const c of longRunningContainers(pod)) {
      const problem = missingProbe(c, 'livenessProbe', 'a hung process is never restarted');
      if (problem) report(problem);
    }
  },
});
