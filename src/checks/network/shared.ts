/*
 * Helpers shared by the network checks: describing objects and selectors, reading Service and
 * container ports, and deciding whether a selector is dangling in the scanned input.
 */
import type { Path } from '../../core/path.js';
import { asNumber, asString, getIn, type JsonRecord, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { isEmptySelector, type LabelSelector } from '../../k8s/selectors.js';
import type { PodView } from '../../k8s/workloads.js';

/** `Deployment "web"`, for messages. */
export function describeObject(object: K8sObject): string {
  return `${object.kind} "${object.name}"`;
}

/** A selector as kubectl prints it: `app=web, tier in (a,b), !legacy`. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const req of selector.matchExpressions) {
    if (req.operator === 'In') parts.push(`${req.key} in (${req.values.join(',')})`);
    else if (req.operator === 'NotIn') parts.push(`${req.key} notin (${req.values.join(',')})`);
    else if (req.operator === 'Exists') parts.push(req.key);
    else parts.push(`!${req.key}`);
  }
  return parts.join(', ');
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'no labels' : `labels ${entries.map(([k, v]) => `${k}=${v}`).join(', ')}`;
}

/** `a, b and c`. */
export function joinList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `"a", "b" and "c"`. */
export function quotedList(items: readonly string[]): string {
  return joinList(items.map((i) => `"${i}"`));
}

/** One entry of a Service's spec.ports. Protocol defaults to TCP and targetPort to port, as the API server does. */
export interface ServicePort {
  readonly index: number;
  readonly record: JsonRecord;
  readonly path: Path;
  readonly name: string | undefined;
  readonly protocol: string;
  readonly port: number | undefined;
  /** As written: a number, a port name, or undefined when it defaults to `port`. */
  readonly targetPort: number | string | undefined;
}

export function servicePorts(service: K8sObject): ServicePort[] {
  return recordsWithIndex(getIn(service.body, 'spec', 'ports')).map(({ record, index }) => {
    const target = record.targetPort;
    return {
      index,
      record,
      path: ['spec', 'ports', index],
      name: asString(record.name),
      protocol: asString(record.protocol) ?? 'TCP',
      port: asNumber(record.port),
      targetPort: typeof target === 'string' ? target : asNumber(target),
    };
  });
}

/** A `ports[]` entry of a container. */
export interface ContainerPort {
  readonly name: string | undefined;
  readonly protocol: string;
  readonly containerPort: number | undefined;
}

/**
 * Ports a Service's named targetPort can resolve to: those of regular containers and of sidecars
 * (init containers with restartPolicy: Always), as the endpoint controllers look them up.
 */
export function servingPorts(pod: PodView): ContainerPort[] {
  return pod.containers
    .filter((c) => c.kind === 'container' || c.isSidecar)
    .flatMap((c) =>
      recordsWithIndex(c.body.ports).map(({ record }) => ({
        name: asString(record.name),
        protocol: asString(record.protocol) ?? 'TCP',
        containerPort: asNumber(record.containerPort),
      })),
    );
}

/** API groups served by Kubernetes itself; any other group belongs to a custom resource. */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io',
  'node.k8s.io', 'discovery.k8s.io', 'certificates.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io', 'internal.apiserver.k8s.io', 'storagemigration.k8s.io',
]);

/** Whether the object is a custom resource: its API group is not one Kubernetes serves itself. */
export function isCustomResource(object: K8sObject): boolean {
  return !BUILT_IN_GROUPS.has(object.group);
}

/**
 * API groups of widely used projects whose resources configure something (secrets synced from a
 * vault, mesh and ingress routing, network and admission policies, snapshots, autoscaling) and
 * make no operator create pods or Services in their namespace. Any other custom resource may. The
 * list is kept to groups where that holds for every kind: Gateway API's Gateway makes Istio and
 * others deploy a gateway, a cert-manager Certificate with an HTTP-01 issuer makes it run solver
 * pods in the namespace, and a Kyverno generate rule can create any object, so none of those
 * groups is here.
 */
const CONFIGURATION_GROUPS: ReadonlySet<string> = new Set([
  'external-secrets.io', 'generators.external-secrets.io', 'secrets.hashicorp.com', 'bitnami.com',
  'security.istio.io', 'telemetry.istio.io', 'traefik.io', 'traefik.containo.us',
  'policy.networking.k8s.io', 'cilium.io', 'crd.projectcalico.org', 'projectcalico.org',
  'wgpolicyk8s.io', 'constraints.gatekeeper.sh', 'templates.gatekeeper.sh', 'mutations.gatekeeper.sh',
  'snapshot.storage.k8s.io', 'autoscaling.k8s.io',
]);

/**
 * Kinds of groups that also hold workload-creating kinds: the Prometheus operator's scrape and
 * alerting configuration (a Prometheus or Alertmanager resource does create pods), KEDA's
 * autoscaling of existing workloads (a ScaledJob creates Jobs) and Istio's traffic configuration
 * (a Service may select an Istio WorkloadEntry, a VM's endpoint, which a WorkloadGroup registers).
 */
const CONFIGURATION_KINDS: Readonly<Record<string, ReadonlySet<string>>> = {
  'networking.istio.io': new Set(['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'ProxyConfig']),
  'monitoring.coreos.com': new Set(['ServiceMonitor', 'PodMonitor', 'Probe', 'PrometheusRule', 'ScrapeConfig', 'AlertmanagerConfig']),
  'keda.sh': new Set(['ScaledObject', 'TriggerAuthentication', 'ClusterTriggerAuthentication']),
};

/** Whether a custom resource may make an operator create pods or Services: not a configuration resource. */
export function mayCreateWorkloads(object: K8sObject): boolean {
  if (!isCustomResource(object) || CONFIGURATION_GROUPS.has(object.group)) return false;
  return !CONFIGURATION_KINDS[object.group]?.has(object.kind);
}

/**
 * A custom resource of the namespace that may make an operator create pods and Services there,
 * or undefined. Operators label what they create with labels of their own, which the resource
 * itself need not carry (CloudNativePG's pods and Services carry cnpg.io/cluster, Strimzi's
 * strimzi.io/kind and app.kubernetes.io/name: entity-operator), so in such a namespace the input
 * cannot tell which labels its pods and Services will have.
 */
export function workloadCreatingResource(index: ObjectIndex, namespace: string): K8sObject | undefined {
  return index.perNamespace(workloadCreatingResource, namespace, () =>
    index.ofGroupInNamespace('any', namespace).find((item) => mayCreateWorkloads(item) && !index.isClusterScoped(item)),
  );
}

/**
 * Labels that controllers add to the pods they create, with values unknown before the pods exist
 * (pod-template-hash, the StatefulSet pod name, the Job name, ...). Pod templates never carry them.
 */
const CONTROLLER_LABELS = new Set([
  'pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index', 'job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

/**
 * The selector with its requirements on controller-added labels dropped, so that it can be matched
 * against pod templates; undefined when nothing else remains (the template cannot tell).
 */
export function templateSelector(selector: LabelSelector): LabelSelector | undefined {
  const matchLabels = Object.fromEntries(Object.entries(selector.matchLabels).filter(([k]) => !CONTROLLER_LABELS.has(k)));
  const matchExpressions = selector.matchExpressions.filter((r) => !CONTROLLER_LABELS.has(r.key));
  const relaxed = { ...selector, matchLabels, matchExpressions };
  return isEmptySelector(relaxed) && !isEmptySelector(selector) ? undefined : relaxed;
}

/**
 * Workloads of the namespace whose pods a Service or peer selector picks, judged from pod templates;
 * with `selecting`, those of its install (`ObjectIndex.inInstallOf`).
 */
export function workloadsSelected(index: ObjectIndex, namespace: string, selector: LabelSelector, selecting?: K8sObject): K8sObject[] {
  const relaxed = templateSelector(selector);
  return relaxed === undefined || isEmptySelector(relaxed) ? [] : index.workloadsSelectedBy(namespace, relaxed, selecting);
}

/** Why a selector selects no pod: namespaces where matching workloads run instead (often empty). */
export interface Dangling {
  readonly elsewhere: readonly string[];
}

/**
 * Decides whether `selector` selects no pod of `namespace`, from what the input shows. The input
 * speaks for a namespace only when it holds workloads there (or matching workloads elsewhere,
 * the classic wrong-namespace mistake) and no custom resource from which an operator may create
 * pods; otherwise the pods are probably deployed separately, or labelled by the operator, and the
 * answer is undefined, as it is when something matches.
 */
export function danglingSelector(index: ObjectIndex, namespace: string, selector: LabelSelector): Dangling | undefined {
  const relaxed = templateSelector(selector);
  if (relaxed === undefined) return undefined;
  const here = index.ofGroupInNamespace('workload', namespace);
  if (index.selectsAnyWorkload(namespace, relaxed)) return undefined;
  if (workloadCreatingResource(index, namespace)) return undefined;
  const elsewhere = new Set<string>();
  for (const w of index.workloadsSelectedAnywhere(relaxed)) {
    const ns = index.namespaceOf(w);
    if (ns !== namespace) elsewhere.add(ns);
  }
  if (here.length === 0 && elsewhere.size === 0) return undefined;
  return { elsewhere: [...elsewhere].sort() };
}

/** The message suffix for a selector whose pods run in other namespaces; `reason` says why those do not count. */
export function elsewhereHint(dangling: Dangling, reason: string): string {
  if (dangling.elsewhere.length === 0) return '';
  const where = dangling.elsewhere.length === 1 ? 'namespace' : 'namespaces';
  return ` (matching pods run in ${where} ${quotedList(dangling.elsewhere)}, but ${reason})`;
}
