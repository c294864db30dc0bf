import { withoutRejectedObjects } from '../checks/hygiene/schema-validation/rejection.js';
import type { Problem } from '../core/result.js';
import { asRecord } from '../k8s/access.js';
import { isClusterScopedKind } from '../k8s/kind-groups.js';
import { type K8sObject, namespaceOrDefault } from '../k8s/object.js';
import { type ReadOptions, loadInputs } from '../inputs/load.js';
import { createReviewer } from './assemble.js';
import type { AdmissionSetup } from './load.js';
import { readNamespacesFile } from './namespaces/file.js';
import { FixedNamespaces, type NamespaceInfo } from './namespaces/source.js';
import { extractPod, isPodControllerResource, podTemplatePath } from './policy/pod-spec.js';
import { PodSecurityAdmission } from './policy/psa.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';
import type { ReviewOutcome } from './reviewer.js';

/** What the webhook would answer for one manifest. */
export interface OfflineDecision {
  readonly file: string;
  readonly line: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly allowed: boolean;
  readonly message?: string;
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
  /** For a pod controller: why the pods it creates would be refused (PSA enforces on pods, not on controllers). */
  readonly podsDenied?: string;
}

export interface OfflineReport {
  readonly decisions: readonly OfflineDecision[];
  readonly problems: readonly Problem[];
  /** What helm or kustomize warned of while rendering the inputs. */
  readonly warnings: readonly Problem[];
}

/** schema.GroupVersionKind's UnsafeGuessKindToResource: `NetworkPolicy` → `networkpolicies`. */
export function guessResource(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular === '') return '';
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

function requestFor(object: K8sObject, index: number): AdmissionRequest {
  const slash = object.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : object.apiVersion.slice(0, slash);
  const version = slash === -1 ? object.apiVersion : object.apiVersion.slice(slash + 1);
  const clusterScoped = isClusterScopedKind(object.kind);
  const namespace = object.kind === 'Namespace' ? object.name : clusterScoped ? '' : namespaceOrDefault(object);
  return {
    uid: `offline-${index}`,
    kind: { group, version, kind: object.kind },
    resource: { group, version, resource: guessResource(object.kind) },
    subResource: '',
    name: object.name,
    namespace,
    operation: 'CREATE',
    username: '',
    object: object.body,
    oldObject: undefined,
    dryRun: true,
  };
}

/**
 * Evaluates manifests offline as the webhook would on CREATE: namespace labels from the
 * `--namespaces` file and from the Namespace objects among the manifests that are admitted (which
 * win: they are what would be applied; a denied one never is), PSS defaults and exemptions, and the
 * Rampart bindings.
 */
export async function evaluateOffline(paths: readonly string[], setup: AdmissionSetup, namespacesFile?: string, read: ReadOptions = {}): Promise<OfflineReport> {
  const loaded = await loadInputs(paths, read);
  const problems: Problem[] = [...loaded.problems];
  const objects = withoutRejectedObjects(loaded.objects, problems);
  const namespaces = new Map<string, NamespaceInfo>();
  if (namespacesFile !== undefined) {
    try {
      for (const ns of readNamespacesFile(namespacesFile)) namespaces.set(ns.name, ns);
    } catch (error) {
      problems.push({ code: 'namespaces-invalid', message: `cannot read namespaces: ${error instanceof Error ? error.message : String(error)}`, location: { file: namespacesFile } });
    }
  }
  const source = new FixedNamespaces(namespaces.values());
  const reviewer = createReviewer(setup, source);
  const psa = new PodSecurityAdmission({ config: setup.podSecurity, namespaces: source });
  const reviews = objects.map((object, index) => ({ object, request: requestFor(object, index) }));
  // Namespaces first: whether one is admitted decides the labels the objects in it are judged by.
  // Judging a Namespace reads no stored labels (a binding matches the Namespace's own).
  const outcomes = new Map<K8sObject, ReviewOutcome>();
  for (const { object, request } of reviews) {
    if (object.kind !== 'Namespace' || object.group !== '') continue;
    const outcome = await reviewer.validate(request);
    outcomes.set(object, outcome);
    if (outcome.response.allowed) namespaces.set(object.name, { name: object.name, labels: object.labels });
  }
  source.replace(namespaces.values());
  const decisions: OfflineDecision[] = [];
  for (const { object, request } of reviews) {
    const outcome = outcomes.get(object) ?? (await reviewer.validate(request));
    if (outcome.error) problems.push({ code: 'admission-error', message: `internal error evaluating ${object.kind} ${object.name}: ${outcome.error}`, location: { file: object.source.file } });
    const podsDenied = await podsWouldBeDenied(psa, request);
    decisions.push(toDecision(object, request, outcome.response, podsDenied));
  }
  return { decisions, problems, warnings: loaded.warnings };
}

/** A controller's pods as PSA would see them on creation, judged with enforce. */
async function podsWouldBeDenied(psa: PodSecurityAdmission, request: AdmissionRequest): Promise<string | undefined> {
  const { group, resource } = request.resource;
  const path = podTemplatePath(group, resource);
  if (!request.object || path === undefined || !isPodControllerResource(group, resource)) return undefined;
  const pod = extractPod(request.object, path);
  if (!pod) return undefined;
  const podObject = { apiVersion: 'v1', kind: 'Pod', metadata: { ...asRecord(pod.metadata), namespace: request.namespace }, spec: pod.spec };
  const response = await psa.validate({
    ...request,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    name: '',
    object: podObject,
  });
  return response.allowed ? undefined : response.status?.message;
}

function toDecision(object: K8sObject, request: AdmissionRequest, response: AdmissionResponse, podsDenied: string | undefined): OfflineDecision {
  return {
    file: object.source.file,
    line: object.locate([]).line,
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.kind === 'Namespace' ? '' : request.namespace,
    name: object.name,
    allowed: response.allowed,
    ...(response.status ? { message: response.status.message } : {}),
    warnings: response.warnings ?? [],
    auditAnnotations: response.auditAnnotations ?? {},
    ...(podsDenied ? { podsDenied } : {}),
  };
}
