import { asArray, asRecord, asString, type JsonRecord } from '../../k8s/access.js';
import type { NamespaceSource } from '../namespaces/source.js';
import { evaluatePod } from '../../pss/index.js';
import { forbiddenReason } from './evaluate.js';
import { type LevelVersion, formatLevelVersion } from './levels.js';

export interface ExistingPodsCheck {
  readonly namespace: string;
  readonly enforce: LevelVersion;
  readonly source: NamespaceSource;
  readonly exemptRuntimeClass: (runtimeClass: string | undefined) => boolean;
  readonly maxPods: number;
  readonly timeoutMs: number;
}

/**
 * The warnings PSA gives when a namespace's enforce level is tightened: which existing pods would
 * violate it, one line per distinct reason, naming the first pod and counting the others. Pods of
 * one controller are checked once before their replicas; the check stops at a pod limit and a deadline.
 */
export async function evaluatePodsInNamespace(check: ExistingPodsCheck): Promise<string[]> {
  if (!check.source.listPods) return [];
  const deadline = Date.now() + check.timeoutMs;
  let pods: JsonRecord[];
  try {
    pods = await check.source.listPods(check.namespace, check.timeoutMs);
  } catch {
    return ['failed to list pods while checking new PodSecurity enforce level'];
  }
  const prioritized = prioritize(pods, check.exemptRuntimeClass);
  const total = prioritized.length;
  const candidates = prioritized.slice(0, check.maxPods);
  let checked = candidates.length;
  const counts = new Map<string, { podName: string; count: number }>();
  const reasons: string[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const pod = candidates[i] ?? {};
    const result = evaluatePod({ metadata: pod.metadata ?? {}, spec: pod.spec ?? {} }, check.enforce);
    if (!result.allowed) {
      const reason = forbiddenReason(result.violations);
      const name = asString(asRecord(pod.metadata)?.name) ?? '';
      const seen = counts.get(reason);
      if (!seen) {
        counts.set(reason, { podName: name, count: 1 });
        reasons.push(reason);
      } else {
        seen.count++;
        if (name < seen.podName) seen.podName = name;
      }
    }
    if (Date.now() > deadline) {
      checked = i + 1;
      break;
    }
  }
  const warnings: string[] = [];
  if (checked < total) warnings.push(`new PodSecurity enforce level only checked against the first ${checked} of ${total} existing pods`);
  if (reasons.length > 0) {
    warnings.push(`existing pods in namespace ${JSON.stringify(check.namespace)} violate the new PodSecurity enforce level ${JSON.stringify(formatLevelVersion(check.enforce))}`);
  }
  const decorated = reasons.map((reason) => {
    const c = counts.get(reason) ?? { podName: '', count: 0 };
    if (c.count === 1) return `${c.podName}: ${reason}`;
    if (c.count === 2) return `${c.podName} (and 1 other pod): ${reason}`;
    return `${c.podName} (and ${c.count - 1} other pods): ${reason}`;
  });
  decorated.sort();
  return [...warnings, ...decorated];
}

/** Pods without an exempt runtime class, the first pod of each controller before the rest. */
function prioritize(pods: readonly JsonRecord[], exempt: (runtimeClass: string | undefined) => boolean): JsonRecord[] {
  const first: JsonRecord[] = [];
  const replicas: JsonRecord[] = [];
  const controllers = new Set<string>();
  for (const pod of pods) {
    if (exempt(asString(asRecord(pod.spec)?.runtimeClassName))) continue;
    const owner = asArray(asRecord(pod.metadata)?.ownerReferences)
      .map(asRecord)
      .find((r) => r?.controller === true);
    const uid = asString(owner?.uid);
    if (uid === undefined) first.push(pod);
    else if (controllers.has(uid)) replicas.push(pod);
    else {
      controllers.add(uid);
      first.push(pod);
    }
  }
  return [...first, ...replicas];
}
