import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'cronjob-starting-deadline-missing',
  title: 'CronJob has no startingDeadlineSeconds',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'Without startingDeadlineSeconds the CronJob controller starts a missed run however late it is: after the controller or the control plane was down, after the CronJob is resumed from suspend, or once the previous run ends under concurrencyPolicy Forbid, a job meant for 02:00 may run at noon. More than 100 missed schedules only earn a TooManyMissedTimes warning (the controller still starts the latest). With a deadline, a run that cannot start in time is skipped and recorded as missed. Off by default: for many jobs (backups, cleanups) late is better than never.',
  remediation:
    'Set spec.startingDeadlineSeconds to how late a run may still start (for example 300); keep it at 10 or more, since the controller may not look at the CronJob more often.',
  references: [
    k8sDocs('CronJob: deadline for delayed Job start', 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#starting-deadline'),
    k8sDocs('CronJob limitations', 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#cron-job-limitations'),
  ],
  run({ object, pod, report }) {
    // The workload kind has vouched for the batch API group.
    if (pod.workloadKind.controller !== 'batch' || object.kind !== 'CronJob') return;
    const deadline = asRecord(object.body.spec)?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null) return;
    report({
      path: ['spec', 'startingDeadlineSeconds'],
      message: `CronJob "${object.name}" sets no spec.startingDeadlineSeconds, so a run that could not start on schedule starts however late the controller gets to it`,
    });
  },
});
