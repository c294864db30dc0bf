import type { Path } from '../../../core/path.js';
import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord, type JsonRecord } from '../../../k8s/access.js';
import { type ControllerSelector, controllerSelector, isOwnedByWorkload } from '../../../k8s/controllers.js';
import { matchesSelector, type Requirement } from '../../../k8s/selectors.js';
import { defineCheck } from '../../api.js';

type Labels = Readonly<Record<string, string>>;

/** A requirement in kubectl's selector syntax: `tier in (web, api)`, `canary`, `!canary`. */
function describeRequirement(req: Requirement): string {
  switch (req.operator) {
    case 'In':
      return `${req.key} in (${req.values.join(', ')})`;
    case 'NotIn':
      return `${req.key} notin (${req.values.join(', ')})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
  }
}

function templateLabel(labels: Labels, key: string): string {
  return Object.hasOwn(labels, key) ? `has ${key}=${labels[key]}` : `has no label ${key}`;
}

interface Mismatch {
  readonly path: Path;
  readonly wanted: string;
  readonly key: string;
}

/** Each selector requirement the template labels fail, at the path where it is written. */
function mismatches({ path, form, selector }: ControllerSelector, labels: Labels): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!Object.hasOwn(labels, key) || labels[key] !== value) out.push({ path: form === 'map' ? [...path, key] : [...path, 'matchLabels', key], wanted: `${key}=${value}`, key });
  }
  selector.matchExpressions.forEach((req, i) => {
    if (!matchesSelector({ matchLabels: {}, matchExpressions: [req], valid: true }, labels)) {
      out.push({ path: [...path, 'matchExpressions', i], wanted: describeRequirement(req), key: req.key });
    }
  });
  return out;
}

/** Kinds whose validation rejects an empty selector ("empty selector is invalid for ..."). */
const EMPTY_SELECTOR_REJECTED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

function isEmptyAsWritten(raw: JsonRecord, form: 'map' | 'label-selector'): boolean {
  if (form === 'map') return Object.keys(raw).length === 0;
  return Object.keys(asRecord(raw.matchLabels) ?? {}).length === 0 && asArray(raw.matchExpressions).length === 0;
}

export default defineCheck({
  id: 'selector-label-mismatch',
  title: 'Controller selector does not match its pod template labels',
  severity: 'high',
  category: 'hygiene',
  target: 'workload',
  admission: true,
  description:
    'A controller counts and manages the pods its selector matches. When the pod template labels do not satisfy the selector the API server rejects the object, and it rejects an empty selector on a Deployment, ReplicaSet, StatefulSet or DaemonSet. Elsewhere (a Job with manualSelector, a custom controller such as an Argo Rollout) an empty selector matches every pod in the namespace, letting the controller adopt or delete pods it did not create. A CronJob may not set a selector in its jobTemplate at all: the API server rejects it, as each Job gets a generated one.',
  remediation:
    'Make spec.selector a non-empty subset of the pod template labels, and keep the two in sync; note that the selector of apps/v1 controllers cannot be changed after creation. Remove the selector (and manualSelector) from a CronJob\'s jobTemplate.',
  references: [
    k8sDocs('Labels and Selectors', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
    k8sDocs('Deployments: selector', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector'),
  ],
  run({ object, pod, report }) {
    const found = controllerSelector(object);
    if (!found) return;
    if (object.kind === 'CronJob') {
      // ValidateJobTemplateSpec: "`selector` will be auto-generated", whatever it selects.
      report({
        path: found.path,
        message: `CronJob "${object.name}" sets spec.jobTemplate.spec.selector, which the API server rejects for a CronJob whatever it selects: each Job gets a generated selector (and manualSelector: true is refused there too); remove it`,
      });
      return;
    }
    // An invalid selector is a schema problem; schema validation reports it.
    if (!found.selector.valid || isOwnedByWorkload(object)) return;
    const { path, raw, form } = found;
    if (isEmptyAsWritten(raw, form)) {
      // An empty plain-map selector (ReplicationController) is defaulted to the template labels.
      if (form !== 'label-selector') return;
      const why = EMPTY_SELECTOR_REJECTED.has(object.kind) ? `which the API server rejects for a ${object.kind}` : 'which matches every pod in its namespace';
      report({ path, message: `${object.kind} "${object.name}" has an empty selector, ${why}` });
      return;
    }
    for (const m of mismatches(found, pod.labels)) {
      report({ path: m.path, message: `${object.kind} "${object.name}" selects ${m.wanted}, but its pod template ${templateLabel(pod.labels, m.key)}` });
    }
  },
});
