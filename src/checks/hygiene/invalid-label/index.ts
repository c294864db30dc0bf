import type { Path } from '../../../core/path.js';
import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord, getIn } from '../../../k8s/access.js';
import { controllerSelector } from '../../../k8s/controllers.js';
import { labelKeyError, labelValueError } from '../../../k8s/label-syntax.js';
import { podViewOf } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';

type Where =
  | 'label'
  | 'pod template label'
  | 'job template label'
  | 'selector'
  | 'node selector'
  | 'pod affinity selector'
  | 'pod anti-affinity selector'
  | 'topology spread selector';

/** Who rejects the field: the API server, for the object itself, or for each Job a CronJob creates from its job template. */
function rejection(where: Where): string {
  return where === 'job template label' ? 'the API server rejects in every Job the CronJob creates (the CronJob itself is accepted, so each run fails)' : 'the API server rejects';
}

/**
 * Reports the invalid keys and values of a label map (metadata.labels, a map selector, a
 * nodeSelector). Non-string values are the schema's to report.
 */
function checkMap(value: unknown, path: Path, where: Where, owner: string, report: (r: Report) => void): void {
  for (const [key, v] of Object.entries(asRecord(value) ?? {})) {
    const keyError = labelKeyError(key);
    if (keyError) {
      report({ path: [...path, key], message: `${owner} has the ${where} key ${JSON.stringify(key)}, which ${rejection(where)}: ${keyError}` });
      continue;
    }
    if (typeof v !== 'string') continue;
    const valueError = labelValueError(v);
    if (valueError) report({ path: [...path, key], message: `${owner} has the ${where} ${key}=${JSON.stringify(v)}, whose value ${rejection(where)}: a label value ${valueError}` });
  }
}

/** The keys and values of a metav1.LabelSelector's matchLabels and matchExpressions. */
function checkLabelSelector(raw: unknown, path: Path, where: Where, owner: string, report: (r: Report) => void): void {
  checkMap(getIn(raw, 'matchLabels'), [...path, 'matchLabels'], where, owner, report);
  asArray(getIn(raw, 'matchExpressions')).forEach((item, i) => {
    const at = [...path, 'matchExpressions', i];
    const key = getIn(item, 'key');
    const keyError = typeof key === 'string' ? labelKeyError(key) : undefined;
    if (keyError) report({ path: [...at, 'key'], message: `${owner} has the ${where} key ${JSON.stringify(key)}, which the API server rejects: ${keyError}` });
    asArray(getIn(item, 'values')).forEach((v, j) => {
      const valueError = typeof v === 'string' ? labelValueError(v) : undefined;
      if (valueError) report({ path: [...at, 'values', j], message: `${owner} has the ${where} value ${JSON.stringify(v)} for ${String(key)}, which the API server rejects: a label value ${valueError}` });
    });
  });
}

/**
 * The label selectors of a pod spec the API server validates: each pod affinity and anti-affinity
 * term's labelSelector and namespaceSelector (required and preferred), and each topology spread
 * constraint's labelSelector.
 */
function checkPodSpecSelectors(spec: unknown, specPath: Path, owner: string, report: (r: Report) => void): void {
  const affinities = [
    ['podAffinity', 'pod affinity selector'],
    ['podAntiAffinity', 'pod anti-affinity selector'],
  ] as const;
  for (const [kind, where] of affinities) {
    const affinity = getIn(spec, 'affinity', kind);
    const terms: { term: unknown; path: Path }[] = [
      ...asArray(getIn(affinity, 'requiredDuringSchedulingIgnoredDuringExecution')).map((term, i) => ({
        term,
        path: [...specPath, 'affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution', i],
      })),
      ...asArray(getIn(affinity, 'preferredDuringSchedulingIgnoredDuringExecution')).map((weighted, i) => ({
        term: getIn(weighted, 'podAffinityTerm'),
        path: [...specPath, 'affinity', kind, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'],
      })),
    ];
    for (const { term, path } of terms) {
      checkLabelSelector(getIn(term, 'labelSelector'), [...path, 'labelSelector'], where, owner, report);
      checkLabelSelector(getIn(term, 'namespaceSelector'), [...path, 'namespaceSelector'], where, owner, report);
    }
  }
  asArray(getIn(spec, 'topologySpreadConstraints')).forEach((constraint, i) => {
    checkLabelSelector(getIn(constraint, 'labelSelector'), [...specPath, 'topologySpreadConstraints', i, 'labelSelector'], 'topology spread selector', owner, report);
  });
}

export default defineCheck({
  id: 'invalid-label',
  title: 'Label key or value that the API server rejects',
  severity: 'medium',
  category: 'hygiene',
  target: 'any',
  admission: true,
  description:
    "Label keys are an optional DNS subdomain prefix and a name of at most 63 characters; label values are at most 63 characters of letters, digits, -, _ and ., starting and ending with a letter or digit (or empty). The API server rejects an object whose labels or label selectors break these rules, so the deploy fails; the usual causes are a version with a + or a /, a long generated value, or a space. The check reads metadata.labels, pod template labels, nodeSelector, the selectors of pod affinity and anti-affinity terms (labelSelector and namespaceSelector) and of topology spread constraints, a workload controller's selector, a Service's selector and a PodDisruptionBudget's selector, and a CronJob's jobTemplate labels, which the API server accepts in the CronJob but rejects in each Job made from it, so every run fails. NetworkPolicy selectors are left to network-policy-invalid; admission webhook selectors are not read. The schema check does not see any of this, as the schema types labels as plain strings.",
  remediation:
    'Shorten or rewrite the label: replace / + : and spaces with - or ., trim it to 63 characters, and keep values that do not fit (URLs, descriptions, long hashes) in annotations instead.',
  references: [
    k8sDocs('Labels: syntax and character set', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set'),
  ],
  run({ object, report }) {
    const owner = `${object.kind} "${object.name}"`;
    checkMap(getIn(object.body, 'metadata', 'labels'), ['metadata', 'labels'], 'label', owner, report);
    const pod = podViewOf(object);
    if (pod) {
      // A Pod's own metadata is its template; other workloads carry a template of their own.
      if (pod.workloadKind.templatePath.length > 0) checkMap(getIn(object.body, ...pod.metadataPath.map(String), 'labels'), [...pod.metadataPath, 'labels'], 'pod template label', owner, report);
      checkMap(pod.spec.nodeSelector, [...pod.specPath, 'nodeSelector'], 'node selector', owner, report);
      checkPodSpecSelectors(pod.spec, pod.specPath, owner, report);
      const selector = controllerSelector(object);
      if (selector?.form === 'map') checkMap(selector.raw, selector.path, 'selector', owner, report);
      else if (selector) checkLabelSelector(selector.raw, selector.path, 'selector', owner, report);
      // The CronJob controller copies these labels to each Job it creates, where they are validated.
      if (object.kind === 'CronJob' && object.group === 'batch') {
        const path = ['spec', 'jobTemplate', 'metadata', 'labels'];
        checkMap(getIn(object.body, ...path), path, 'job template label', owner, report);
      }
    } else if (object.kind === 'Service' && object.group === '') {
      checkMap(getIn(object.body, 'spec', 'selector'), ['spec', 'selector'], 'selector', owner, report);
    } else if (object.kind === 'PodDisruptionBudget' && object.group === 'policy') {
      checkLabelSelector(getIn(object.body, 'spec', 'selector'), ['spec', 'selector'], 'selector', owner, report);
    }
  },
});
