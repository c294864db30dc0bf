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
import { CHECKS } from '../../src/checks/index.js';
import type { Finding } from '../../src/core/finding.js';
import { loadInputs } from '../../src/inputs/load.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { runChecks } from '../../src/scan/engine.js';

const ORACLE_DIR = fileURLToPath(new URL('./kube-score/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HAVE_GO = goAvailable('kube-score');
const SHOW = process.env.KUBE_SCORE_ORACLE_SHOW === '1';
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
    for (const part of cell.split(',')) {
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
  'container-image-pull-policy',
  'container-image-tag',
  'container-resources',
  'container-seccomp-profile',
  'container-security-context-privileged',
  'container-security-context-readonlyrootfilesystem',
  'container-security-context-user-group-id',
  'environment-variable-key-duplication',
]);

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
const noWorkloadInNamespace = (d: Disagreement) => !d.worldObjects.some((o) => WORKLOAD_KINDS.has(o.kind as string) && namespaceOf(o) === namespaceOf(d.body));
const replicas = (d: Disagreement) => (typeof rec(d.body.spec).replicas === 'number' ? (rec(d.body.spec).replicas as number) : 1);
const hpaTargets = (d: Disagreement) => d.worldObjects.some((o) => o.kind === 'HorizontalPodAutoscaler' && rec(rec(o.spec).scaleTargetRef).name === rec(d.body.metadata).name);
/** The effective runAsUser / runAsGroup of the container (its own, else the pod's). */
const effective = (d: Disagreement, field: 'runAsUser' | 'runAsGroup') => rec(container(d).securityContext)[field] ?? rec(podSpec(d.body).securityContext)[field];
/** Disagreements named one by one, as `check|side|object` (the object as printed). */
const listed = (...items: string[]) => (d: Disagreement) => items.includes(`${d.check}|${d.only}|${flagKey(d)}`);
const lowId = (v: unknown) => typeof v === 'number' && v > 0 && v <= 10000;

const EXPECTED: readonly Expected[] = [
  // kube-score reads fewer kinds.
  {
    check: '*',
    only: 'rampart',
    reason: 'kube-score does not read the object at all: it knows no ReplicaSet, ReplicationController, custom workload (Argo Rollout) or PodSecurityPolicy, nor workloads of an apiVersion it does not parse',
    matches: (d) => d.otherSide === 'object not read',
  },
  // Containers kube-score does not look at.
  {
    check: '*',
    only: 'rampart',
    reason: 'kube-score looks at containers and init containers only; ephemeral containers run with the same pod settings, and Rampart reports them too',
    matches: (d) => says(d, /ephemeral container "/),
  },
  {
    check: 'container-seccomp-profile',
    only: 'rampart',
    reason: 'kube-score checks the seccomp profile of app containers only; init containers run unconfined just the same',
    matches: (d) => says(d, /init container "/) && Array.isArray(podSpec(d.body).initContainers),
  },
  // Windows pods.
  {
    check: 'container-seccomp-profile',
    only: 'kube-score',
    reason: 'a Windows pod cannot set a seccomp profile (the API server refuses Linux-only fields with os.name windows); Rampart leaves Windows pods out',
    matches: windowsPod,
  },
  {
    check: 'container-security-context-readonlyrootfilesystem',
    only: 'kube-score',
    reason: 'a Windows pod cannot set readOnlyRootFilesystem; Rampart leaves Windows pods out',
    matches: windowsPod,
  },
  // Images.
  {
    check: 'container-image-pull-policy',
    only: 'kube-score',
    reason: 'scope (narrower): a digest-pinned image cannot change under its reference, so image-pull-policy-not-always does not report it',
    matches: (d) => image(d).includes('@'),
  },
  {
    check: 'container-image-pull-policy',
    only: 'kube-score',
    reason: 'kube-score quirk: an image without a tag is pulled as latest, for which Kubernetes defaults imagePullPolicy to Always',
    matches: (d) => container(d).imagePullPolicy === undefined && untagged(image(d)) && !templated(image(d)),
  },
  {
    check: 'container-image-pull-policy',
    only: 'kube-score',
    reason: 'kube-score quirk: a template placeholder for an image or an invalid imagePullPolicy (which the API server refuses; schema-validation reports it) says nothing about the pulled image',
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
  // Resources.
  {
    check: 'container-resources',
    only: 'kube-score',
    reason: 'kube-score quirk: a container with limits but no requests gets requests equal to its limits from the API server, so they are set',
    matches: (d) => {
      const resources = rec(container(d).resources);
      return Object.keys(rec(resources.limits)).length > 0 && d.detail.every((line) => (/CPU request/.test(line) && rec(resources.limits).cpu !== undefined) || (/Memory request/.test(line) && rec(resources.limits).memory !== undefined));
    },
  },
  {
    check: 'container-resources',
    only: 'kube-score',
    reason: 'kube-score quirk: it ignores LimitRange defaults, which the API server applies to containers of that namespace',
    matches: (d) => d.worldObjects.some((o) => o.kind === 'LimitRange' && namespaceOf(o) === namespaceOf(d.body)),
  },
  // Users and groups.
  {
    check: 'container-security-context-user-group-id',
    only: 'kube-score',
    reason: 'scope (narrower, in rampart-rules.json): kube-score also reports an unset or root runAsUser/runAsGroup; low-user-id and low-group-id report an explicit id in 1..10000',
    matches: (d) => !lowId(effective(d, 'runAsUser')) && !lowId(effective(d, 'runAsGroup')),
  },
  // Probes.
  {
    check: 'pod-probes',
    only: 'rampart',
    reason: 'scope (broader): kube-score checks probes only of pods a Service targets, and wants a readinessProbe only; readiness-probe-missing and liveness-probe-missing report every long-running pod',
    matches: (d) => d.otherSide === 'check not run on this object' || says(d, /^liveness-probe-missing/),
  },
  // Replicas, strategy, restart policy.
  {
    check: 'deployment-replicas',
    only: 'rampart',
    reason: 'scope (broader): kube-score checks only Deployments a Service targets and no HPA scales; too-few-replicas reports every replicated controller',
    matches: (d) => d.otherSide === 'check not run on this object',
  },
  {
    check: 'deployment-strategy',
    only: 'rampart',
    reason: 'scope (broader): kube-score checks the strategy only of Deployments a Service targets',
    matches: (d) => d.otherSide === 'check not run on this object',
  },
  {
    check: 'cronjob-restartpolicy',
    only: 'rampart',
    reason: 'scope (broader): kube-score checks CronJobs only; invalid-restart-policy also reports Jobs, Pods and controllers whose restartPolicy the API server refuses',
    matches: (d) => d.otherSide === 'check not run on this object',
  },
  // Anti-affinity and PodDisruptionBudgets.
  {
    check: '*',
    only: 'kube-score',
    reason: 'scope (narrower): kube-score also reports single-replica Deployments and StatefulSets (and those an HPA scales from one); missing-pod-anti-affinity and missing-pod-disruption-budget report replicated ones',
    matches: (d) => /^(deployment|statefulset)-has-(host-podantiaffinity|poddisruptionbudget)$/.test(d.check) && (replicas(d) < 2 || hpaTargets(d)),
  },
  // Topology spread.
  {
    check: 'pod-topology-spread-constraints',
    only: 'rampart',
    reason: 'mapping: kube-score only validates the constraints a pod has (it does not require any); missing-topology-spread reports replicated workloads without them',
    matches: (d) => d.otherSide === 'graded OK',
  },
  {
    check: 'pod-topology-spread-constraints',
    only: 'kube-score',
    reason: 'mapping: kube-score reports an invalid constraint; missing-topology-spread does not validate constraints (the API server refuses invalid ones)',
    matches: (d) => Array.isArray(podSpec(d.body).topologySpreadConstraints),
  },
  // Relations between objects.
  {
    check: '*',
    only: 'kube-score',
    reason: 'scope (narrower): when the scanned files hold no workload in the namespace at all, the targets are likely defined elsewhere, and the Rampart rule stays silent',
    matches: (d) => ['service-targets-pod', 'networkpolicy-targets-pod', 'ingress-targets-service', 'horizontalpodautoscaler-has-target'].includes(d.check) && noWorkloadInNamespace(d),
  },
  {
    check: 'networkpolicy-targets-pod',
    only: 'rampart',
    reason: 'scope (broader): network-policy-selects-nothing also reports ingress/egress peers whose podSelector matches nothing; kube-score looks at spec.podSelector only',
    matches: (d) => says(d, /spec\.(ingress|egress)\[\d+\]\.(from|to)/),
  },
  {
    check: 'pod-networkpolicy',
    only: 'kube-score',
    reason: 'scope (narrower): NetworkPolicies do not reliably apply to host-network pods, so pod-not-selected-by-network-policy leaves them out',
    matches: (d) => podSpec(d.body).hostNetwork === true,
  },
  {
    check: 'pod-networkpolicy',
    only: 'kube-score',
    reason: 'mapping (narrower): kube-score also wants both directions isolated; pods isolated for one only are reported by pod-partially-isolated',
    matches: (d) => d.detail.every((line) => /matching (ingress|egress) NetworkPolicy/.test(line)),
  },
  {
    check: 'stable-version',
    only: 'rampart',
    reason: 'kube-score quirk: its list of deprecated apiVersions misses some removed ones (autoscaling/v2beta2 HorizontalPodAutoscaler, gone since 1.26)',
    matches: (d) => d.otherSide === 'graded OK' && says(d, /no longer served/),
  },
  {
    check: '*',
    only: 'rampart',
    reason: 'scope (broader): kube-score does not check a Deployment an HPA scales from one replica; Rampart counts the HPA maxReplicas',
    matches: (d) => /^(deployment|statefulset)-has-/.test(d.check) && d.otherSide === 'check not run on this object' && hpaTargets(d),
  },
  {
    check: 'container-seccomp-profile',
    only: 'kube-score',
    reason: 'mapping (narrower): an Unconfined profile, in the field or in the legacy seccomp annotations, is reported by seccomp-unconfined, which the concept does not map',
    matches: listed('container-seccomp-profile|kube-score|src/checks/pod-security/seccomp-not-set/dont-fire.yaml: Pod explicitly-unconfined[app]',
      'container-seccomp-profile|kube-score|src/checks/pod-security/seccomp-unconfined/fires.yaml: Pod legacy-pod[app]',
      'container-seccomp-profile|kube-score|src/checks/pod-security/seccomp-unconfined/fires.yaml: StatefulSet legacy-container[db]'),
  },
  {
    check: 'container-seccomp-profile',
    only: 'rampart',
    reason: 'kube-score quirk: it accepts any seccompProfile.type; a wrong-case value ("runtime/default", "unconfined") is not a profile the API server accepts',
    matches: listed('container-seccomp-profile|rampart|src/checks/pod-security/seccomp-not-set/fires.yaml: CronJob report[report]',
      'container-seccomp-profile|rampart|src/checks/pod-security/seccomp-unconfined/dont-fire.yaml: Pod lowercase[app]'),
  },
  {
    check: '*',
    only: 'kube-score',
    reason: 'kube-score quirk: the pods are created by an operator (Prometheus, Alertmanager) or carry the statefulset.kubernetes.io/pod-name label the StatefulSet controller sets, which kube-score does not know',
    matches: listed('networkpolicy-targets-pod|kube-score|src/checks/network/network-policy-selects-nothing/dont-fire.yaml: NetworkPolicy ops/prometheus',
      'service-targets-pod|kube-score|src/checks/network/service-selects-nothing/dont-fire.yaml: Service ops/alertmanager-main',
      'service-targets-pod|kube-score|src/checks/network/service-selects-nothing/dont-fire.yaml: Service cache/redis-ha-announce-0',
      'service-targets-pod|kube-score|test/corpus/real-world/argo-cd/manifests/ha/install.yaml: Service argocd-redis-ha-announce-0',
      'service-targets-pod|kube-score|test/corpus/real-world/argo-cd/manifests/ha/install.yaml: Service argocd-redis-ha-announce-1',
      'service-targets-pod|kube-score|test/corpus/real-world/argo-cd/manifests/ha/install.yaml: Service argocd-redis-ha-announce-2',
      'networkpolicy-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests test/corpus/real-world/kube-prometheus/manifests/alertmanager-networkPolicy.yaml: NetworkPolicy monitoring/alertmanager-main',
      'service-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests test/corpus/real-world/kube-prometheus/manifests/alertmanager-service.yaml: Service monitoring/alertmanager-main',
      'networkpolicy-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests test/corpus/real-world/kube-prometheus/manifests/prometheus-networkPolicy.yaml: NetworkPolicy monitoring/prometheus-k8s',
      'service-targets-pod|kube-score|test/corpus/real-world/kube-prometheus/manifests test/corpus/real-world/kube-prometheus/manifests/prometheus-service.yaml: Service monitoring/prometheus-k8s'),
  },
  {
    check: 'service-targets-pod',
    only: 'kube-score',
    reason: 'kube-score quirk: the pods come from a ReplicationController, which kube-score does not read',
    matches: listed('service-targets-pod|kube-score|test/corpus/real-world/kubernetes-examples/_archived/https-nginx/nginx-app.yaml: Service nginxsvc',
      'service-targets-pod|kube-score|test/corpus/real-world/kubernetes-examples/_archived/storage/mysql-galera/pxc-node1.yaml: Service pxc-node1',
      'service-targets-pod|kube-score|test/corpus/real-world/kubernetes-examples/web/guestbook-go test/corpus/real-world/kubernetes-examples/web/guestbook-go/guestbook-service.yaml: Service guestbook'),
  },
  {
    check: '*',
    only: '*',
    reason: 'not yet classified: found by the oracle, to be looked into',
    matches: listed('horizontalpodautoscaler-has-target|kube-score|src/checks/availability/hpa-target-missing/dont-fire.yaml: HorizontalPodAutoscaler data/db',
      'deployment-has-host-podantiaffinity|kube-score|src/checks/availability/missing-pod-anti-affinity/dont-fire.yaml: Deployment shop/search',
      'deployment-has-host-podantiaffinity|rampart|src/checks/availability/missing-pod-anti-affinity/fires.yaml: Deployment shop/web',
      'deployment-has-host-podantiaffinity|rampart|src/checks/availability/missing-pod-anti-affinity/fires.yaml: Deployment shop/cart',
      'deployment-has-poddisruptionbudget|kube-score|src/checks/availability/missing-pod-disruption-budget/dont-fire.yaml: Deployment api',
      'deployment-has-poddisruptionbudget|rampart|src/checks/availability/missing-pod-disruption-budget/fires.yaml: Deployment legacy/cart',
      'pod-networkpolicy|kube-score|src/checks/network/namespace-without-default-deny/dont-fire.yaml: Deployment tenant-a/app',
      'pod-networkpolicy|kube-score|src/checks/network/pod-not-selected-by-network-policy/dont-fire.yaml: Pod debug',
      'ingress-targets-service|kube-score|src/checks/pod-security/host-probe-or-lifecycle-host/dont-fire.yaml: Ingress web',
      'container-image-pull-policy|kube-score|test/corpus/real-world/kubernetes-dashboard/aio/deploy test/corpus/real-world/kubernetes-dashboard/aio/deploy/recommended.yaml: Deployment kubernetes-dashboard/kubernetes-dashboard[kubernetes-dashboard]',
      'ingress-targets-service|kube-score|test/corpus/real-world/kubernetes-examples/AI/model-serving-tensorflow test/corpus/real-world/kubernetes-examples/AI/model-serving-tensorflow/ingress.yaml: Ingress tf-serving-ingress',
      'deployment-replicas|kube-score|test/corpus/real-world/metrics-server test/corpus/real-world/metrics-server/high-availability-1.21+.yaml: Deployment kube-system/metrics-server',
      'deployment-has-host-podantiaffinity|kube-score|test/corpus/real-world/metrics-server test/corpus/real-world/metrics-server/high-availability-1.21+.yaml: Deployment kube-system/metrics-server'),
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
 * relate across its files), and each rule fixture alone.
 */
function inputGroups(): string[][] {
  const yaml = (f: string) => /\.ya?ml$/.test(f);
  const byDir = new Map<string, string[]>();
  for (const file of [...walk(path.join(ROOT, 'test/corpus/real-world'), yaml), ...walk(path.join(ROOT, 'test/corpus/insecure'), yaml)]) {
    byDir.set(path.dirname(file), [...(byDir.get(path.dirname(file)) ?? []), file]);
  }
  const fixtures = walk(path.join(ROOT, 'src/checks'), (f) => /[/\\](fires|dont-fire)\.yaml$/.test(f)).map((f) => [f]);
  return [...[...byDir.values()].map((files) => files.sort()), ...fixtures].sort((a, b) => a[0]!.localeCompare(b[0]!));
}

function run(binary: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
        for (const container of new Set(comments.map((c) => c.path))) {
          flags.push({ ...base, check, container, detail: comments.filter((c) => c.path === container).map((c) => c.summary) });
        }
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
  const inputs = loadInputs(files);
  const nthOf = new Map<K8sObject, number>();
  const seen = new Map<string, number>();
  const bodies = new Map<string, Record<string, unknown>>();
  for (const object of inputs.objects) {
    const key = objectKey({ world, source: sourceOf(object), kind: object.kind, namespace: object.namespace ?? '', name: object.name, nth: 0 });
    nthOf.set(object, seen.get(key) ?? 0);
    bodies.set(objectKey({ world, source: sourceOf(object), kind: object.kind, namespace: object.namespace ?? '', name: object.name, nth: seen.get(key) ?? 0 }), object.body);
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

function objectKey(f: { world: string; source: string; kind: string; namespace: string; name: string; nth: number }): string {
  return `${f.source === f.world ? f.world : `${f.world} ${f.source}`}: ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}${f.nth > 0 ? `#${f.nth + 1}` : ''}`;
}
function flagKey(f: Flag): string {
  return `${objectKey(f)}${f.container !== undefined ? `[${f.container}]` : ''}`;
}
function describeDisagreement(d: Disagreement): string {
  return `${d.check}: only ${d.only} flags ${flagKey(d)} — ${d.detail.join('; ')} (other side: ${d.otherSide})`;
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

    const unexplained = disagreements.filter((d) => !EXPECTED.some((e) => (e.check === '*' || e.check === d.check) && (e.only === '*' || e.only === d.only) && e.matches(d)));
    const idle = EXPECTED.filter((e) => !disagreements.some((d) => (e.check === '*' || e.check === d.check) && (e.only === '*' || e.only === d.only) && e.matches(d)));
    if (SHOW) {
      for (const d of unexplained) console.log(describeDisagreement(d));
      console.log(`kube-score could not read ${unreadable.length} files:\n${unreadable.join('\n')}`);
    }
    expect(unexplained.map(describeDisagreement)).toEqual([]);
    expect(idle.map((e) => `${e.check} (only ${e.only}): ${e.reason}`)).toEqual([]);
    // The inputs kube-score refuses: fixtures with wrong-typed fields, which the API server refuses too.
    expect(unreadable.filter((u) => !u.startsWith('src/checks/'))).toEqual([]);
  }, 300_000);
});
