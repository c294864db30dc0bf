import type { Path } from '../../core/path.js';
import { formatPath } from '../../core/path.js';
import { asArray, asRecord } from '../../k8s/access.js';
import type { LabelSelector, Requirement } from '../../k8s/selectors.js';
import { matchesSelector } from '../../k8s/selectors.js';
import { labelKeyError, labelValueError } from '../../k8s/label-syntax.js';
import type { IssueCollector } from './issues.js';

/** A validated metav1.LabelSelector. */
export interface Selector {
  readonly selector: LabelSelector;
  /** `{}`: selects everything. */
  readonly empty: boolean;
  /** As kubectl prints it: `app=web,tier in (a,b)`; `` for the empty selector. */
  readonly text: string;
  /** The canonical form of the requirements, equal for selectors that mean the same. */
  readonly key: string;
  readonly path: Path;
}

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function isOperator(value: unknown): value is Requirement['operator'] {
  return typeof value === 'string' && OPERATORS.has(value);
}

/**
 * Validates a label selector as the API server does (metav1 ValidateLabelSelector); invalid parts
 * are reported and the selector then matches nothing. `value` undefined/null is the empty selector.
 */
export function compileSelector(value: unknown, path: Path, issues: IssueCollector): Selector {
  const record = asRecord(value);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Requirement[] = [];
  let valid = true;
  const fail = (at: Path, message: string) => {
    valid = false;
    issues.error('invalid-selector', at, `${formatPath(at)}: ${message}`);
  };
  if (value !== undefined && value !== null && !record) fail(path, 'a label selector must be a mapping');
  const labels = asRecord(record?.matchLabels);
  if (record?.matchLabels !== undefined && record.matchLabels !== null && !labels) fail([...path, 'matchLabels'], 'must be a mapping of label keys to values');
  for (const [k, v] of Object.entries(labels ?? {})) {
    const at = [...path, 'matchLabels', k];
    const keyError = labelKeyError(k);
    if (keyError) fail(at, `invalid label key ${JSON.stringify(k)}: ${keyError}`);
    if (typeof v !== 'string') {
      fail(at, `label value must be a string, not ${v === null ? 'null' : typeof v} (quote it)`);
      continue;
    }
    const valueError = labelValueError(v);
    if (valueError) fail(at, `invalid label value ${JSON.stringify(v)}: ${valueError}`);
    matchLabels[k] = v;
  }
  if (record?.matchExpressions !== undefined && record.matchExpressions !== null && !Array.isArray(record.matchExpressions)) {
    fail([...path, 'matchExpressions'], 'must be a list');
  }
  asArray(record?.matchExpressions).forEach((item, i) => {
    const at = [...path, 'matchExpressions', i];
    const expr = asRecord(item);
    if (!expr) {
      fail(at, 'must be a mapping with key, operator and values');
      return;
    }
    const key = expr.key;
    if (typeof key !== 'string') {
      fail([...at, 'key'], 'key is required');
      return;
    }
    const keyError = labelKeyError(key);
    if (keyError) fail([...at, 'key'], `invalid label key ${JSON.stringify(key)}: ${keyError}`);
    const operator = expr.operator;
    if (!isOperator(operator)) {
      fail([...at, 'operator'], `unsupported operator ${JSON.stringify(operator)} (In, NotIn, Exists or DoesNotExist)`);
      return;
    }
    const rawValues = expr.values === undefined || expr.values === null ? [] : expr.values;
    if (!Array.isArray(rawValues)) {
      fail([...at, 'values'], 'must be a list of strings');
      return;
    }
    const values: string[] = [];
    rawValues.forEach((v, j) => {
      if (typeof v !== 'string') fail([...at, 'values', j], 'must be a string (quote it)');
      else {
        const valueError = labelValueError(v);
        if (valueError) fail([...at, 'values', j], `invalid label value ${JSON.stringify(v)}: ${valueError}`);
        values.push(v);
      }
    });
    if ((operator === 'In' || operator === 'NotIn') && rawValues.length === 0) fail([...at, 'values'], `must be specified when operator is ${operator}`);
    if ((operator === 'Exists' || operator === 'DoesNotExist') && rawValues.length > 0) fail([...at, 'values'], `may not be specified when operator is ${operator}`);
    matchExpressions.push({ key, operator, values });
  });
  const selector: LabelSelector = { matchLabels, matchExpressions, valid };
  return { selector, empty: valid && Object.keys(matchLabels).length === 0 && matchExpressions.length === 0, text: selectorText(selector), key: selectorKey(selector), path };
}

/** An already valid selector from code (e.g. the namespace-name selector a peer implies). */
export function literalSelector(matchLabels: Readonly<Record<string, string>>, path: Path = []): Selector {
  const selector: LabelSelector = { matchLabels, matchExpressions: [], valid: true };
  return { selector, empty: Object.keys(matchLabels).length === 0, text: selectorText(selector), key: selectorKey(selector), path };
}

export function selects(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  return selector.empty || matchesSelector(selector.selector, labels);
}

interface CanonicalRequirement {
  readonly key: string;
  readonly text: string;
}

/**
 * The requirements as labels.Selector sorts and prints them, with `In` of a single value
 * written as equality (they mean the same).
 */
function canonical(selector: LabelSelector): CanonicalRequirement[] {
  const out: CanonicalRequirement[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels)) out.push({ key: k, text: `${k}=${v}` });
  for (const r of selector.matchExpressions) {
    const values = [...new Set(r.values)].sort();
    let text: string;
    if (r.operator === 'In') text = values.length === 1 ? `${r.key}=${values[0]}` : `${r.key} in (${values.join(',')})`;
    else if (r.operator === 'NotIn') text = `${r.key} notin (${values.join(',')})`;
    else if (r.operator === 'Exists') text = r.key;
    else text = `!${r.key}`;
    out.push({ key: r.key, text });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

function selectorKey(selector: LabelSelector): string {
  return [...new Set(canonical(selector).map((r) => r.text))].join(',');
}

function selectorText(selector: LabelSelector): string {
  return selectorKey(selector);
}
