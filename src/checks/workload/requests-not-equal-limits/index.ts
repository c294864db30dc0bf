import { z } from 'zod';
import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { describeContainer, type ContainerView, type PodView } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';
import { containersWithResources, limitRangeDefault, type LimitRangeDefault, podLevelResourcesHonoured, quantityValue, sameQuantity } from '../resources.js';

type QosResource = 'cpu' | 'memory';
const LABEL: Readonly<Record<QosResource, string>> = { cpu: 'CPU', memory: 'memory' };

const isSet = (value: unknown) => value !== undefined && value !== null;
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Why a request and a limit (as Kubernetes ends up with them) keep the pod out of the Guaranteed
 * class, or undefined when they are equal and not zero. An amount that is no quantity (which the
 * API server refuses, and schema-validation reports) is left alone.
 */
function mismatch(request: unknown, limit: unknown, label: string): { field: 'requests' | 'limits'; why: string } | undefined {
  const r = isSet(request) ? quantityValue(request) : 0;
  const l = isSet(limit) ? quantityValue(limit) : 0;
  if (r === undefined || l === undefined) return undefined;
  if (l !== 0 && sameQuantity(r, l)) return undefined;
  if (r === 0 && l === 0) return { field: 'limits', why: `sets neither a ${label} request nor a ${label} limit` };
  if (l === 0) return { field: 'limits', why: `requests ${show(request)} ${label} but sets no ${label} limit` };
  if (r === 0) return { field: 'requests', why: `sets its ${label} request to ${show(request)} with a limit of ${show(limit)}` };
  return { field: 'requests', why: `requests ${show(request)} ${label} but is limited to ${show(limit)}` };
}

/** The request and limit of `resource` a container runs with: a missing request defaults to the limit, then the LimitRange fills in what is still missing. */
function effective(c: ContainerView, resource: QosResource, defaults: LimitRangeDefault | undefined): { request: unknown; limit: unknown; note: string } {
  const resources = asRecord(c.body.resources);
  let request = asRecord(resources?.requests)?.[resource];
  let limit = asRecord(resources?.limits)?.[resource];
  const notes: string[] = [];
  if (!isSet(request) && isSet(limit)) request = limit;
  if (defaults && !isSet(limit) && isSet(defaults.limit)) {
    limit = defaults.limit;
    notes.push('limit');
  }
  if (defaults && !isSet(request) && isSet(defaults.request)) {
    request = defaults.request;
    notes.push('request');
  }
  return { request, limit, note: notes.length > 0 ? ` (its ${notes.join(' and ')} from LimitRange "${defaults!.from}")` : '' };
}

/** The pod-level request of `resource` a pod that sets pod-level limits ends up with (KEP-2837 defaulting): the containers' total, else the pod-level limit. */
function podLevelRequest(pod: PodView, resource: QosResource, limit: unknown): { value: unknown; note: string } {
  let total = 0;
  let any = false;
  let initMax = 0;
  for (const c of containersWithResources(pod)) {
    const resources = asRecord(c.body.resources);
    const value = asRecord(resources?.requests)?.[resource] ?? asRecord(resources?.limits)?.[resource];
    if (!isSet(value)) continue;
    const amount = quantityValue(value);
    if (amount === undefined) return { value: undefined, note: '' };
    any = true;
    if (c.kind === 'initContainer' && !c.isSidecar) initMax = Math.max(initMax, amount);
    else total += amount;
  }
  if (!any) return { value: limit, note: '' };
  const value = Math.max(total, initMax);
  return { value, note: ' (the containers\' total, which an unwritten pod-level request defaults to)' };
}

export default defineCheck({
  id: 'requests-not-equal-limits',
  title: 'Container requests differ from its limits (pod not in the Guaranteed QoS class)',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  params: z.object({
    resources: z.array(z.enum(['cpu', 'memory'])).min(1).default(['cpu', 'memory']),
  }),
  description:
    'A pod is in the Guaranteed QoS class only when every container (init containers included) has CPU and memory limits equal to its requests. Guaranteed pods are the last the kubelet evicts under node pressure, the last the kernel OOM-kills, and the only ones whose containers can get exclusive CPUs from the static CPU manager policy; a pod that may burst above its requests is evicted before them. Off by default: bursting is a deliberate choice for most workloads. Requests are taken as Kubernetes sets them: a missing request defaults to the limit, then a namespace LimitRange fills in what is still missing. From Kubernetes 1.34, a pod that sets pod-level resources (spec.resources) gets its class from them alone, so they are checked instead. The resources parameter narrows the check to CPU or memory.',
  remediation:
    'Set resources.limits equal to resources.requests for CPU and memory in every container (writing only the limits makes the requests equal), or set equal pod-level requests and limits in spec.resources.',
  references: [
    k8sDocs('Pod Quality of Service Classes', 'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/'),
    k8sDocs('Node-pressure Eviction', 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/'),
    k8sDocs('Control CPU Management Policies on the Node', 'https://kubernetes.io/docs/tasks/administer-cluster/cpu-management-policies/'),
  ],
  run({ object, pod, index, settings, params, report }) {
    const resources: readonly QosResource[] = params.resources;
    const podLevel = asRecord(pod.spec.resources);
    const podRequests = asRecord(podLevel?.requests);
    const podLimits = asRecord(podLevel?.limits);
    if (podLevelResourcesHonoured(settings.kubeVersion) && (Object.keys(podRequests ?? {}).length > 0 || Object.keys(podLimits ?? {}).length > 0)) {
      for (const resource of resources) {
        const limit = podLimits?.[resource];
        const written = podRequests?.[resource];
        const request = isSet(written) ? { value: written, note: '' } : isSet(limit) ? podLevelRequest(pod, resource, limit) : { value: undefined, note: '' };
        const problem = mismatch(request.value, limit, LABEL[resource]);
        if (!problem) continue;
        report({
          path: [...pod.specPath, 'resources', problem.field, resource],
          message: `the pod-level spec.resources ${problem.why}${request.note}, so the pod is not in the Guaranteed QoS class`,
        });
      }
      return;
    }
    const defaults = new Map(resources.map((r) => [r, limitRangeDefault(object, index, r)]));
    for (const c of containersWithResources(pod)) {
      for (const resource of resources) {
        const { request, limit, note } = effective(c, resource, defaults.get(resource));
        const problem = mismatch(request, limit, LABEL[resource]);
        if (!problem) continue;
        const r: Report = {
          path: [...c.path, 'resources', problem.field, resource],
          message: `${describeContainer(c)} ${problem.why}${note}, so the pod is not in the Guaranteed QoS class`,
        };
        report(r);
      }
    }
  },
});
