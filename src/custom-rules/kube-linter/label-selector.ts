import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import { byteLength, dns1123SubdomainErrors, regexError } from '../../k8s/apimachinery-validation.js';
import { matchesSelector, parseLabelSelector } from '../../k8s/selectors.js';
import { goQuote } from '../../pss/go.js';
import { goString } from './template.js';

/*
 * metav1.LabelSelectorAsSelector, as kube-linter's templates use it (k8s.io/apimachinery v0.32.1,
 * the version kube-linter builds with): the selector (matched as k8s/selectors.ts matches), or the
 * error it returns for one that is no valid selector, in apimachinery's words, and how
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
    const values = Array.isArray(expression.values) && expression.values.length > 0 ? expression.values.map(goString) : undefined;
    const error = requirementError(key, values, operator);
    if (error) return { error };
    written.push({ key, text: text(key, values ?? []) });
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

/**
 * labels.NewRequirement's error (an Equals requirement of matchLabels when there is no operator):
 * every problem of the key, the operator's value count and each value, as field errors
 * aggregated (one alone, several as `[a, b]`). `values` is undefined for an expression without any,
 * as `append([]string(nil), expr.Values...)` leaves it nil.
 */
function requirementError(key: string, values: readonly string[] | undefined, operator?: string): string | undefined {
  const errors: string[] = [];
  const keyErrors = qualifiedNameErrors(key);
  if (keyErrors.length > 0) errors.push(`key: Invalid value: ${goQuote(key)}: ${keyErrors.join('; ')}`);
  const count = values?.length ?? 0;
  if ((operator === 'In' || operator === 'NotIn') && count === 0) errors.push(`values: Invalid value: ${goStrings(values)}: for 'in', 'notin' operators, values set can't be empty`);
  if ((operator === 'Exists' || operator === 'DoesNotExist') && count !== 0) errors.push(`values: Invalid value: ${goStrings(values)}: values set must be empty for exists and does not exist`);
  (values ?? []).forEach((value, i) => {
    const valueErrors = labelValueErrors(value);
    if (valueErrors.length > 0) errors.push(`values[${i}][${key}]: Invalid value: ${goQuote(value)}: ${valueErrors.join('; ')}`);
  });
  // ErrorList.ToAggregate drops repeated messages; an aggregate of several reads `[a, b]`.
  const distinct = [...new Set(errors)];
  if (distinct.length === 0) return undefined;
  return distinct.length === 1 ? distinct[0] : `[${distinct.join(', ')}]`;
}

/** A []string as field.Error writes a value of that type (`%#v`). */
function goStrings(values: readonly string[] | undefined): string {
  return values === undefined ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`;
}

// apimachinery v0.32.1 pkg/util/validation: IsQualifiedName and IsValidLabelValue, with their messages
// (IsQualifiedName's wording changed in later releases).
const QUALIFIED_NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FORMAT}$`);
const QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FORMAT = `(${QUALIFIED_NAME_FORMAT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FORMAT}$`);
const LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

function qualifiedNameErrors(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [`a qualified name ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts.at(-1) as string;
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) errors.push(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, 'MyValue', 'my_value', '12345'));
  return errors;
}

/** labels.Set's String(): `k=v` by key, comma-separated. */
export function labelSetText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}
