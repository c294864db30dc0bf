import { asRecord } from '../../k8s/access.js';
import { type ContainerView, describeContainer, type PodView } from '../../k8s/workloads.js';
import type { Report } from '../api.js';

export type ProbeField = 'readinessProbe' | 'livenessProbe';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/**
 * Containers that serve for the pod's lifetime: regular containers of pods that restart them.
 * Run-to-completion pods (Jobs, CronJobs, bare pods with restartPolicy Never or OnFailure) are
 * skipped; init containers and ephemeral containers cannot have these probes (sidecars may, but
 * are not required to).
 */
export function longRunningContainers(pod: PodView): ContainerView[] {
  if (pod.workloadKind.controller === 'batch') return [];
  const restartPolicy = pod.spec.restartPolicy;
  if (restartPolicy === 'Never' || restartPolicy === 'OnFailure') return [];
  return pod.containers.filter((c) => c.kind === 'container');
}

/** What is wrong with the container's probe, as a report, or undefined when it has a usable one. */
export function missingProbe(c: ContainerView, field: ProbeField, consequence: string): Report | undefined {
  const value = c.body[field];
  const probe = asRecord(value);
  if (probe && HANDLERS.some((h) => asRecord(probe[h]) !== undefined)) return undefined;
  const path = [...c.path, field];
  if (value === undefined || value === null) return { path, message: `${describeContainer(c)} has no ${field}, so ${consequence}` };
  return { path, message: `${describeContainer(c)} has a ${field} without a handler (exec, httpGet, tcpSocket or grpc), so ${consequence}` };
}
