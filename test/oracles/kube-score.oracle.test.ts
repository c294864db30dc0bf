/*
 * Differential test of the Rampart rules that the coverage data maps kube-score's checks to,
 * against kube-score v1.20.0 itself (built from test/oracles/kube-score; see README.md). Both
 * read the same manifests: each directory of the real-world and insecure corpus together (a
 * project's objects relate across its files), and each rule fixture alone (a NetworkPolicy of
 * one fixture must not isolate the pods of the next). For each mapped check, the objects (and,
 * for checks about containers, the containers) that kube-score grades CRITICAL or WARNING are
 * compared with those the check's Rampart rules report. Every disagreement must be explained by
 * one entry of EXPECTED, and every entry must still explain one.
 *
 *   npx vitest run test/oracles/kube-score.oracle.test.ts
 *   KUBE_SCORE_ORACLE_SHOW=1 npx vitest run test/oracles/kube-score.oracle.test.ts   # print the unexplained ones
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { type CliResult, outputOf } from '../helpers/cli.js';
import { CHECKS } from '../../src/checks/index.js';
import type { Finding } from '../../src/core/finding.js';
import { loadFiles } from '../../src/inputs/load.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { runChecks } from '../../src/scan/engine.js';

const ORACLE_DIR = fileURLToPath(new URL('./kube-score/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HAVE_GO = goAvailable('kube-score');
const SHOW = process.env.KUBE_SCORE_ORACLE_SHOW === '1' || process.env.KUBE_SCORE_ORACLE_SHOW === 'all';
/** The Kubernetes version both are told the manifests target (stable-version, deprecated-api-version). */
const KUBE_VERSION = '1.33';

/**
 * Each kube-score check the coverage data maps, to the Rampart rules of its concepts (all of
 * them: for a check in `broader`, other-tool-rules.ts keeps only those an exemption may silence).
 */
function conceptRules(): Record<string, string[]> {
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, 'test/coverage', file), 'utf8'));
  type Row = { concept: string; rules?: string[]; tools?: Record<string, string> };
  const reference = new Map((read('check-concepts.json') as { rows: Row[] }).rows.map((row) => [row.concept, row]));
  const out: Record<string, Set<string>> = {};
  for (const row of (read('rampart-rules.json') as { rows: Row[] }).rows) {
    const cell = (reference.get(row.concept)?.tools ?? row.tools ?? {})['kube-score'] ?? '';
    for (const part of cell.split(/,(?![^(]*\))/)) {
      const id = part.trim().replace(/\s*\(.*\)$/, '');
      if (!/^[a-z0-9-]+$/.test(id) || (row.rules ?? []).length === 0) continue;
      for (const rule of row.rules ?? []) (out[id] ??= new Set()).add(rule);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([id, rules]) => [id, [...rules].sort()]));
}

const MAPPING = conceptRules();
const MAPPED_CHECKS = Object.keys(MAPPING).sort();

/** kube-score checks whose comments name the container (their `path`): compared per container. */
const PER_CONTAINER = new Set([
  'container-ephemeral-storage-request-and-limit',
  'container-image-pull-policy',
  'container-image-tag',
  'container-resource-requests-equal-limits',
  'container-resources',
  'container-seccomp-profile',
  'container-security-context-privileged',
  'container-security-context-readonlyrootfilesystem',
  'container-security-context-user-group-id',
  'environment-variable-key-duplication',
]);

/**
 * Checks whose comments say which of several mapped rules they are about: compared per rule.
 * A comment can stand for several (a container without a security context has neither id set).
 */
const ASPECTS: Readonly<Record<string, ReadonlyArray<readonly [RegExp, readonly string[]]>>> = {
  'container-ephemeral-storage-request-and-limit': [
    [/^Ephemeral Storage limit/, ['ephemeral-storage-limits-missing']],
    [/^Ephemeral Storage request/, ['ephemeral-storage-requests-missing']],
  ],
  'container-resources': [
    [/^CPU limit/, ['cpu-limits-missing']],
    [/^CPU request/, ['cpu-requests-missing']],
    [/^Memory limit/, ['memory-limits-missing']],
    [/^Memory request/, ['memory-requests-missing']],
  ],
  'container-security-context-user-group-id': [
    [/low user ID/, ['low-user-id']],
    [/low group ID/, ['low-group-id']],
    [/no configured security context/, ['low-user-id', 'low-group-id']],
  ],
};

/** The rules a kube-score comment is about, for a check with ASPECTS ([undefined] for the others). */
function aspectsOf(check: string, summary: string): Array<string | undefined> {
  const aspects = ASPECTS[check];
  if (!aspects) return [undefined];
  const rules = aspects.filter(([pattern]) => pattern.test(summary)).flatMap(([, r]) => r);
  if (rules.length === 0) throw new Error(`kube-score ${check}: comment "${summary}" names none of the aspects the test knows`);
  return rules;
}

/** kube-score's grades (scorecard.Grade): 1 CRITICAL, 5 WARNING, 7 ALMOST_OK, 10 ALL_OK. */
const FLAGGED_GRADES = new Set([1, 5]);

interface KubeScoreComment {
  readonly path: string;
  readonly summary: string;
}
interface KubeScoreObject {
  readonly type_meta: { readonly kind: string };
  readonly object_meta: { readonly name?: string; readonly namespace?: string };
  readonly file_name: string;
  readonly file_row: number;
  readonly checks: ReadonlyArray<{ readonly check: { readonly id: string }; readonly grade: number; readonly skipped: boolean; readonly comments: readonly KubeScoreComment[] | null }> | null;
}

/** One object (or container) that one side flags for one check. */
interface Flag {
  readonly check: string;
  /** The group of files scanned together (a corpus directory or a fixture), relative to the repository. */
  readonly world: string;
  /** The object's file in the world, or the Helm template its `# Source:` comment names. */
  readonly source: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Which of the file's objects of that kind, namespace and name (0 for the first): the two count lines differently. */
  readonly nth: number;
  readonly container: string | undefined;
  /** For a check with ASPECTS, the mapped rule the flag is about. */
  readonly aspect?: string | undefined;
  /** What the side said: kube-score's comment summaries or the rule ids and messages. */
  readonly detail: string[];
}

interface Disagreement extends Flag {
  /** The object as Rampart read it (for explanations that look at the manifest). */
  readonly body: Record<string, unknown>;
  /** Every object of the files scanned together. */
  readonly worldObjects: ReadonlyArray<Record<string, unknown>>;
  /** Which side flags it alone. */
  readonly only: 'kube-score' | 'rampart';
  /** For the other side: whether it read the object at all for this check (kube-score), or what it reported about it. */
  readonly otherSide: string;
}

/** An explained, expected class of disagreements. */
interface Expected {
  /** The kube-score check, or '*' for all of them. */
  readonly check: string;
  readonly only: 'kube-score' | 'rampart' | '*';
  readonly reason: string;
  readonly matches: (d: Disagreement) => boolean;
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(rec) : []);
/** The pod spec of a Pod, a workload's template or a CronJob's job template. */
function podSpec(body: Json): Json {
  const spec = rec(body.spec);
  if (body.kind === 'Pod') return spec;
  if (body.kind === 'CronJob') return rec(rec(rec(rec(spec.jobTemplate).spec).template).spec);
  return rec(rec(spec.template).spec);
}
function container(d: Disagreement): Json {
  const pod = podSpec(d.body);
  return [...list(pod.containers), ...list(pod.initContainers), ...list(pod.ephemeralContainers)].find((c) => c.name === d.container) ?? {};
}
const says = (d: Disagreement, pattern: RegExp) => d.detail.some((line) => pattern.test(line));
const windowsPod = (d: Disagreement) => rec(podSpec(d.body).os).name === 'windows' || rec(podSpec(d.body).nodeSelector)['kubernetes.io/os'] === 'windows';
const image = (d: Disagreement) => (typeof container(d).image === 'string' ? (container(d).image as string) : '');
/** An image reference without a tag (a registry port is not one), which Kubernetes pulls as latest. */
const untagged = (ref: string) => !ref.includes('@') && !/:[^/]+$/.test(ref);
const templated = (ref: string) => ref === '' || /[{}<>$]/.test(ref);
const namespaceOf = (o: Json) => (typeof rec(o.metadata).namespace === 'string' ? (rec(o.metadata).namespace as string) : '');
const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController']);
/** The scan holds no workload in the object's namespace: its targets are likely defined elsewhere. */
/** Prometheus operator kinds that configure scraping or alerting and create no pods. */
const MONITORING_CONFIG_KINDS = new Set(['ServiceMonitor', 'PodMonitor', 'Probe', 'PrometheusRule', 'ScrapeConfig', 'AlertmanagerConfig']);
/** Whether the namespace holds a custom resource (of an API group outside Kubernetes) an operator may create pods from. */
const operatorResourceInNamespace = (d: Disagreement) =>
  d.worldObjects.some((o) => {
    const group = String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/')[0]! : '';
    return group.includes('.') && !group.endsWith('k8s.io') && !(group === 'monitoring.coreos.com' && MONITORING_CONFIG_KINDS.has(o.kind as string)) && namespaceOf(o) === namespaceOf(d.body);
  });
const noWorkloadInNamespace = (d: Disagreement) => !d.worldObjects.some((o) => WORKLOAD_KINDS.has(o.kind as string) && namespaceOf(o) === namespaceOf(d.body));
const hpaTargets = (d: Disagreement) => d.worldObjects.some((o) => o.kind === 'HorizontalPodAutoscaler' && rec(rec(o.spec).scaleTargetRef).name === rec(d.body.metadata).name);
/** The effective runAsUser / runAsGroup of the container (its own, else the pod's). */
const effective = (d: Disagreement, field: 'runAsUser' | 'runAsGroup') => rec(container(d).securityContext)[field] ?? rec(podSpec(d.body).securityContext)[field];
/** Each container with both a readiness and a liveness probe: the container, its readiness probe and its liveness probe. */
const probePairs = (d: Disagreement): Array<[Json, Json, Json]> => {
  const pod = podSpec(d.body);
  return [...list(pod.initContainers), ...list(pod.containers)]
    .filter((c) => c.readinessProbe !== undefined && c.livenessProbe !== undefined)
    .map((c) => [c, rec(c.readinessProbe), rec(c.livenessProbe)]);
};
/** kube-score's comparison: httpGet path and port (a name counts as 0), tcpSocket port, exec command. */
const sameProbeAsKubeScoreSees = (_c: Json, ready: Json, live: Json): boolean => {
  const port = (p: unknown) => (typeof p === 'number' ? p : /^\d+$/.test(String(p)) ? Number(p) : 0);
  if (ready.httpGet && live.httpGet) return rec(ready.httpGet).path === rec(live.httpGet).path && port(rec(ready.httpGet).port) === port(rec(live.httpGet).port);
  if (ready.tcpSocket && live.tcpSocket) return JSON.stringify(rec(ready.tcpSocket).port) === JSON.stringify(rec(live.tcpSocket).port);
  if (ready.exec && live.exec) return JSON.stringify(rec(ready.exec).command) === JSON.stringify(rec(live.exec).command);
  return false;
};
/** Two httpGet probes that kube-score takes for the same but that differ in headers, scheme, host or named port. */
const differsBeyondKubeScore = (ready: Json, live: Json): boolean => {
  const r = rec(ready.httpGet);
  const l = rec(live.httpGet);
  if (!ready.httpGet || !live.httpGet) return false;
  const namedPortsDiffer = r.port !== l.port && (typeof r.port === 'string' || typeof l.port === 'string');
  return namedPortsDiffer || ['httpHeaders', 'scheme', 'host'].some((f) => JSON.stringify(r[f]) !== JSON.stringify(l[f]));
};
/** The liveness probe waits longer before it fails (failureThreshold × periodSeconds, or timeoutSeconds, as defaulted) than the readiness probe. */
const moreTolerant = (ready: Json, live: Json): boolean => {
  const n = (p: Json, f: string, dflt: number) => (typeof p[f] === 'number' && (p[f] as number) > 0 ? (p[f] as number) : dflt);
  const window = (p: Json) => n(p, 'failureThreshold', 3) * n(p, 'periodSeconds', 10);
  return window(live) > window(ready) || n(live, 'timeoutSeconds', 1) > n(ready, 'timeoutSeconds', 1);
};
/** Disagreements named one by one, as `check|side|object` (the object as printed). */
const listed = (...items: string[]) => (d: Disagreement) => items.includes(`${d.check}|${d.only}|${flagKey(d)}`);
const lowId = (v: unknown) => typeof v === 'number' && v > 0 && v <= 10000;

/*
 * Each reason starts with its kind: "kube-score reads less" (objects and containers it never
 * looks at), "broader" / "narrower" (deliberate differences of scope, recorded for the check in
 * test/coverage/rampart-rules.json), or "kube-score quirk" (kube-score departs from what the API
 * server and the controllers do, and Rampart follows them).
 */
const EXPECTED: readonly Expected[] = [
  // kube-score reads less.
  {
    check: '*',
    only: 'rampart',
    reason: 'kube-score reads less: it scores no ReplicaSet, ReplicationController, custom workload (Argo Rollout) or PodSecurityPolicy, and stable-version knows nothing of Endpoints and of the removed CustomResourceDefinition, ClusterRole, IngressClass and FlowSchema versions',
    matches: (d) => d.otherSide === 'object not read',
  },
  {
    check: '*',
    only: 'rampart',
    reason: 'kube-score reads less: it looks at containers and init containers, not ephemeral containers, which run with the same pod settings',
    matches: (d) => says(d, /ephemeral container "/),
  },
  {
    check: 'container-seccomp-profile',
    only: 'rampart',
    reason: 'kube-score reads less: it checks the seccomp profile of app containers only; init containers run unconfined just the same',
    matches: (d) => says(d, /init container "/),
  },
  // Deliberate differences of scope (rampart-rules.json).
  {
    check: 'container-security-context-user-group-id',
    only: 'kube-score',
    reason: 'narrower: kube-score also reports an unset or root runAsUser/runAsGroup; low-user-id and low-group-id report an explicit id in 1..10000',
    matches: (d) => !lowId(effective(d, d.aspect === 'low-group-id' ? 'runAsGroup' : 'runAsUser')),
  },
  {
    check: 'container-image-pull-policy',
    only: 'kube-score',
    reason: 'narrower: a digest-pinned image cannot change under its reference, so image-pull-policy-not-always does not report it',
    matches: (d) => image(d).includes('@'),
  },
  {
    check: 'pod-probes',
    only: 'rampart',
    reason: 'broader: kube-score checks probes only of pods a Service targets, is content with one container with a readinessProbe, and grades a missing livenessProbe almost OK',
    matches: (d) => d.otherSide === 'check not run on this object' || says(d, /^liveness-probe-missing/),
  },
  {
    check: 'pod-probes',
    only: 'kube-score',
    reason: 'narrower: readiness-probe-missing leaves out pods that run to completion (restartPolicy Never or OnFailure, such as a Helm test Pod), which kube-score checks when a Service selects them',
    matches: (d) => d.kind === 'Pod' && ['Never', 'OnFailure'].includes(rec(d.body.spec).restartPolicy as string),
  },
  {
    check: 'deployment-replicas',
    only: 'rampart',
    reason: 'broader: kube-score checks only Deployments a Service targets and no HPA scales; too-few-replicas reports every replicated controller',
    matches: (d) => d.otherSide === 'check not run on this object',
  },
  {
    check: 'deployment-strategy',
    only: 'rampart',
    reason: 'broader: kube-score checks the strategy only of Deployments a Service targets',
    matches: (d) => d.otherSide === 'check not run on this object',
  },
  {
    check: 'deployment-strategy',
    only: 'kube-score',
    reason: 'narrower: deployment-strategy-not-rolling leaves out Recreate for a Deployment that mounts a PersistentVolumeClaim only one node can attach (a rolling update would wait for the volume)',
    matches: (d) => {
      const volumes = rec(rec(rec(d.body.spec).template).spec).volumes;
      return Array.isArray(volumes) && volumes.some((v) => rec(v).persistentVolumeClaim !== undefined);
    },
  },
  {
    check: 'cronjob-restartpolicy',
    only: 'rampart',
    reason: 'broader: kube-score checks CronJobs only; invalid-restart-policy also reports Jobs, Pods and controllers whose restartPolicy the API server refuses',
    matches: (d) => d.otherSide === 'check not run on this object',
  },
  {
    check: '*',
    only: 'rampart',
    reason: 'broader: kube-score skips a Deployment with replicas: 1 (or 0, scaled to zero) that an HPA scales up; Rampart counts the HPA maxReplicas',
    matches: (d) => /^(deployment|statefulset)-has-/.test(d.check) && d.otherSide === 'check not run on this object' && [0, 1].includes(rec(d.body.spec).replicas as number) && hpaTargets(d),
  },
  {
    check: 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
    only: 'rampart',
    reason: 'broader: kube-score looks at Deployments only; an apply resets the replica count of an autoscaled StatefulSet just the same',
    matches: (d) => d.otherSide === 'check not run on this object' && d.kind === 'StatefulSet',
  },
  {
    check: 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
    only: 'kube-score',
    reason: 'narrower: replicas: 0 parks the workload (the autoscaler disables itself for a target at zero), which hpa-target-sets-replicas leaves alone',
    matches: (d) => rec(d.body.spec).replicas === 0,
  },
  {
    check: 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
    only: 'kube-score',
    reason: 'narrower: an object read from a cluster always has spec.replicas (the API server fills it in); hpa-target-sets-replicas asks its last-applied-configuration, or the applied configurations in its managedFields, whether the manifest sets one',
    matches: (d) => ['uid', 'resourceVersion', 'creationTimestamp'].some((key) => rec(d.body.metadata)[key] !== undefined),
  },
  {
    check: 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
    only: 'kube-score',
    reason: 'kube-score quirk: it ignores scaleTargetRef.apiVersion; an autoscaler without one looks for the Deployment in the core API group and scales nothing (hpa-target-missing reports it)',
    matches: (d) =>
      d.worldObjects.some((o) => {
        const ref = rec(rec(o.spec).scaleTargetRef);
        return o.kind === 'HorizontalPodAutoscaler' && ref.name === rec(d.body.metadata).name && namespaceOf(o) === namespaceOf(d.body) && typeof ref.apiVersion !== 'string';
      }),
  },
  {
    check: 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
    only: 'rampart',
    reason: 'kube-score quirk: it takes an autoscaler without metadata.namespace and a Deployment in namespace "default" for objects of different namespaces, and finds no autoscaler for the Deployment',
    matches: listed('deployment-targeted-by-hpa-does-not-have-replicas-configured|rampart|src/checks/availability/hpa-target-missing/dont-fire.yaml: Deployment default/web'),
  },
  {
    check: 'horizontalpodautoscaler-replicas',
    only: 'kube-score',
    reason: 'narrower: hpa-min-replicas-too-low leaves minReplicas: 0 alone, scale to zero (the HPAScaleToZero feature) being a deliberate choice; kube-score wants at least 2',
    matches: (d) => rec(d.body.spec).minReplicas === 0,
  },
  {
    check: '*',
    only: 'rampart',
    reason:
      'broader: kube-score also accepts an anti-affinity term on the zone or region label: preferred, it does not keep two replicas off one node; required, it does so only where every node carries the label (missing-pod-anti-affinity reports that at info severity)',
    matches: (d) => {
      if (!/^(deployment|statefulset)-has-host-podantiaffinity$/.test(d.check)) return false;
      const antiAffinity = rec(rec(podSpec(d.body).affinity).podAntiAffinity);
      const zoneOrRegion = (key: unknown) => /zone|region/.test(String(key));
      return (
        list(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).some((t) => zoneOrRegion(rec(t.podAffinityTerm).topologyKey)) ||
        list(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution).some((t) => zoneOrRegion(t.topologyKey))
      );
    },
  },
  {
    check: 'deployment-has-host-podantiaffinity',
    only: 'kube-score',
    reason: 'narrower: missing-pod-anti-affinity also accepts a topologySpreadConstraint on kubernetes.io/hostname that selects the pods',
    matches: (d) => list(podSpec(d.body).topologySpreadConstraints).some((c) => c.topologyKey === 'kubernetes.io/hostname'),
  },
  {
    check: 'pod-topology-spread-constraints',
    only: 'rampart',
    reason: 'broader: kube-score never asks for constraints, it only checks those a pod sets; missing-topology-spread reports replicated workloads without them',
    matches: (d) => d.otherSide === 'graded OK' && list(podSpec(d.body).topologySpreadConstraints).length === 0,
  },
  {
    check: 'pod-topology-spread-constraints',
    only: 'kube-score',
    reason: 'narrower: kube-score reports a constraint without labelSelector; missing-topology-spread asks for an effective constraint on the hostname or zone label, and this pod has one',
    matches: (d) => list(podSpec(d.body).topologySpreadConstraints).some((c) => c.labelSelector === undefined),
  },
  {
    check: 'networkpolicy-targets-pod',
    only: 'rampart',
    reason: 'broader: network-policy-selects-nothing also reports ingress and egress peers whose podSelector matches nothing; kube-score looks at spec.podSelector only',
    matches: (d) => says(d, /spec\.(ingress|egress)\[\d+\]\.(from|to)/),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'narrower: when the scanned files hold no workload in the namespace at all, service-selects-nothing and network-policy-selects-nothing take the pods for deployed separately',
    matches: (d) => ['service-targets-pod', 'networkpolicy-targets-pod'].includes(d.check) && noWorkloadInNamespace(d),
  },
  {
    check: 'ingress-targets-service',
    only: 'kube-score',
    reason: 'narrower: when the scanned files hold no Service in the namespace at all, ingress-backend-missing takes the Services for deployed separately',
    matches: (d) => !d.worldObjects.some((o) => o.kind === 'Service' && namespaceOf(o) === namespaceOf(d.body)),
  },
  {
    check: 'pod-networkpolicy',
    only: 'kube-score',
    reason: 'narrower: NetworkPolicies do not reliably apply to host-network pods, so pod-not-selected-by-network-policy and pod-partially-isolated leave them out',
    matches: (d) => podSpec(d.body).hostNetwork === true,
  },
  {
    check: 'stable-version',
    only: 'rampart',
    reason: 'broader: kube-score\'s list of deprecated apiVersions lacks some removed ones (autoscaling/v2beta2 HorizontalPodAutoscaler, gone since 1.26)',
    matches: (d) => d.otherSide === 'graded OK' && says(d, /no longer served/),
  },
  {
    check: 'container-resource-requests-equal-limits',
    only: 'rampart',
    reason: 'broader: a container that sets neither a request nor a limit for CPU or memory keeps the pod out of the Guaranteed class too; kube-score compares the two and finds them equal (both unset)',
    matches: (d) => says(d, /sets neither a (CPU|memory) request nor a \1 limit/),
  },
  {
    check: 'pod-probes-identical',
    only: 'kube-score',
    reason: 'narrower: the liveness probe makes the same check but with a longer failure window or timeout (as the Kubernetes documentation recommends for sharing one endpoint), or a different one that kube-score takes for the same (other headers, scheme or host, or another named port, which kube-score reads as port 0)',
    matches: (d) => {
      const flagged = probePairs(d).filter(([c, ready, live]) => sameProbeAsKubeScoreSees(c, ready, live));
      return flagged.length > 0 && flagged.every(([, ready, live]) => moreTolerant(ready, live) || differsBeyondKubeScore(ready, live));
    },
  },
  {
    check: 'pod-probes-identical',
    only: 'rampart',
    reason: 'kube-score reads less: it compares httpGet, tcpSocket and exec probes only, not gRPC ones',
    matches: (d) => says(d, /\(grpc on port \d+\)/),
  },
  {
    check: 'statefulset-has-servicename',
    only: 'kube-score',
    reason: 'narrower: kube-score also reports a StatefulSet without serviceName, which the API server accepts (its pods then get no DNS names)',
    matches: (d) => !rec(d.body.spec).serviceName,
  },
  {
    check: 'statefulset-has-servicename',
    only: 'kube-score',
    reason: 'narrower: when the scanned files hold no Service in the namespace at all, and none of that name in another, statefulset-service-name takes the governing Service for deployed separately (as ingress-backend-missing does for backends)',
    matches: (d) =>
      !d.worldObjects.some((o) => o.kind === 'Service' && (namespaceOf(o) === namespaceOf(d.body) || rec(o.metadata).name === rec(d.body.spec).serviceName)),
  },
  {
    check: 'statefulset-has-servicename',
    only: 'rampart',
    reason: 'broader: statefulset-service-name also reports a governing headless Service without a selector, which kube-score accepts: the endpoint controller then publishes none of the pods',
    matches: (d) => d.otherSide === 'graded OK' && says(d, /has no selector/),
  },
  // kube-score quirks: Rampart follows the API server and the controllers.
  {
    check: 'statefulset-has-servicename',
    only: 'kube-score',
    reason: 'kube-score quirk: it reads spec.clusterIP only; a Service that writes clusterIPs: [None] alone is headless, as the API server fills clusterIP from clusterIPs[0]',
    matches: (d) => d.worldObjects.some((o) => o.kind === 'Service' && rec(o.metadata).name === rec(d.body.spec).serviceName && rec(o.spec).clusterIP === undefined && Array.isArray(rec(o.spec).clusterIPs) && (rec(o.spec).clusterIPs as unknown[])[0] === 'None'),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score reads more: it scores a Job that a CronJob of the same scan created (a dump of a live cluster); Rampart judges the CronJob, which is what a user edits',
    matches: (d) => list(rec(d.body.metadata).ownerReferences).some((o) => o.controller === true && d.worldObjects.some((w) => w.kind === o.kind && rec(w.metadata).name === o.name)),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score quirk: the API server sets the requests of a container that has limits but no requests to its limits, so they are equal (ephemeral-storage, and CPU and memory for the requests-equal-limits check)',
    matches: (d) => {
      if (d.check !== 'container-resource-requests-equal-limits' && d.aspect !== 'ephemeral-storage-requests-missing') return false;
      const resources = rec(container(d).resources);
      const requests = rec(resources.requests);
      const limits = rec(resources.limits);
      const names = d.check === 'container-resource-requests-equal-limits' ? ['cpu', 'memory'] : ['ephemeral-storage'];
      return names.every((r) => requests[r] !== undefined || limits[r] !== undefined) && names.some((r) => requests[r] === undefined && limits[r] !== undefined)
        && names.every((r) => requests[r] === undefined || String(requests[r]) === String(limits[r]));
    },
  },
  {
    check: '*',
    only: '*',
    reason: 'kube-score quirk: it ignores LimitRange defaults, which the API server applies to the containers of that namespace (ephemeral-storage requests and limits, and the requests and limits it compares)',
    matches: (d) =>
      ['container-ephemeral-storage-request-and-limit', 'container-resource-requests-equal-limits'].includes(d.check) &&
      d.worldObjects.some((o) => o.kind === 'LimitRange' && namespaceOf(o) === namespaceOf(d.body)),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score quirk: a Windows pod cannot set seccomp or readOnlyRootFilesystem (the API server refuses Linux-only fields with os.name windows); Rampart leaves Windows pods out',
    matches: (d) => ['container-seccomp-profile', 'container-security-context-readonlyrootfilesystem'].includes(d.check) && windowsPod(d),
  },
  {
    check: 'container-security-context-user-group-id',
    only: 'rampart',
    reason: 'kube-score quirk: it asks for an id above 10000 but lets 10000 itself pass; low-user-id and low-group-id report 1..10000 (their threshold parameter)',
    matches: (d) => effective(d, d.aspect === 'low-group-id' ? 'runAsGroup' : 'runAsUser') === 10000,
  },
  {
    check: 'container-image-pull-policy',
    only: 'kube-score',
    reason: 'kube-score quirk: an image without a tag is pulled as latest, for which the API server defaults imagePullPolicy to Always',
    matches: (d) => container(d).imagePullPolicy === undefined && untagged(image(d)) && !templated(image(d)),
  },
  {
    check: 'container-image-pull-policy',
    only: 'kube-score',
    reason: 'kube-score quirk: a template placeholder for an image, or an invalid imagePullPolicy (the API server refuses it; schema-validation reports it), says nothing about what is pulled',
    matches: (d) => templated(image(d)) || !['Always', 'IfNotPresent', 'Never', undefined].includes(container(d).imagePullPolicy as string | undefined),
  },
  {
    check: 'container-image-tag',
    only: 'kube-score',
    reason: 'kube-score quirk: a template placeholder (`{{ .Values.image }}`, `<image_url>`, empty) is not an image reference, and image-tag-latest leaves it out',
    matches: (d) => templated(image(d)),
  },
  {
    check: 'container-image-tag',
    only: 'rampart',
    reason: 'kube-score quirk: it takes a registry port (`localhost:5000/tools/report`) for a tag, but the image has none and resolves to latest',
    matches: (d) => untagged(image(d)) && /^[^/]+:\d+\//.test(image(d)),
  },
  {
    check: 'container-resources',
    only: 'kube-score',
    reason: 'kube-score quirk: the API server sets the requests of a container that has limits but no requests to its limits',
    matches: (d) => {
      const limits = rec(rec(container(d).resources).limits);
      return d.detail.every((line) => (/CPU request/.test(line) && limits.cpu !== undefined) || (/Memory request/.test(line) && limits.memory !== undefined));
    },
  },
  {
    check: 'container-resources',
    only: 'kube-score',
    reason: 'kube-score quirk: it ignores LimitRange defaults, which the API server applies to the containers of that namespace',
    matches: (d) => d.worldObjects.some((o) => o.kind === 'LimitRange' && namespaceOf(o) === namespaceOf(d.body)),
  },
  {
    check: 'container-seccomp-profile',
    only: 'kube-score',
    reason: 'kube-score quirk: it ignores the seccomp annotations (seccomp.security.alpha.kubernetes.io/pod, container.seccomp.security.alpha.kubernetes.io/<name>); the profile is set, as Unconfined, which seccomp-unconfined reports',
    matches: (d) => Object.keys(rec(rec(d.body.kind === 'Pod' ? d.body.metadata : rec(rec(d.body.spec).template).metadata).annotations)).some((k) => k === 'seccomp.security.alpha.kubernetes.io/pod' || k === `container.seccomp.security.alpha.kubernetes.io/${d.container}`),
  },
  {
    check: 'container-seccomp-profile',
    only: 'rampart',
    reason: 'kube-score quirk: it accepts any seccompProfile.type, but the API server accepts only RuntimeDefault, Localhost and Unconfined ("runtime/default" and "unconfined" are refused)',
    matches: (d) => says(d, /sets seccompProfile\.type "(?!RuntimeDefault|Localhost)/),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score quirk: Deployments and StatefulSets that leave spec.replicas unset run one replica, which kube-score skips when it is written out',
    matches: (d) => /^(deployment|statefulset)-has-(host-podantiaffinity|poddisruptionbudget)$/.test(d.check) && rec(d.body.spec).replicas == null,
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score quirk: it ignores the HPA that keeps this Deployment at one replica (maxReplicas: 1), whatever spec.replicas says',
    matches: (d) =>
      /^deployment-has-(host-podantiaffinity|poddisruptionbudget)$/.test(d.check) &&
      d.worldObjects.some((o) => o.kind === 'HorizontalPodAutoscaler' && rec(rec(o.spec).scaleTargetRef).name === rec(d.body.metadata).name && rec(o.spec).maxReplicas === 1),
  },
  {
    check: 'deployment-has-host-podantiaffinity',
    only: 'rampart',
    reason: 'kube-score quirk: it ignores the namespaces of an anti-affinity term, which here looks at pods of another namespace only',
    matches: (d) => list(rec(rec(podSpec(d.body).affinity).podAntiAffinity).preferredDuringSchedulingIgnoredDuringExecution).every((t) => Array.isArray(rec(t.podAffinityTerm).namespaces)),
  },
  {
    check: 'deployment-has-poddisruptionbudget',
    only: 'rampart',
    reason: 'kube-score quirk: the empty selector of a policy/v1beta1 PodDisruptionBudget selects no pods (in policy/v1 it selects all)',
    matches: (d) => d.worldObjects.some((o) => o.kind === 'PodDisruptionBudget' && o.apiVersion === 'policy/v1beta1' && namespaceOf(o) === namespaceOf(d.body)),
  },
  {
    check: 'poddisruptionbudget-has-policy',
    only: 'kube-score',
    reason:
      'kube-score quirk: it also reports a budget that selects no pods (no selector, or an empty one in policy/v1beta1), which the Eviction API never consults, and one whose selector the API server refuses (an unknown operator)',
    matches: (d) => {
      const selector = rec(d.body.spec).selector;
      if (selector === undefined || selector === null) return true;
      if (d.body.apiVersion === 'policy/v1beta1' && Object.keys(rec(selector)).length === 0) return true;
      return listed('poddisruptionbudget-has-policy|kube-score|src/checks/availability/pdb-missing-budget/dont-fire.yaml: PodDisruptionBudget web/bad-operator')(d);
    },
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score quirk: it takes an object without metadata.namespace and one in namespace "default" for objects of different namespaces',
    matches: listed(
      'deployment-has-poddisruptionbudget|kube-score|src/checks/availability/missing-pod-disruption-budget/dont-fire.yaml: Deployment api',
      'pod-networkpolicy|kube-score|src/checks/network/pod-not-selected-by-network-policy/dont-fire.yaml: Pod debug',
      'horizontalpodautoscaler-has-target|kube-score|src/checks/availability/hpa-target-missing/dont-fire.yaml: HorizontalPodAutoscaler web',
    ),
  },
  {
    check: 'ingress-targets-service',
    only: 'kube-score',
    reason: 'kube-score quirk: besides the namespace "" / "default" mismatch, it wants a declared port on an ExternalName Service, which has none',
    matches: listed('ingress-targets-service|kube-score|src/checks/network/ingress-backend-missing/dont-fire.yaml: Ingress web'),
  },
  {
    check: 'horizontalpodautoscaler-has-target',
    only: 'kube-score',
    reason: 'kube-score quirk: it knows no Argo Rollout or custom resource with a scale subresource, and reports an autoscaler without scaleTargetRef.name (which the API server refuses; schema-validation reports it) as targeting nothing',
    matches: listed(
      'horizontalpodautoscaler-has-target|kube-score|src/checks/availability/hpa-target-missing/dont-fire.yaml: HorizontalPodAutoscaler shop/checkout',
      'horizontalpodautoscaler-has-target|kube-score|src/checks/availability/hpa-target-missing/dont-fire.yaml: HorizontalPodAutoscaler jobs/workers',
      'horizontalpodautoscaler-has-target|kube-score|src/checks/availability/hpa-target-missing/dont-fire.yaml: HorizontalPodAutoscaler shop/incomplete',
    ),
  },
  {
    check: 'pod-networkpolicy',
    only: 'kube-score',
    reason: 'kube-score quirk: it does not know AdminNetworkPolicy and BaselineAdminNetworkPolicy, which isolate these pods',
    matches: (d) => d.worldObjects.some((o) => o.kind === 'AdminNetworkPolicy' || o.kind === 'BaselineAdminNetworkPolicy'),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score quirk: the pods are created by an operator (Prometheus, Alertmanager) or carry the statefulset.kubernetes.io/pod-name label that the StatefulSet controller sets',
    matches: listed(
      'networkpolicy-targets-pod|kube-score|src/checks/network/network-policy-selects-nothing/dont-fire.yaml: NetworkPolicy ops/prometheus',
      'service-targets-pod|kube-score|src/checks/network/service-selects-nothing/dont-fire.yaml: Service ops/alertmanager-main',
      'service-targets-pod|kube-score|src/checks/network/service-selects-nothing/dont-fire.yaml: Service cache/redis-ha-announce-0',
      'service-targets-pod|kube-score|test/corpus/real-world/argo-cd/manifests/ha/install.yaml: Service argocd-redis-ha-announce-0',
      'service-targets-pod|kube-score|test/corpus/real-world/argo-cd/manifests/ha/install.yaml: Service argocd-redis-ha-announce-1',
      'service-targets-pod|kube-score|test/corpus/real-world/argo-cd/manifests/ha/install.yaml: Service argocd-redis-ha-announce-2',
      'networkpolicy-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests: NetworkPolicy monitoring/alertmanager-main',
      'service-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests: Service monitoring/alertmanager-main',
      'networkpolicy-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests: NetworkPolicy monitoring/prometheus-k8s',
      'service-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests: Service monitoring/prometheus-k8s',
    ),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'narrower: the namespace holds a custom resource an operator may create pods from (a CloudNativePG Cluster, or one the scan does not know), and operators label their pods with labels of their own, so service-selects-nothing and network-policy-selects-nothing do not take the input to speak for its pods',
    matches: (d) => ['service-targets-pod', 'networkpolicy-targets-pod'].includes(d.check) && operatorResourceInNamespace(d),
  },
  {
    check: 'service-targets-pod',
    only: 'kube-score',
    reason: 'kube-score reads less: the pods come from a ReplicationController, which kube-score does not read',
    matches: (d) => d.worldObjects.some((o) => o.kind === 'ReplicationController' && namespaceOf(o) === namespaceOf(d.body)),
  },
];

// ---------------------------------------------------------------------------------------------

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, keep, out);
    else if (keep(full)) out.push(full);
  }
  return out;
}

/**
 * The groups of files scanned together: each directory of the corpus (a project's manifests
 * relate across its files), and each rule fixture alone. kube-score keeps one of several objects
 * with the same kind, namespace and name in different files (alternative installs of a project:
 * `install.yaml` and `namespace-install.yaml`), so the files of a directory that has such objects
 * are scanned one by one.
 */
const loaded = new Map<string, readonly K8sObject[]>();
function objectsOf(file: string): readonly K8sObject[] {
  let objects = loaded.get(file);
  if (!objects) loaded.set(file, (objects = loadFiles([file]).objects));
  return objects;
}

function inputGroups(): string[][] {
  const yaml = (f: string) => /\.ya?ml$/.test(f);
  const byDir = new Map<string, string[]>();
  for (const file of [...walk(path.join(ROOT, 'test/corpus/real-world'), yaml), ...walk(path.join(ROOT, 'test/corpus/insecure'), yaml)]) {
    byDir.set(path.dirname(file), [...(byDir.get(path.dirname(file)) ?? []), file]);
  }
  const groups: string[][] = [];
  for (const files of byDir.values()) {
    const owner = new Map<string, string>();
    const clash = files.some((file) =>
      objectsOf(file).some((o) => {
        const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
        const first = owner.get(key) ?? file;
        owner.set(key, first);
        return first !== file;
      }),
    );
    if (clash) groups.push(...files.map((f) => [f]));
    else groups.push(files.sort());
  }
  const fixtures = walk(path.join(ROOT, 'src/checks'), (f) => /[/\\](fires|dont-fire)\.yaml$/.test(f)).map((f) => [f]);
  return [...groups, ...fixtures].sort((a, b) => a[0]!.localeCompare(b[0]!));
}

function run(binary: string, args: readonly string[]): Promise<CliResult> {
  return outputOf(spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** kube-score's verdicts on a group of files, or why it could not read them (it refuses them all). */
async function kubeScore(binary: string, optional: readonly string[], files: readonly string[]): Promise<KubeScoreObject[] | string> {
  const args = [
    'score',
    '--output-format', 'json',
    '--kubernetes-version', `v${KUBE_VERSION}`,
    // Rampart is run with other tools' ignore annotations refused too.
    '--disable-ignore-checks-annotations',
    ...optional.flatMap((id) => ['--enable-optional-test', id]),
    ...files,
  ];
  const result = await run(binary, args);
  const text = result.stdout.trim();
  if (text === 'null') return []; // nothing kube-score scores in the file
  if (!text.startsWith('[')) return (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
  return JSON.parse(text) as KubeScoreObject[];
}

/**
 * kube-score's flags on one group of files, and the objects each mapped check ran on. (kube-score
 * names the file of an object after its `# Source:` comment when it has one, so objects are
 * told apart by kind, namespace, name and order, not by file.)
 */
function kubeScoreFlags(world: string, files: readonly string[], objects: readonly KubeScoreObject[]): { flags: Flag[]; evaluated: Set<string>; read: Set<string> } {
  const flags: Flag[] = [];
  const evaluated = new Set<string>();
  const read = new Set<string>();
  const seen = new Map<string, number>();
  const fileOrder = (name: string) => {
    const i = files.indexOf(path.resolve(name));
    return i === -1 ? files.length : i;
  };
  const inOrder = [...objects].sort((a, b) => fileOrder(a.file_name) - fileOrder(b.file_name) || a.file_name.localeCompare(b.file_name) || a.file_row - b.file_row);
  for (const object of inOrder) {
    const resolved = path.resolve(object.file_name);
    const source = files.includes(resolved) ? path.relative(ROOT, resolved).split(path.sep).join('/') : object.file_name;
    const identity = { world, source, kind: object.type_meta.kind, namespace: object.object_meta.namespace ?? '', name: object.object_meta.name ?? '' };
    const nth = seen.get(objectKey({ ...identity, nth: 0 })) ?? 0;
    seen.set(objectKey({ ...identity, nth: 0 }), nth + 1);
    const base = { ...identity, nth };
    read.add(objectKey(base));
    for (const result of object.checks ?? []) {
      const check = result.check.id;
      if (!(check in MAPPING) || result.skipped) continue;
      evaluated.add(`${check}|${objectKey(base)}`);
      if (!FLAGGED_GRADES.has(result.grade)) continue;
      const comments = result.comments ?? [];
      if (PER_CONTAINER.has(check)) {
        const byKey = new Map<string, Flag>();
        for (const comment of comments) {
          for (const aspect of aspectsOf(check, comment.summary)) {
            const key = `${comment.path}|${aspect ?? ''}`;
            const flag = byKey.get(key) ?? { ...base, check, container: comment.path, aspect, detail: [] };
            flag.detail.push(comment.summary);
            byKey.set(key, flag);
          }
        }
        flags.push(...byKey.values());
      } else {
        flags.push({ ...base, check, container: undefined, detail: comments.map((c) => (c.path ? `${c.path}: ${c.summary}` : c.summary)) });
      }
    }
  }
  return { flags, evaluated, read };
}

const CONTAINER_IN_PATH = /^(.*?)\.?(containers|initContainers|ephemeralContainers)\[(\d+)\]/;

/** The name of the container a finding's path points into, if it does. */
function containerOf(object: K8sObject, findingPath: string): string | undefined {
  const match = CONTAINER_IN_PATH.exec(findingPath);
  if (!match) return undefined;
  let node: unknown = object.body;
  for (const key of [...(match[1] ? match[1].split('.') : []), match[2]!, Number(match[3])]) {
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  const name = node && typeof node === 'object' ? (node as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The containers a finding is about: the one its path points into, or, for a finding on a
 * pod-level field (a pod securityContext that containers inherit), those its message names.
 */
function containersOf(object: K8sObject, finding: Finding): Array<string | undefined> {
  const inPath = containerOf(object, finding.path);
  if (inPath !== undefined) return [inPath];
  const named = [...finding.message.matchAll(/container "([^"]+)"/g)].map((m) => m[1]!);
  return named.length > 0 ? [...new Set(named)] : [undefined];
}

function rampartFlags(world: string, files: readonly string[]): { flags: Flag[]; bodies: Map<string, Record<string, unknown>> } {
  const rules = [...new Set(Object.values(MAPPING).flat())].sort();
  const inputs = { objects: files.flatMap((file) => objectsOf(file)) };
  const nthOf = new Map<K8sObject, number>();
  const seen = new Map<string, number>();
  const bodies = new Map<string, Record<string, unknown>>();
  for (const object of inputs.objects) {
    const key = objectKey({ world, kind: object.kind, namespace: object.namespace ?? '', name: object.name, nth: 0 });
    nthOf.set(object, seen.get(key) ?? 0);
    bodies.set(objectKey({ world, kind: object.kind, namespace: object.namespace ?? '', name: object.name, nth: seen.get(key) ?? 0 }), object.body);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const found: Array<{ finding: Finding; object: K8sObject }> = [];
  runChecks(
    inputs.objects,
    {
      checks: rules.map((id) => {
        const check = CHECKS.get(id);
        if (!check) throw new Error(`kube-score maps to unknown rule ${id}`);
        const params = check.parseParams({});
        if (!params.ok) throw new Error(params.message);
        return { check, severityOverride: undefined, params: params.params };
      }),
      settings: { kubeVersion: KUBE_VERSION },
      exemptions: [],
      allowAnnotationIgnore: false,
      allowOtherToolAnnotations: false,
    },
    (batch, object) => found.push(...batch.map((finding) => ({ finding, object }))),
  );
  const flags = new Map<string, Flag>();
  for (const { finding, object } of found) {
    for (const check of MAPPED_CHECKS) {
      if (!MAPPING[check]!.includes(finding.ruleId)) continue;
      const containers = PER_CONTAINER.has(check) ? containersOf(object, finding) : [undefined];
      for (const container of containers) {
      const flag: Flag = {
        check,
        world,
        source: sourceOf(object),
        kind: object.kind,
        namespace: object.namespace ?? '',
        name: object.name,
        nth: nthOf.get(object) ?? 0,
        container,
        aspect: ASPECTS[check] ? finding.ruleId : undefined,
        detail: [],
      };
      const key = `${check}|${flagKey(flag)}`;
      const existing = flags.get(key) ?? flag;
      existing.detail.push(`${finding.ruleId}: ${finding.message}`);
      flags.set(key, existing);
      }
    }
  }
  return { flags: [...flags.values()], bodies };
}

function sourceOf(object: K8sObject): string {
  return object.source.helmTemplate ?? path.relative(ROOT, path.resolve(object.source.file)).split(path.sep).join('/');
}

/**
 * An object of a world: kind, namespace, name and which of the world's objects so named it is.
 * Not its file: kube-score names the file of an object after its `# Source:` comment when it has
 * one, and the same file and line for all the objects of a world that share kind, namespace and
 * name.
 */
function objectKey(f: { world: string; kind: string; namespace: string; name: string; nth: number }): string {
  return `${f.world}: ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}${f.nth > 0 ? `#${f.nth + 1}` : ''}`;
}
function flagKey(f: Flag): string {
  return `${objectKey(f)}${f.container !== undefined ? `[${f.container}]` : ''}${f.aspect !== undefined ? ` ${f.aspect}` : ''}`;
}
function describeDisagreement(d: Disagreement): string {
  return `${d.check}: only ${d.only} flags ${flagKey(d)}${d.source !== d.world ? ` (${d.source})` : ''} — ${d.detail.join('; ')} (other side: ${d.otherSide})`;
}

async function pool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (!HAVE_GO) return;
  built = buildGoOracle(ORACLE_DIR, 'kube-score', 'github.com/zegl/kube-score/cmd/kube-score');
}, 900_000);

afterAll(() => built?.remove());

describe.skipIf(!HAVE_GO)('kube-score checks vs the Rampart rules mapped to them (differential)', () => {
  it('disagree only where EXPECTED explains it', async () => {
    const binary = built!.binary;
    const list = spawnSync(binary, ['list'], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    const catalog = list.stdout.split('\n').filter((l) => l !== '').map((l) => l.split(','));
    const known = new Set(catalog.map((c) => c[0]));
    // Every mapped id is one of kube-score's checks, and every optional check is enabled.
    expect(MAPPED_CHECKS.filter((id) => !known.has(id))).toEqual([]);
    const optional = catalog.filter((c) => c[c.length - 1] === 'optional').map((c) => c[0]!);

    const groups = inputGroups();
    const verdicts = await pool(groups, 8, (files) => kubeScore(binary, optional, files));

    const disagreements: Disagreement[] = [];
    const unreadable: string[] = [];
    groups.forEach((files, i) => {
      const verdict = verdicts[i]!;
      if (typeof verdict === 'string') {
        unreadable.push(`${files.map((f) => path.relative(ROOT, f)).join(' ')}: ${verdict}`);
        return;
      }
      const world = path.relative(ROOT, files.length === 1 ? files[0]! : path.dirname(files[0]!)).split(path.sep).join('/');
      const { flags: theirs, evaluated, read: readObjects } = kubeScoreFlags(world, files, verdict);
      const { flags: ours, bodies } = rampartFlags(world, files);
      const body = (flag: Flag) => bodies.get(objectKey(flag)) ?? {};
      const worldObjects = [...bodies.values()];
      const theirKeys = new Map(theirs.map((f) => [`${f.check}|${flagKey(f)}`, f]));
      const ourKeys = new Map(ours.map((f) => [`${f.check}|${flagKey(f)}`, f]));
      for (const [key, flag] of theirKeys) {
        if (!ourKeys.has(key)) disagreements.push({ ...flag, body: body(flag), worldObjects, only: 'kube-score', otherSide: 'no finding of the mapped rules' });
      }
      for (const [key, flag] of ourKeys) {
        if (theirKeys.has(key)) continue;
        // A rule that two checks share (missing-pod-anti-affinity: deployment-has-host-podantiaffinity
        // and statefulset-has-host-podantiaffinity) is compared on each object with the check that ran on it.
        const sibling = MAPPED_CHECKS.some((other) => other !== flag.check && evaluated.has(`${other}|${objectKey(flag)}`) && MAPPING[other]!.some((r) => MAPPING[flag.check]!.includes(r)));
        if (sibling && !evaluated.has(`${flag.check}|${objectKey(flag)}`)) continue;
        const otherSide = evaluated.has(`${flag.check}|${objectKey(flag)}`) ? 'graded OK' : readObjects.has(objectKey(flag)) ? 'check not run on this object' : 'object not read';
        disagreements.push({ ...flag, body: body(flag), worldObjects, only: 'rampart', otherSide });
      }
    });

    const explains = (e: Expected, d: Disagreement) => (e.check === '*' || e.check === d.check) && (e.only === '*' || e.only === d.only) && e.matches(d);
    const unexplained = disagreements.filter((d) => !EXPECTED.some((e) => explains(e, d)));
    const idle = EXPECTED.filter((e) => !disagreements.some((d) => explains(e, d)));
    if (SHOW) {
      for (const d of unexplained) console.log(describeDisagreement(d));
      if (process.env.KUBE_SCORE_ORACLE_SHOW === 'all') {
        for (const d of disagreements) console.log(`${describeDisagreement(d)}\n    => ${EXPECTED.find((e) => explains(e, d))?.reason ?? 'UNEXPLAINED'}`);
      }
      console.log(`kube-score could not read ${unreadable.length} files:\n${unreadable.join('\n')}`);
    }
    expect(unexplained.map(describeDisagreement)).toEqual([]);
    expect(idle.map((e) => `${e.check} (only ${e.only}): ${e.reason}`)).toEqual([]);
    // The inputs kube-score refuses: fixtures with wrong-typed fields, which the API server refuses too.
    expect(unreadable.filter((u) => !u.startsWith('src/checks/'))).toEqual([]);
  }, 300_000);
});
