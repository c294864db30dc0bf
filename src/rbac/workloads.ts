/*
 * The workloads of the input as RBAC sees them: which ServiceAccount each runs as, and whether
 * its containers get that account's API token.
 */
import { asArray, asBoolean, asRecord, asString } from '../k8s/access.js';
import { derivedScopeIn } from '../k8s/derived.js';
import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { podServiceAccount } from '../k8s/service-account.js';
import { podVolumes } from '../k8s/volumes.js';
import { type PodView, podAutomount, podViewOf } from '../k8s/workloads.js';

/** A projected token volume the API server accepts: no audience (the API server's) or the in-cluster API name. */
function projectsApiToken(pod: PodView): boolean {
  return podVolumes(pod).some((volume) =>
    asArray(asRecord(volume.body.projected)?.sources).some((source) => {
      const token = asRecord(asRecord(source)?.serviceAccountToken);
      const audience = asString(token?.audience);
      return token !== undefined && (!audience || audience.includes('kubernetes.default.svc'));
    }),
  );
}

/** Whether the pod's containers get an API token: the pod's automount setting, else the ServiceAccount's, else yes. */
export function mountsApiToken(pod: PodView, serviceAccount: K8sObject | undefined): boolean {
  const automount = podAutomount(pod) ?? asBoolean(serviceAccount?.body.automountServiceAccountToken) ?? true;
  return automount || projectsApiToken(pod);
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
