import { z } from 'zod';
import type { Path } from '../../../core/path.js';
import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containersWithResources, podLevelResourcesHonoured, quantityValue, type ResourceField, type ResourceName } from '../resources.js';

const quantity = z.string().refine((text) => quantityValue(text) !== undefined, { message: 'is not a Kubernetes quantity (500m, 2, 256Mi, 1Gi)' });
const range = z.strictObject({ min: quantity.optional(), max: quantity.optional() });
type Range = z.infer<typeof range>;
/** A resource's bounds: each field keeps its default unless written (`{}` removes it). */
const fields = (defaults: { requests?: Range; limits?: Range }) =>
  z.strictObject({ requests: range.default(defaults.requests ?? {}), limits: range.default(defaults.limits ?? {}) }).prefault({});

/**
 * Bounds per resource and field. The defaults catch a quantity written without its unit: a memory
 * amount under 1Mi is a few bytes or kilobytes (`memory: 512` is 512 bytes, less than any process
 * needs), and a CPU amount over 128 is that many cores (`cpu: 500` for 500m),
 * which no node has.
 */
const params = z.strictObject({
  cpu: fields({ requests: { max: '128' }, limits: { max: '128' } }),
  memory: fields({ requests: { min: '1Mi' }, limits: { min: '1Mi' } }),
  'ephemeral-storage': fields({}),
});

const RESOURCES: readonly ResourceName[] = ['cpu', 'memory', 'ephemeral-storage'];
const FIELDS: readonly ResourceField[] = ['requests', 'limits'];
/** The resources a pod may set for itself: not ephemeral-storage. */
const POD_RESOURCES: ReadonlySet<ResourceName> = new Set(['cpu', 'memory']);

/** Why `value` lies outside `bounds`, or undefined. A value that is no quantity is left to schema-validation. */
function outside(value: unknown, bounds: Range): string | undefined {
  const amount = value === undefined || value === null ? undefined : quantityValue(value);
  if (amount === undefined || amount === 0 || (bounds.min === undefined && bounds.max === undefined)) return undefined;
  if (bounds.min !== undefined && amount < quantityValue(bounds.min)!) return `below the minimum of ${bounds.min}`;
  if (bounds.max !== undefined && amount > quantityValue(bounds.max)!) return `above the maximum of ${bounds.max}`;
  return undefined;
}

export default defineCheck({
  id: 'resources-out-of-range',
  title: 'Container resource request or limit outside the allowed range',
  severity: 'medium',
  category: 'workload',
  target: 'workload',
  admission: true,
  params,
  description:
    "Reports a CPU, memory or ephemeral-storage request or limit (of a container, or of the pod itself) outside the bounds set for it. The default bounds catch a quantity written without its unit, one of the commonest mistakes in a manifest: `memory: 512` is 512 bytes, not 512Mi, and no process runs within a few kilobytes (below 1Mi), and `cpu: 500` is 500 cores, not 500m, which no node has (above 128), so the pod never schedules. Set your own bounds per resource and field (for example CPU limits from 200m to 2, as Polaris' cpuLimitsRange example does) to enforce a platform's sizing policy. Zero, a missing value and a value that is no quantity are left to the -missing rules and schema-validation.",
  remediation:
    'Write the amount with its unit (`512Mi`, `500m`), or change it to lie within the bounds; if the bounds are wrong for a workload, exempt it or adjust the rule\'s parameters in .rampart.yaml.',
  references: [k8sDocs('Resource units in Kubernetes', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes')],
  run({ pod, params: bounds, settings, report }) {
    const judge = (resources: unknown, path: Path, who: () => string, only?: ReadonlySet<ResourceName>) => {
      const written = asRecord(resources);
      if (!written) return;
      for (const field of FIELDS) {
        const values = asRecord(written[field]);
        if (!values) continue;
        for (const resource of RESOURCES) {
          const value = values[resource];
          if (value === undefined || (only && !only.has(resource))) continue;
          const why = outside(value, bounds[resource][field]);
          if (why) report({ path: [...path, 'resources', field, resource], message: `${who()} sets resources.${field}.${resource} to ${JSON.stringify(value)}, ${why}${hint(resource, value)}` });
        }
      }
    };
    for (const c of containersWithResources(pod)) judge(c.body.resources, c.path, () => describeContainer(c));
    if (podLevelResourcesHonoured(settings.kubeVersion)) judge(pod.spec.resources, pod.specPath, () => 'the pod', POD_RESOURCES);
  },
});

/** More CPUs than any node has, or less memory than any process starts in: the unit was left out. */
const NO_NODE_HAS_CPUS = 128;
const NO_CONTAINER_STARTS_IN_BYTES = 2 ** 20;

/** For an amount written without a unit that cannot be meant as written, what it means. */
function hint(resource: ResourceName, value: unknown): string {
  const bare = typeof value === 'number' || (typeof value === 'string' && /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(value));
  const amount = bare ? quantityValue(value) : undefined;
  if (amount === undefined) return '';
  const text = String(value).trim();
  if (resource === 'cpu') return amount > NO_NODE_HAS_CPUS ? ` (${text} cores; millicores are written with m, as in ${text}m)` : '';
  return amount < NO_CONTAINER_STARTS_IN_BYTES ? ` (${text} bytes; write Mi or Gi, as in ${text}Mi)` : '';
}
