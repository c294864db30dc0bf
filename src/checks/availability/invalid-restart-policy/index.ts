import { k8sDocs } from '../../../core/references.js';
import { isOwnedByWorkload } from '../../../k8s/controllers.js';
import type { PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

type Controller = PodView['workloadKind']['controller'];

const POLICIES = ['Always', 'OnFailure', 'Never'];

/** Policies the API server accepts in the pod template of each kind of controller. */
const ALLOWED: Readonly<Record<Controller, readonly string[]>> = {
  replicated: ['Always'],
  daemon: ['Always'],
  batch: ['OnFailure', 'Never'],
  none: POLICIES,
};

function problem(raw: unknown, allowed: readonly string[], kind: string): string | undefined {
  const rejected = `the API server rejects that for a ${kind}, whose pods must use ${allowed.join(' or ')}`;
  if (raw === undefined || raw === null) return allowed.includes('Always') ? undefined : `leaves restartPolicy unset, which defaults to Always; ${rejected}`;
  if (typeof raw !== 'string' || !POLICIES.includes(raw)) return `sets restartPolicy ${JSON.stringify(raw)}, which is not one of ${POLICIES.join(', ')}`;
  return allowed.includes(raw) ? undefined : `sets restartPolicy ${raw}; ${rejected}`;
}

export default defineCheck({
  id: 'invalid-restart-policy',
  title: 'Pod restartPolicy is invalid for its controller',
  severity: 'medium',
  category: 'availability',
  target: 'workload',
  admission: true,
  description:
    'The API server rejects a Job or CronJob whose pod template keeps the default restartPolicy Always, and a Deployment, StatefulSet, DaemonSet or ReplicaSet whose template uses OnFailure or Never; the manifest fails to apply and the workload never runs.',
  remediation:
    'Set restartPolicy: OnFailure or Never in the pod template of a Job or CronJob; remove restartPolicy (or set Always) in the template of a long-running controller.',
  references: [
    k8sDocs('Pod Lifecycle: container restart policy', 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy'),
    k8sDocs('Jobs: pod template', 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template'),
    k8sDocs('Deployments: pod template', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template'),
  ],
  run({ object, pod, report }) {
    if (isOwnedByWorkload(object)) return;
    const found = problem(pod.spec.restartPolicy, ALLOWED[pod.workloadKind.controller], object.kind);
    if (found) report({ path: [...pod.specPath, 'restartPolicy'], message: `${object.kind} "${object.name}" ${found}` });
  },
});
