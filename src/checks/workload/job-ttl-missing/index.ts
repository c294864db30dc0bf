import { k8sDocs } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import { isOwnedByWorkload } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

/** Hook annotations whose delete policy removes the Job once it has run (Helm, Argo CD). */
const HOOK_DELETE_POLICIES = ['helm.sh/hook-delete-policy', 'argocd.argoproj.io/hook-delete-policy'];

export default defineCheck({
  id: 'job-ttl-missing',
  title: 'Job has no ttlSecondsAfterFinished',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'Kubernetes never deletes a finished Job by itself unless ttlSecondsAfterFinished is set: the Job and its completed or failed pods stay in the API server until someone removes them, and a Job applied again with a changed template is refused, since the template of an existing Job cannot change. A Job that a CronJob creates is cleaned up by the CronJob\'s successfulJobsHistoryLimit and failedJobsHistoryLimit and is not reported, nor is a Helm or Argo CD hook whose delete policy removes it. Off by default: a GitOps tool that applies a plain Job recreates (and reruns) it once the TTL controller deletes it.',
  remediation:
    'Set spec.ttlSecondsAfterFinished on the Job (for example 86400 to keep it a day for its logs), or run it as a hook with a delete policy.',
  references: [
    k8sDocs('Automatic Cleanup for Finished Jobs', 'https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/'),
    k8sDocs('CronJob: jobs history limits', 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#jobs-history-limits'),
  ],
  run({ object, pod, report }) {
    // The workload kind has vouched for the batch API group; a CronJob's jobTemplate is left to its history limits.
    if (pod.workloadKind.controller !== 'batch' || object.kind !== 'Job' || isOwnedByWorkload(object)) return;
    const ttl = asRecord(object.body.spec)?.ttlSecondsAfterFinished;
    if (ttl !== undefined && ttl !== null) return;
    if (HOOK_DELETE_POLICIES.some((key) => /\b(hook-succeeded|HookSucceeded)\b/.test(asString(object.annotations[key]) ?? ''))) return;
    report({
      path: ['spec', 'ttlSecondsAfterFinished'],
      message: `Job "${object.name}" sets no spec.ttlSecondsAfterFinished, so it and its pods stay in the cluster after it finishes until someone deletes them`,
    });
  },
});
