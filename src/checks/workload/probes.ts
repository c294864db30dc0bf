import { asArray, asRecord, asString, type JsonRecord } from '../../k8s/access.js';
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

export type AnyProbeField = ProbeField | 'startupProbe';
export const PROBE_FIELDS: readonly AnyProbeField[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/**
 * Containers whose probes the kubelet runs: regular containers and sidecars (init containers with
 * restartPolicy Always). The API server refuses probes on other init containers and on ephemeral
 * containers.
 */
export function probedContainers(pod: PodView): ContainerView[] {
  return pod.containers.filter((c) => c.kind === 'container' || c.isSidecar);
}

/** The port numbers of the container's ports, by name: what a probe's named port resolves to (the container's own ports only). */
export function namedPorts(c: ContainerView): ReadonlyMap<string, unknown> {
  const names = new Map<string, unknown>();
  for (const port of asArray(c.body.ports)) {
    const record = asRecord(port);
    const name = asString(record?.name);
    if (name !== undefined && !names.has(name)) names.set(name, record?.containerPort);
  }
  return names;
}

/** Whether a port value is a port name (IntOrString of string type); a string of digits is no valid name and the API server refuses it. */
export function isPortName(port: unknown): port is string {
  return typeof port === 'string' && port !== '' && !/^\d+$/.test(port);
}

/** A probe's handler: which of exec, httpGet, tcpSocket and grpc it uses, and its settings. */
export function probeHandler(probe: JsonRecord): { readonly kind: (typeof HANDLERS)[number]; readonly action: JsonRecord } | undefined {
  for (const kind of HANDLERS) {
    const action = asRecord(probe[kind]);
    if (action) return { kind, action };
  }
  return undefined;
}
