import type { Path } from '../core/path.js';
import { asRecord, asString, asStringMap, type JsonRecord, recordsWithIndex } from './access.js';
import type { K8sObject } from './object.js';

/** Where each workload kind keeps its pod template, and which API groups define it. */
interface WorkloadKind {
  readonly groups: readonly string[];
  /** Path of the object holding `metadata` and `spec` of the pod (the object itself for Pod). */
  readonly templatePath: Path;
  /** Whether the kind runs pods continuously behind a controller (for availability checks). */
  readonly controller: 'none' | 'replicated' | 'daemon' | 'batch';
  /** What its controller writes into the pods for an automountServiceAccountToken the template leaves out (Kubernetes: nothing, so the ServiceAccount's, else true). */
  readonly automountDefault?: boolean;
}

const WORKLOAD_KINDS: Readonly<Record<string, WorkloadKind>> = {
  Pod: { groups: [''], templatePath: [], controller: 'none' },
  PodTemplate: { groups: [''], templatePath: ['template'], controller: 'none' },
  ReplicationController: { groups: [''], templatePath: ['spec', 'template'], controller: 'replicated' },
  Deployment: { groups: ['apps', 'extensions'], templatePath: ['spec', 'template'], controller: 'replicated' },
  ReplicaSet: { groups: ['apps', 'extensions'], templatePath: ['spec', 'template'], controller: 'replicated' },
  StatefulSet: { groups: ['apps'], templatePath: ['spec', 'template'], controller: 'replicated' },
  DaemonSet: { groups: ['apps', 'extensions'], templatePath: ['spec', 'template'], controller: 'daemon' },
  Job: { groups: ['batch'], templatePath: ['spec', 'template'], controller: 'batch' },
  CronJob: { groups: ['batch'], templatePath: ['spec', 'jobTemplate', 'spec', 'template'], controller: 'batch' },
  // Widely used controllers that embed a standard pod template.
  Rollout: { groups: ['argoproj.io'], templatePath: ['spec', 'template'], controller: 'replicated' },
  DeploymentConfig: { groups: ['apps.openshift.io'], templatePath: ['spec', 'template'], controller: 'replicated' },
  // Agent Sandbox (kubernetes-sigs/agent-sandbox): isolated pods for AI agents' code. The controller
  // creates pods from a SandboxTemplate with automountServiceAccountToken false unless it says otherwise.
  Sandbox: { groups: ['agents.x-k8s.io'], templatePath: ['spec', 'podTemplate'], controller: 'none' },
  SandboxTemplate: { groups: ['extensions.agents.x-k8s.io'], templatePath: ['spec', 'podTemplate'], controller: 'none', automountDefault: false },
};

/** The kinds of object Rampart reads a pod spec from. */
export const WORKLOAD_KIND_NAMES: readonly string[] = Object.keys(WORKLOAD_KINDS);

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

const CONTAINER_LISTS: ReadonlyArray<readonly [string, ContainerKind]> = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/** One container of a pod spec, with the path that locates it. */
export interface ContainerView {
  readonly name: string;
  readonly kind: ContainerKind;
  readonly body: JsonRecord;
  readonly path: Path;
  readonly securityContext: JsonRecord | undefined;
  /** `initContainers` with `restartPolicy: Always` run for the pod's lifetime (sidecars). */
  readonly isSidecar: boolean;
}

/** The pod spec of a workload, wherever its kind keeps it. */
export interface PodView {
  readonly workloadKind: WorkloadKind;
  readonly spec: JsonRecord;
  readonly specPath: Path;
  readonly metadataPath: Path;
  /** Labels of the pods the workload creates. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly securityContext: JsonRecord | undefined;
  /** Every container: regular, init and ephemeral. */
  readonly containers: readonly ContainerView[];
}

export function workloadKindOf(object: K8sObject): WorkloadKind | undefined {
  // Kinds are user input: `kind: constructor` must not reach Object.prototype.
  const kind = Object.hasOwn(WORKLOAD_KINDS, object.kind) ? WORKLOAD_KINDS[object.kind] : undefined;
  return kind && kind.groups.includes(object.group) ? kind : undefined;
}

/**
 * The pod's automountServiceAccountToken as its pods get it: the template's, else what the kind's
 * controller writes in (a SandboxTemplate's false), else undefined (the ServiceAccount decides).
 */
export function podAutomount(pod: PodView): boolean | undefined {
  const written = pod.spec.automountServiceAccountToken;
  return typeof written === 'boolean' ? written : pod.workloadKind.automountDefault;
}

export function isWorkload(object: K8sObject): boolean {
  return workloadKindOf(object) !== undefined;
}

const podViews = new WeakMap<K8sObject, PodView | null>();

/** The pod spec of a workload object, or undefined when it is not a workload or has no pod spec. */
export function podViewOf(object: K8sObject): PodView | undefined {
  const cached = podViews.get(object);
  if (cached !== undefined) return cached ?? undefined;
  const view = buildPodView(object);
  podViews.set(object, view ?? null);
  return view;
}

/*
 * Pod views live as long as the scan (every check of a workload reads the same one), so they are
 * kept small: the paths every view of a kind shares are built once, and arrays get their exact size.
 */
const sharedPaths = new Map<WorkloadKind, { readonly spec: Path; readonly metadata: Path }>();

function pathsOf(kind: WorkloadKind): { readonly spec: Path; readonly metadata: Path } {
  let paths = sharedPaths.get(kind);
  if (!paths) sharedPaths.set(kind, (paths = { spec: kind.templatePath.concat('spec'), metadata: kind.templatePath.concat('metadata') }));
  return paths;
}

function buildPodView(object: K8sObject): PodView | undefined {
  const workloadKind = workloadKindOf(object);
  if (!workloadKind) return undefined;
  let template: unknown = object.body;
  for (const key of workloadKind.templatePath) template = asRecord(template)?.[key as string];
  const spec = asRecord(asRecord(template)?.spec);
  if (!spec) return undefined;
  const paths = pathsOf(workloadKind);
  const specPath = paths.spec;
  const metadata = asRecord(asRecord(template)?.metadata);
  let containers: ContainerView[] = [];
  for (const [field, kind] of CONTAINER_LISTS) {
    const list = spec[field];
    if (list === undefined) continue;
    const views = recordsWithIndex(list).map(
      ({ record, index }): ContainerView => ({
        name: asString(record.name) ?? `#${index}`,
        kind,
        body: record,
        path: specPath.concat(field, index),
        securityContext: asRecord(record.securityContext),
        isSidecar: kind === 'initContainer' && record.restartPolicy === 'Always',
      }),
    );
    containers = containers.length === 0 ? views : containers.concat(views);
  }
  return {
    workloadKind,
    spec,
    specPath,
    metadataPath: paths.metadata,
    labels: workloadKind.templatePath.length === 0 ? object.labels : asStringMap(metadata?.labels),
    annotations: workloadKind.templatePath.length === 0 ? object.annotations : asStringMap(metadata?.annotations),
    securityContext: asRecord(spec.securityContext),
    containers,
  };
}

/** Describes a container for messages: `container "app"`, `init container "setup"`. */
export function describeContainer(container: ContainerView): string {
  const prefix = container.kind === 'container' ? 'container' : container.kind === 'initContainer' ? 'init container' : 'ephemeral container';
  return `${prefix} "${container.name}"`;
}

/** Describes several containers for one message: `container "app", init container "setup"`. */
export function describeContainers(containers: readonly ContainerView[]): string {
  return containers.map(describeContainer).join(', ');
}

/** Whether `kind` of API `group` is a workload kind, e.g. the owner an ownerReference names. */
export function isWorkloadKind(kind: string, group: string): boolean {
  return Object.hasOwn(WORKLOAD_KINDS, kind) && (WORKLOAD_KINDS[kind]?.groups.includes(group) ?? false);
}
