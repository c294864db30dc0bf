import { CHECKS } from '../../checks/index.js';
import { quantityValue } from '../../checks/workload/resources.js';
import { templateParams } from './kube-linter-templates.js';
import type { ImportedConfig, ImportedParams } from './types.js';

/**
 * kube-linter's cpu-requirements and memory-requirements templates, as custom checks write them:
 * a container is flagged when its request (or limit) lies inside [lowerBound, upperBound], both
 * inclusive, a missing value counting as zero. resources-out-of-range flags what lies outside its
 * bounds, so a check open at one end becomes a bound of that rule, and one that flags the missing
 * value is the -missing rules' job. A band closed at both ends has no equivalent.
 */
const RULE = 'resources-out-of-range';
const MI = 2 ** 20;

type Field = 'requests' | 'limits';
type Resource = 'cpu' | 'memory';

interface Template {
  readonly resource: Resource;
  /** The fields each requirementsType reads; cpu-requirements reads the request only since 2024. */
  readonly fields: Readonly<Record<string, readonly Field[]>>;
  readonly lower: string;
  readonly upper: string;
  /** An amount of the template's unit as exact bounds: the first amount above `n` units, and the last below. */
  readonly above: (n: number) => string;
  readonly below: (n: number) => string;
  readonly unit: (n: number) => string;
  /** The -missing rule of each field, which reports the missing or zero value the check flags. */
  readonly missing: Readonly<Record<Field, string>>;
}

const TEMPLATES: Readonly<Record<string, Template>> = {
  // MilliValue rounds up, and the API refuses CPU finer than 1m, so whole millicores are exact.
  'cpu-requirements': {
    resource: 'cpu',
    fields: { request: ['requests'], any: ['requests'], limit: [] },
    lower: 'lowerBoundMillis',
    upper: 'upperBoundMillis',
    above: (n) => `${n + 1}m`,
    below: (n) => `${n - 1}m`,
    unit: (n) => `${n}m`,
    missing: { requests: 'cpu-requests-missing', limits: 'cpu-limits-missing' },
  },
  // Bounds in MiB, compared with the amount in whole bytes.
  'memory-requirements': {
    resource: 'memory',
    fields: { request: ['requests'], limit: ['limits'], any: ['requests', 'limits'] },
    lower: 'lowerBoundMB',
    upper: 'upperBoundMB',
    above: (n) => String(n * MI + 1),
    below: (n) => String(n * MI - 1),
    unit: (n) => `${n}Mi`,
    missing: { requests: 'memory-requests-missing', limits: 'memory-limits-missing' },
  },
};

/** The bounds gathered from kube-linter's checks, per resource and field, and the checks they come from. */
export interface ResourceBounds {
  readonly bounds: Map<`${Resource}.${Field}`, { min?: string; max?: string }>;
  readonly from: string[];
}

export function emptyResourceBounds(): ResourceBounds {
  return { bounds: new Map(), from: [] };
}

/**
 * A custom check of the cpu-requirements or memory-requirements template: its bounds, gathered;
 * false for a check of any other template. A check that has no equivalent is listed as not imported.
 */
export function readRequirementsCheck(check: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, gathered: ResourceBounds, into: ImportedConfig): boolean {
  const template = typeof check.template === 'string' ? TEMPLATES[check.template] : undefined;
  if (!template) return false;
  const name = String(check.name);
  if (excluded.has(name)) return true;
  const params = templateParams(check);
  const setting = `${where}: ${name} (${String(check.template)})`;
  const type = typeof params.requirementstype === 'string' ? params.requirementstype : '';
  const fields = Object.hasOwn(template.fields, type) ? template.fields[type]! : undefined;
  const lower = params[template.lower.toLowerCase()] ?? 0;
  const upper = params[template.upper.toLowerCase()];
  if (!fields || !Number.isInteger(lower) || (upper !== undefined && upper !== null && !Number.isInteger(upper))) {
    into.notImported.push(`${setting}: not a valid check of its template (requirementsType request, limit or any; whole-number bounds), which kube-linter refuses`);
    return true;
  }
  if (fields.length === 0) {
    into.notImported.push(`${setting}: flags nothing, as kube-linter's cpu-requirements reads the CPU request only`);
    return true;
  }
  const low = Math.max(0, lower as number);
  const high = upper === undefined || upper === null ? undefined : (upper as number);
  if (high !== undefined && high < low) {
    into.notImported.push(`${setting}: flags nothing (its lower bound is above its upper bound)`);
    return true;
  }
  if (low > 0 && high !== undefined) {
    into.notImported.push(`${setting}: flags amounts from ${template.unit(low)} to ${template.unit(high)}; ${RULE} flags amounts outside its bounds, never inside`);
    return true;
  }
  if (low === 0 && high === undefined) {
    into.notImported.push(`${setting}: flags every container, whatever it sets`);
    return true;
  }
  // From here the check flags a missing value and amounts up to `high` (low 0), or amounts from `low` on.
  const missing = fields.map((field) => template.missing[field]);
  const missingRules = `${missing.join(' and ')} report${missing.length === 1 ? 's' : ''}`;
  if (low === 0 && high === 0) {
    into.notImported.push(`${setting}: flags a missing or zero ${fields.map(singular).join(' or ')} only, which ${missingRules} (on by default)`);
    return true;
  }
  for (const field of fields) {
    const key = `${template.resource}.${field}` as const;
    const bound = gathered.bounds.get(key) ?? {};
    if (low === 0) bound.min = stricter(bound.min, template.above(high!), 'min');
    else bound.max = stricter(bound.max, template.below(low), 'max');
    gathered.bounds.set(key, bound);
  }
  const what = low === 0 ? `flags amounts up to ${template.unit(high!)}` : `flags amounts from ${template.unit(low)} on`;
  gathered.from.push(`${setting} ${what}${low === 0 ? ` (a missing or zero value too, which ${missingRules})` : ''}`);
  return true;
}

/**
 * Writes the gathered bounds into resources-out-of-range's parameters. Each field keeps the
 * stricter of the imported bound and Rampart's default, so the default's catch of quantities
 * written without a unit stays.
 */
export function applyResourceBounds(gathered: ResourceBounds, into: ImportedConfig): void {
  if (gathered.from.length === 0 || into.off.has(RULE)) return;
  const defaults = defaultBounds();
  const params: Record<string, Record<string, ImportedParams>> = {};
  for (const [key, bound] of gathered.bounds) {
    const [resource, field] = key.split('.') as [Resource, Field];
    const fallback = defaults[resource]?.[field] ?? {};
    const merged: Record<string, string> = {};
    const min = stricter(fallback.min, bound.min, 'min');
    const max = stricter(fallback.max, bound.max, 'max');
    if (min !== undefined) merged.min = min;
    if (max !== undefined) merged.max = max;
    (params[resource] ??= {})[field] = merged;
  }
  into.on.set(RULE, `${gathered.from.join('; ')} (kube-linter reads containers and init containers; this rule also reads pod-level resources, and keeps its default bounds where they are stricter)`);
  into.params.set(RULE, params);
}

/** Rampart's default bounds, as the rule's parameter schema fills them in. */
function defaultBounds(): Record<string, Record<string, { min?: string; max?: string }>> {
  const parsed = CHECKS.get(RULE)?.parseParams({});
  return parsed?.ok ? (parsed.params as Record<string, Record<string, { min?: string; max?: string }>>) : {};
}

/** Of two bounds in the rule's quantity syntax, the one that flags more: the higher minimum, the lower maximum. */
function stricter(a: string | undefined, b: string | undefined, which: 'min' | 'max'): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const [x, y] = [quantityValue(a)!, quantityValue(b)!];
  return which === 'min' ? (y > x ? b : a) : y < x ? b : a;
}

const singular = (field: Field) => (field === 'requests' ? 'request' : 'limit');
