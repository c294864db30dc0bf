import { asNumber, asString, getIn, recordsWithIndex } from '../../k8s/access.js';
import { scannedControllerOf } from '../../k8s/controllers.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { type PodView, podViewOf } from '../../k8s/workloads.js';
import { labelsKey } from '../engine/classes.js';
import { isProtocol, type Protocol } from '../ports/conn-set.js';

/** A port a container declares. */
export interface ContainerPort {
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: Protocol;
}

/** The pods of one workload that share labels and ports (pods of one owner may differ). */
export interface PodVariant {
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ContainerPort[];
  /** The Pod objects of this variant (for pods grouped by their owner), or the workload itself. */
  readonly objects: readonly K8sObject[];
}

/** Something that runs pods: a workload with a pod template, a standalone Pod, or the owner of pods in a dump. */
export interface WorkloadSource {
  readonly namespace: string;
  readonly name: string;
  /** Deployment, StatefulSet, ..., Pod, or the kind an ownerReference names. */
  readonly kind: string;
  /** The object that declares it (the first Pod when pods are grouped by an owner missing from the input). */
  readonly object: K8sObject;
  readonly hostNetwork: boolean;
  readonly variants: readonly PodVariant[];
}

/** Kinds whose pods Kubernetes runs; PodTemplate only describes pods. */
/**
 * Whether the object's pods count here. A PodTemplate runs none; a SandboxTemplate's pods run
 * behind the NetworkPolicy the agent-sandbox controller makes for it (agent-sandbox-egress-unrestricted
 * judges that), not the cluster's policies alone.
 */
function runsPods(object: K8sObject): boolean {
  return object.kind !== 'PodTemplate' && object.kind !== 'SandboxTemplate';
}

/**
 * The ports pods expose for named-port resolution: those of the regular containers and of sidecars
 * (init containers with restartPolicy Always), which run for the pod's lifetime.
 */
export function containerPorts(pod: PodView): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.containers) {
    if (c.kind !== 'container' && !c.isSidecar) continue;
    for (const { record } of recordsWithIndex(c.body.ports)) {
      const port = asNumber(record.containerPort);
      const protocol = record.protocol === undefined || record.protocol === null ? 'TCP' : record.protocol;
      if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535 || !isProtocol(protocol)) continue;
      out.push({ name: asString(record.name) || undefined, port, protocol });
    }
  }
  return out;
}

/**
 * The controller owner named by a Pod's ownerReferences (Nodes own static pods and do not count).
 * A reference without a kind is still an owner; its pods are reported as kind Pod.
 */
function controllerOwner(object: K8sObject): { kind: string; name: string } | undefined {
  for (const { record } of recordsWithIndex(getIn(object.body, 'metadata', 'ownerReferences'))) {
    const kind = asString(record.kind) || 'Pod';
    const name = asString(record.name);
    if (record.controller === true && name && kind !== 'Node') return { kind, name };
  }
  return undefined;
}

function variantKey(labels: Readonly<Record<string, string>>, ports: readonly ContainerPort[]): string {
  const p = ports.map((x) => `${x.name ?? ''}/${x.protocol}/${x.port}`).sort();
  return `${labelsKey(labels)}\u0000${p.join('\u0001')}`;
}

/**
 * Every workload of the input. Objects a controller in the input created (a Deployment's
 * ReplicaSets and Pods in a dump) are represented by that controller; Pods whose controller is not
 * in the input are grouped by it, as netpol-analyzer does.
 */
export function collectWorkloads(index: ObjectIndex): WorkloadSource[] {
  const out: WorkloadSource[] = [];
  const groups = new Map<string, { source: WorkloadSource; variants: Map<string, { labels: Record<string, string>; ports: ContainerPort[]; objects: K8sObject[] }> }>();
  for (const object of index.ofGroup('workload')) {
    if (!runsPods(object) || scannedControllerOf(object, index)) continue;
    const pod = podViewOf(object);
    if (!pod) continue;
    const namespace = index.namespaceOf(object);
    const ports = containerPorts(pod);
    const hostNetwork = pod.spec.hostNetwork === true;
    const owner = object.kind === 'Pod' ? controllerOwner(object) : undefined;
    if (!owner) {
      out.push({ namespace, name: object.name, kind: object.kind, object, hostNetwork, variants: [{ labels: pod.labels, ports, objects: [object] }] });
      continue;
    }
    const groupKey = `${namespace}\u0000${owner.kind}\u0000${owner.name}`;
    let group = groups.get(groupKey);
    if (!group) {
      const variants = new Map<string, { labels: Record<string, string>; ports: ContainerPort[]; objects: K8sObject[] }>();
      const source: WorkloadSource = {
        namespace,
        name: owner.name,
        kind: owner.kind,
        object,
        hostNetwork,
        get variants() {
          return [...variants.values()];
        },
      };
      group = { source, variants };
      groups.set(groupKey, group);
      out.push(source);
    }
    const key = variantKey(pod.labels, ports);
    const variant = group.variants.get(key);
    if (variant) variant.objects.push(object);
    else group.variants.set(key, { labels: { ...pod.labels }, ports, objects: [object] });
  }
  return out;
}
