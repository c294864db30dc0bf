import { asRecord, type JsonRecord, recordsWithIndex } from '../../k8s/access.js';
import type { Path } from '../../core/path.js';
import type { K8sObject } from '../../k8s/object.js';
import { podViewOf } from '../../k8s/workloads.js';
import { goQuote } from '../../pss/go.js';
import { labelSelector, labelSetText } from './label-selector.js';
import { declaredOnly, type Diagnostic, goString, type Params, type PortedTemplate, stringMatcher, stringParam } from './template.js';

/** The kinds whose Go type has a `*int32` spec.replicas (kube-linter's extract.Replicas; a DeploymentConfig's is an int32, which it skips). */
const REPLICATED = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/ReplicaSet', '/ReplicationController']);

/**
 * anti-affinity: a workload of at least minReplicas replicas (its replicas 1 when unset) whose pod template
 * has no pod anti-affinity term that applies to its own pods: in the template's own namespace when
 * the term lists namespaces (a template rarely has one, so a term listing any fails), selecting
 * the template's labels, on a topology key the pattern matches (exactly kubernetes.io/hostname by
 * default). One good term passes; otherwise each term's first problem is reported.
 */
export const antiAffinity: PortedTemplate = {
  objectKinds: ['DeploymentLike'],
  instantiate(params) {
    declaredOnly(params, ['minreplicas', 'topologykey']);
    const minReplicas = intParam(params, 'minreplicas');
    const written = stringParam(params, 'topologykey');
    const topologyMatches = written === '' ? (key: string) => key === 'kubernetes.io/hostname' : stringMatcher(written, 'topologyKey');
    return (object) => {
      const replicas = replicasOf(object);
      if (replicas === undefined || replicas < minReplicas) return [];
      const pod = podViewOf(object);
      if (!pod) return [];
      const noun = replicas > 1 ? 'replicas' : 'replica';
      const affinityPath = [...pod.specPath, 'affinity'];
      const anti = asRecord(asRecord(pod.spec.affinity)?.podAntiAffinity);
      if (!anti) return [{ path: affinityPath, message: `object has ${replicas} ${noun} but does not specify inter pod anti-affinity` }];
      const antiPath = [...affinityPath, 'podAntiAffinity'];
      const preferred = recordsWithIndex(anti.preferredDuringSchedulingIgnoredDuringExecution);
      const required = recordsWithIndex(anti.requiredDuringSchedulingIgnoredDuringExecution);
      if (preferred.length === 0 && required.length === 0) {
        return [{ path: antiPath, message: `object has ${replicas} ${noun} but does not specify preferred or required inter pod anti-affinity during scheduling` }];
      }
      const template = asRecord(asRecord(templateOf(object, pod.specPath))?.metadata);
      const namespace = goString(template?.namespace);
      const terms: Array<{ term: JsonRecord; path: Path }> = [
        ...preferred.map(({ record, index }) => ({ term: asRecord(record.podAffinityTerm) ?? {}, path: [...antiPath, 'preferredDuringSchedulingIgnoredDuringExecution', index, 'podAffinityTerm'] })),
        ...required.map(({ record, index }) => ({ term: record, path: [...antiPath, 'requiredDuringSchedulingIgnoredDuringExecution', index] })),
      ];
      const issues: Diagnostic[] = [];
      for (const { term, path } of terms) {
        const problem = termProblem(term, namespace, pod.labels, topologyMatches);
        if (problem === undefined) return [];
        issues.push({ path, message: problem });
      }
      return issues;
    };
  },
};

/** kube-linter's validateAffinityTermMatchesAgainstNodes: why a term does not keep the workload's own pods apart, or undefined. */
function termProblem(term: JsonRecord, namespace: string, labels: Readonly<Record<string, string>>, topologyMatches: (key: string) => boolean): string | undefined {
  const namespaces = Array.isArray(term.namespaces) ? term.namespaces.map(goString) : [];
  if (namespaces.length > 0 && !namespaces.includes(namespace)) return `pod's namespace ${goQuote(namespace)} not found in anti-affinity's namespaces [${namespaces.join(', ')}]`;
  const selector = labelSelector(term.labelSelector);
  if ('error' in selector) return selector.error;
  const key = goString(term.topologyKey);
  if (!topologyMatches(key)) return `anti-affinity's topology key does not match ${goQuote(key)}`;
  if (!selector.matches(labels)) return `pod's labels ${goQuote(labelSetText(labels))} do not match with anti-affinity's labels ${goQuote(selector.text)}`;
  return undefined;
}

/** spec.replicas, 1 when unset, for the kinds that have a `*int32` one; undefined for the others. */
function replicasOf(object: K8sObject): number | undefined {
  if (!REPLICATED.has(`${object.group}/${object.kind}`)) return undefined;
  const written = asRecord(object.body.spec)?.replicas;
  return typeof written === 'number' && Number.isInteger(written) ? written : 1;
}

/** The pod template that holds the pod spec at `specPath` (its metadata has the template's namespace and labels). */
function templateOf(object: K8sObject, specPath: Path): unknown {
  let node: unknown = object.body;
  for (const key of specPath.slice(0, -1)) node = asRecord(node)?.[key as string];
  return node;
}

/** An integer parameter (0 when unset); mapstructure takes a number of any kind and drops its fraction. */
function intParam(params: Params, name: string): number {
  const value = params[name];
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`parameter ${name} must be a number`);
  return Math.trunc(value);
}
