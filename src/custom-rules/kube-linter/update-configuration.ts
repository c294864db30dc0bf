import { asRecord, type JsonRecord } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import { declaredOnly, type Diagnostic, type PortedTemplate, regex, stringParam } from './template.js';

/** An IntOrString as the API decodes it: a number is an int, a string a string. */
type IntOrString = { readonly kind: 'int'; readonly value: number } | { readonly kind: 'string'; readonly value: string };

/**
 * Where each kind keeps its update strategy, as kube-linter finds it by reflection on the Go
 * types: the strategy field, the rolling parameters' field in it, and whether those have MaxSurge
 * (a StatefulSet's do not). Other kinds have no update strategy and are not reported.
 */
const STRATEGIES: Readonly<Record<string, { readonly field: string; readonly rolling: string; readonly surge: boolean }>> = {
  'apps/Deployment': { field: 'strategy', rolling: 'rollingUpdate', surge: true },
  'apps/DaemonSet': { field: 'updateStrategy', rolling: 'rollingUpdate', surge: true },
  'apps/StatefulSet': { field: 'updateStrategy', rolling: 'rollingUpdate', surge: false },
  'apps.openshift.io/DeploymentConfig': { field: 'strategy', rolling: 'rollingParams', surge: true },
};

/**
 * update-configuration: the update strategy's type must match strategyTypeRegex, and a rolling
 * update's maxUnavailable and maxSurge must lie within the bounds given (a number, or a percentage
 * compared with percentages only), as kube-linter's template and apimachinery's intstr read them.
 */
export const updateConfiguration: PortedTemplate = {
  objectKinds: ['DeploymentLike'],
  instantiate(params) {
    declaredOnly(params, ['strategytyperegex', 'maxpodsunavailable', 'minpodsunavailable', 'maxsurge', 'minsurge']);
    const typeRegex = stringParam(params, 'strategytyperegex');
    if (typeRegex === '') throw new Error('invalid parameters: required param strategyTypeRegex not found');
    const typeMatches = regex(typeRegex, 'regex');
    const written = {
      maxUnavailable: stringParam(params, 'maxpodsunavailable'),
      minUnavailable: stringParam(params, 'minpodsunavailable'),
      maxSurge: stringParam(params, 'maxsurge'),
      minSurge: stringParam(params, 'minsurge'),
    };
    const bound = (text: string, name: string) => (text === '' ? undefined : boundOf(text, name));
    const maxUnavailable = bound(written.maxUnavailable, 'MaxPodsUnavailable');
    const minUnavailable = bound(written.minUnavailable, 'MinPodsUnavailable');
    const maxSurge = bound(written.maxSurge, 'MaxSurge');
    const minSurge = bound(written.minSurge, 'MinSurge');
    // kube-linter's test: the regex's own text contains "Rolling", and some bound is set.
    const needsRollingParams = /Rolling/.test(typeRegex) && Object.values(written).some((v) => v !== '');
    return (object) => {
      const where = strategyOf(object);
      if (!where) return [];
      const { path, strategy, rolling } = where;
      const found: Diagnostic[] = [];
      const type = typeof strategy?.type === 'string' ? strategy.type : '';
      if (!typeMatches(type)) found.push({ path: [...path, 'type'], message: `object has ${type.length > 0 ? type : 'no'} strategy type but must match regex ${typeRegex}` });
      if (needsRollingParams && !rolling.value) found.push({ path, message: 'object has no rolling update parameters defined' });
      if (!rolling.value) return found;
      const limits = [
        { field: 'maxUnavailable', max: maxUnavailable, min: minUnavailable, maxText: written.maxUnavailable, minText: written.minUnavailable, what: 'max unavailable' },
        ...(where.surge ? [{ field: 'maxSurge', max: maxSurge, min: minSurge, maxText: written.maxSurge, minText: written.minSurge, what: 'max surge' }] : []),
      ];
      for (const limit of limits) {
        const actual = intOrString(rolling.value[limit.field]);
        if (withinBounds(limit.max, limit.min, actual)) continue;
        const required = [limit.minText !== '' ? `at least ${limit.minText}` : '', limit.maxText !== '' ? `no more than ${limit.maxText}` : ''].filter(Boolean).join(' and ');
        found.push({ path: [...rolling.path, limit.field], message: `object has a ${limit.what} of ${intOrStringText(actual)} but ${required} is required` });
      }
      return found;
    };
  },
};

/** The object's strategy (undefined for a kind without one) and its rolling parameters, present or not. */
function strategyOf(object: K8sObject): { path: string[]; strategy: JsonRecord | undefined; rolling: { path: string[]; value: JsonRecord | undefined }; surge: boolean } | undefined {
  const kind = STRATEGIES[`${object.group}/${object.kind}`];
  if (!kind) return undefined;
  const spec = asRecord(object.body.spec);
  const strategy = asRecord(spec?.[kind.field]);
  const path = ['spec', kind.field];
  return { path, strategy, rolling: { path: [...path, kind.rolling], value: asRecord(strategy?.[kind.rolling]) }, surge: kind.surge };
}

/** A bound parameter: a whole number from 0, or a percentage from 0% to 100% (kube-linter's parseIntOrString). */
function boundOf(text: string, name: string): IntOrString {
  const invalid = (why: string) => new Error(`configuration verification: invalid ${name} ${text}: ${why}`);
  const whole = goAtoi(text);
  if (whole !== undefined) {
    if (whole < 0) throw invalid(`${whole} isn't a valid value`);
    return { kind: 'int', value: whole };
  }
  if (!text.endsWith('%')) throw invalid(`${text} is not a valid string.  It does not end with %`);
  const percent = goAtoi(text.slice(0, -1));
  if (percent === undefined) throw invalid(`unable to parse ${text}`);
  if (percent > 100 || percent < 0) throw invalid(`${text} isn't a valid percent`);
  return { kind: 'string', value: text };
}

/** strconv.Atoi: an optional sign and decimal digits, within int64. */
function goAtoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function intOrString(value: unknown): IntOrString | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { kind: 'int', value };
  if (typeof value === 'string') return { kind: 'string', value };
  return undefined;
}

/** IntOrString.String(): "<nil>" for a missing value. */
function intOrStringText(value: IntOrString | undefined): string {
  return value === undefined ? '<nil>' : String(value.value);
}

/** intstr.GetValueFromIntOrPercent(value, 100, false): a percentage of 100 rounded down; an error for a string that is no percentage. */
function valueOf(value: IntOrString): number | undefined {
  if (value.kind === 'int') return value.value;
  if (!value.value.endsWith('%')) return undefined;
  const percent = goAtoi(value.value.slice(0, -1));
  return percent === undefined ? undefined : Math.floor((percent * 100) / 100);
}

/** kube-linter's compareIntOrString: no bounds pass anything; a bound fails a missing value, a value of the other form (number or percentage), or one beyond it. */
function withinBounds(max: IntOrString | undefined, min: IntOrString | undefined, actual: IntOrString | undefined): boolean {
  if (!max && !min) return true;
  if (!actual) return false;
  const amount = valueOf(actual);
  if (amount === undefined) return false;
  const isPercent = intOrStringText(actual).includes('%');
  for (const [limit, fails] of [
    [max, (a: number, l: number) => a > l],
    [min, (a: number, l: number) => a < l],
  ] as const) {
    if (!limit) continue;
    if (intOrStringText(limit).includes('%') !== isPercent) return false;
    const bound = valueOf(limit);
    if (bound === undefined || fails(amount, bound)) return false;
  }
  return true;
}
