import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import { labelKeyError, labelValueError } from '../../k8s/label-syntax.js';
import { matchesSelector, parseLabelSelector } from '../../k8s/selectors.js';
import { goQuote } from '../../pss/go.js';
import { goString } from './template.js';

/*
 * metav1.LabelSelectorAsSelector, as kube-linter's templates use it: the selector (matched as
 * k8s/selectors.ts matches), or the error it returns for one that is no valid selector (worded
 * from Rampart's label syntax: apimachinery words its validation messages otherwise), and how
 * labels.Selector's and labels.Set's String() write them in messages.
 */

export interface Selector {
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** labels.Selector's String(): requirements by key, `k=v`, `k in (a,b)`, `!k`, ... */
  readonly text: string;
}

/** The operators of a selector and how String() writes a requirement of each. */
const OPERATORS: Readonly<Record<string, (key: string, values: readonly string[]) => string>> = {
  In: (key, values) => `${key} in (${[...values].sort().join(',')})`,
  NotIn: (key, values) => `${key} notin (${[...values].sort().join(',')})`,
  Exists: (key) => key,
  DoesNotExist: (key) => `!${key}`,
};

/** labels.Nothing(): a missing selector matches nothing. */
const NOTHING: Selector = { matches: () => false, text: '' };

/** The selector, or the error LabelSelectorAsSelector returns for it. */
export function labelSelector(value: unknown): Selector | { readonly error: string } {
  const selector = asRecord(value);
  if (!selector) return NOTHING;
  // Each requirement's key and String(): labels.Selector keeps them sorted by key.
  const written: Array<{ key: string; text: string }> = [];
  const matchLabels = Object.entries(asRecord(selector.matchLabels) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, raw] of matchLabels) {
    const value = goString(raw);
    const error = requirementError(key, [value]);
    if (error) return { error };
    written.push({ key, text: `${key}=${value}` });
  }
  for (const { record: expression } of recordsWithIndex(selector.matchExpressions)) {
    const operator = goString(expression.operator);
    const text = Object.hasOwn(OPERATORS, operator) ? OPERATORS[operator] : undefined;
    if (!text) return { error: `${goQuote(operator)} is not a valid label selector operator` };
    const key = goString(expression.key);
    const values = Array.isArray(expression.values) ? expression.values.map(goString) : [];
    const error = requirementError(key, values, operator);
    if (error) return { error };
    written.push({ key, text: text(key, values) });
  }
  const parsed = parseLabelSelector(selector);
  return {
    matches: (labels) => matchesSelector(parsed, labels),
    text: written
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((r) => r.text)
      .join(','),
  };
}

/** labels.NewRequirement's checks (an Equals requirement of matchLabels when there is no operator). */
function requirementError(key: string, values: readonly string[], operator?: string): string | undefined {
  const keyError = labelKeyError(key);
  if (keyError) return `key: Invalid value: ${goQuote(key)}: ${keyError}`;
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) return "values: Invalid value: for 'in', 'notin' operators, values set can't be empty";
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0) return 'values: Invalid value: values set must be empty for exists and does not exist';
  for (const value of values) {
    const valueError = labelValueError(value);
    if (valueError) return `values[0]: Invalid value: ${goQuote(value)}: ${valueError}`;
  }
  return undefined;
}

/** labels.Set's String(): `k=v` by key, comma-separated. */
export function labelSetText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}
