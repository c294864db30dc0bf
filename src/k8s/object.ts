import type { ObjectRef } from '../core/finding.js';
import type { Position } from '../core/location.js';
import type { Path } from '../core/path.js';
import { asRecord, asString, asStringMap, type JsonRecord } from './access.js';
import type { Locator } from './yaml/locator.js';

/** Where an object was read from, and how to locate its fields. */
export interface ObjectSource {
  readonly file: string;
  /** 0-based index of the document in the file. */
  readonly documentIndex: number;
  readonly helmTemplate?: string;
  /** For a chart rendered with --helm-namespace: the namespace helm installs the object into when it names none. */
  readonly releaseNamespace?: string;
  /** The object's path inside its document: `[]`, or `['items', 3]` for a member of a List. */
  readonly basePath: Path;
  readonly locator: Locator;
}

/** A parsed Kubernetes object: its fields plus where it came from. */
export class K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  private refCache: ObjectRef | undefined;

  constructor(
    readonly body: JsonRecord,
    readonly source: ObjectSource,
  ) {
    this.apiVersion = asString(body.apiVersion) ?? '';
    const slash = this.apiVersion.indexOf('/');
    this.group = slash === -1 ? '' : this.apiVersion.slice(0, slash);
    this.kind = asString(body.kind) ?? '';
    const metadata = asRecord(body.metadata);
    this.name = asString(metadata?.name) ?? asString(metadata?.generateName) ?? '';
    this.namespace = asString(metadata?.namespace) || undefined;
    this.labels = asStringMap(metadata?.labels);
    this.annotations = asStringMap(metadata?.annotations);
  }

  /** The API group, '' for the core group. */
  readonly group: string;

  get ref(): ObjectRef {
    return (this.refCache ??= {
      apiVersion: this.apiVersion,
      kind: this.kind,
      ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
      name: this.name,
    });
  }

  /** Where the field at `path` (relative to this object) is written, or its nearest existing parent. */
  locate(path: Path): Position {
    const base = this.source.basePath;
    return this.source.locator.locate(base.length === 0 ? path : [...base, ...path]);
  }
}

/**
 * The namespace a namespaced object lands in: its metadata.namespace, else the namespace its chart
 * was rendered into with --helm-namespace (helm installs it there), else default (kubectl's, without
 * a namespace in the context). Meaningless for cluster-scoped objects.
 */
export function namespaceOrDefault(object: K8sObject): string {
  return object.namespace ?? object.source.releaseNamespace ?? 'default';
}

/**
 * Whether the object was read back from an API server (`kubectl get -o yaml`) rather than written
 * as a manifest: it has a uid, a resourceVersion or a creationTimestamp, which the API server sets
 * when it stores an object (and refuses a create that sets resourceVersion). A null or empty value
 * does not count: Go writes the zero creationTimestamp as `null` in objects never stored, such as
 * `kubectl create --dry-run=client -o yaml` and controller-gen output.
 */
export function isReadFromCluster(object: K8sObject): boolean {
  const metadata = asRecord(object.body.metadata);
  const present = (value: unknown) => value !== undefined && value !== null && value !== '';
  return Boolean(asString(metadata?.uid)) || Boolean(asString(metadata?.resourceVersion)) || present(metadata?.creationTimestamp);
}
