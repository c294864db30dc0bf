/*
 * The workloads of the input as RBAC sees them: which ServiceAccount each runs as, and whether
 * its containers get that account's API token.
 */
import { asBoolean } from '../k8s/access.js';
import { derivedScopeIn } from '../k8s/derived.js';
import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { apiTokenPathTakenInEveryContainer, projectsApiToken } from '../k8s/api-token-mount.js';
import { podServiceAccount } from '../k8s/service-account.js';
import { type PodView, podAutomount, podViewOf } from '../k8s/workloads.js';

/**
 * Whether the pod's containers get an API token: the pod's automount setting, else the ServiceAccount's,
 * else yes, unless every container mounts something else at the token's path; or a projected token volume.
 */
export function mountsApiToken(pod: PodView, serviceAccount: K8sObject | undefined): boolean {
  const automount = podAutomount(pod) ?? asBoolean(serviceAccount?.body.automountServiceAccountToken) ?? true;
  return (automount && !apiTokenPathTakenInEveryContainer(pod)) || projectsApiToken(pod);
}

export interface WorkloadIdentity {
  readonly workload: K8sObject;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly mountsToken: boolean;
}

/** Every workload of the input with the account it runs as. */
export function workloadIdentities(index: ObjectIndex): WorkloadIdentity[] {
  return index.ofGroup('workload').flatMap((workload) => {
    const pod = podViewOf(workload);
    if (!pod) return [];
    // Not those a scanned controller created, except an older ReplicaSet still running pods, which may run them as another account.
    const scope = derivedScopeIn(workload, index);
    if (scope !== undefined && scope !== 'whole') return [];
    const namespace = index.namespaceOf(workload);
    const account = podServiceAccount(pod).name;
    return [{ workload, namespace, serviceAccount: account, mountsToken: mountsApiToken(pod, index.find('service-account', namespace, account, workload)) }];
  });
}
