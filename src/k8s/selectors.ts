import { asArray, asRecord, asString, asStringMap, asStrings } from './access.js';

/**
 * A label selector as metav1.LabelSelector defines it: matchLabels and matchExpressions are
 * ANDed; an empty selector matches everything. Invalid selectors match nothing, as the API
 * server would reject them.
 */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly Requirement[];
  readonly valid: boolean;
}

export interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

export function parseLabelSelector(value: unknown): LabelSelector {
  const record = asRecord(value);
  if (!record) return { matchLabels: {}, matchExpressions: [], valid: value === undefined || value === null };
  const requirements: Requirement[] = [];
  let valid = true;
  for (const item of asArray(record.matchExpressions)) {
    const expr = asRecord(item);
    const key = asString(expr?.key);
    const operator = asString(expr?.operator);
    const values = asStrings(expr?.values);
    if (!key || !operator || !OPERATORS.has(operator)) {
      valid = false;
      continue;
    }
    const op = operator as Requirement['operator'];
    if ((op === 'In' || op === 'NotIn') && values.length === 0) valid = false;
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) valid = false;
    requirements.push({ key, operator: op, values });
  }
  return { matchLabels: asStringMap(record.matchLabels), matchExpressions: requirements, valid };
}

/** A plain map selector (Service.spec.selector, ReplicationController): equality on every key. */
export function mapSelector(value: unknown): LabelSelector {
  return { matchLabels: asStringMap(value), matchExpressions: [], valid: true };
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

export function matchesSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (!selector.valid) return false;
  // for-in rather than Object.entries: this runs for every selector and pod pair of a scan.
  const wanted = selector.matchLabels;
  for (const key in wanted) if (labels[key] !== wanted[key]) return false;
  for (const req of selector.matchExpressions) {
    const has = Object.hasOwn(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || !req.values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && req.values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
