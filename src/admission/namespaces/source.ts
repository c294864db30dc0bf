import { asRecord, asString, type JsonRecord } from '../../k8s/access.js';

/** A namespace as admission needs it: its name and labels. */
export interface NamespaceInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Where namespace labels come from: the Kubernetes API, a file, or a fixed set (tests, `admission test`). */
export interface NamespaceSource {
  /** The namespace's labels; rejects when it cannot be looked up (PSA then fails the pod closed). */
  get(name: string): Promise<NamespaceInfo>;
  /** Whether the source has its initial state (for /readyz). */
  ready(): boolean;
  /** Pods of a namespace, to check them when a namespace's enforce level is tightened; absent when the source cannot list pods. */
  listPods?(namespace: string, timeoutMs: number): Promise<JsonRecord[]>;
  close(): Promise<void>;
}

/** Namespaces known up front; an unknown namespace has no labels, so the cluster defaults apply. */
export class FixedNamespaces implements NamespaceSource {
  private namespaces = new Map<string, NamespaceInfo>();

  constructor(namespaces: Iterable<NamespaceInfo> = [], private readonly pods: readonly JsonRecord[] = []) {
    this.replace(namespaces);
  }

  replace(namespaces: Iterable<NamespaceInfo>): void {
    const next = new Map<string, NamespaceInfo>();
    for (const ns of namespaces) next.set(ns.name, ns);
    this.namespaces = next;
  }

  get(name: string): Promise<NamespaceInfo> {
    return Promise.resolve(this.namespaces.get(name) ?? { name, labels: {} });
  }

  ready(): boolean {
    return true;
  }

  listPods(namespace: string): Promise<JsonRecord[]> {
    return Promise.resolve(this.pods.filter((p) => namespaceOfPod(p) === namespace));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function namespaceOfPod(pod: JsonRecord): string {
  return asString(asRecord(pod.metadata)?.namespace) || 'default';
}
