import type { K8sObject } from '../../k8s/object.js';
import type { NamespaceInfo } from '../model/cluster.js';
import type { ContainerPort, PodVariant, WorkloadSource } from '../model/workloads.js';
import { type NamedPorts, namedPortsKey, namedPortsOf } from './rule-conns.js';

/**
 * Pods that no policy can tell apart: same namespace, same labels, same named ports. The engine
 * computes over classes, never over pods or workloads.
 */
export interface PodClass {
  readonly id: number;
  readonly namespace: NamespaceInfo;
  readonly labels: Readonly<Record<string, string>>;
  readonly namedPorts: NamedPorts;
  readonly portKey: string;
  /** The ingress controller that Ingress and Route objects imply: not a workload of the input. */
  readonly pseudo: boolean;
}

/** A workload as the analysis reports it, bound to the class of its pods. */
export interface Workload {
  readonly id: number;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  /** `namespace/name`. */
  readonly label: string;
  readonly object: K8sObject;
  readonly source: WorkloadSource;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  readonly classId: number;
}

/** `k=v` pairs in key order; built without intermediate arrays of pairs (it runs once per workload). */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let key = '';
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i] as string;
    key += `${i === 0 ? '' : '\u0001'}${name}=${labels[name]}`;
  }
  return key;
}

export class ClassTable {
  readonly classes: PodClass[] = [];
  private readonly byKey = new Map<string, number>();

  classFor(namespace: NamespaceInfo, labels: Readonly<Record<string, string>>, ports: readonly ContainerPort[], pseudo = false): number {
    const namedPorts = namedPortsOf(ports);
    const portKey = namedPortsKey(namedPorts);
    const key = `${namespace.name}\u0000${labelsKey(labels)}\u0000${portKey}\u0000${pseudo ? 1 : 0}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.classes.length;
      this.classes.push({ id, namespace, labels, namedPorts, portKey, pseudo });
      this.byKey.set(key, id);
    }
    return id;
  }

  variantClass(namespace: NamespaceInfo, variant: PodVariant): number {
    return this.classFor(namespace, variant.labels, variant.ports);
  }
}
