import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import { labelKeyError, labelValueError } from '../../k8s/label-syntax.js';
import { goQuote } from '../../pss/go.js';
import { goString } from './template.js';

/*
 * metav1.LabelSelectorAsSelector and the labels.Selector it makes, as kube-linter's templates use
 * them: what a selector matches, and how its String() and labels.Set's String() write it in
 * messages. A selector that is no valid one gives an error, worded from Rampart's label syntax
 * (apimachinery words its validation messages otherwise).
 */

type Operator = 'in' | 'notin' | 'exists' | 'doesnotexist' | 'equals';

interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

export interface Selector {
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** labels.Selector's String(): requirements by key, `k=v`, `k in (a,b)`, `!k`, ... */
  readonly text: string;
}

const OPERATORS: Readonly<Record<string, Operator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: 'doesnotexist' };

/** labels.Nothing(): a missing selector matches nothing. */
const NOTHING: Selector = { matches: () => false, text: '' };
/** labels.Everything(): an empty selector matches everything. */
const EVERYTHING: Selector = { matches: () => true, text: '' };

/** The selector, or the error LabelSelectorAsSelector returns for it. */
export function labelSelector(value: unknown): Selector | { readonly error: string } {
  const selector = asRecord(value);
  if (!selector) return NOTHING;
  const matchLabels = Object.entries(asRecord(selector.matchLabels) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expressions = recordsWithIndex(selector.matchExpressions).map(({ record }) => record);
  if (matchLabels.length + expressions.length === 0) return EVERYTHING;
  const requirements: Requirement[] = [];
  for (const [key, value] of matchLabels) {
    const made = requirement(key, 'equals', [goString(value)]);
    if ('error' in made) return made;
    requirements.push(made);
  }
  for (const expression of expressions) {
    const written = goString(expression.operator);
    const operator = Object.hasOwn(OPERATORS, written) ? OPERATORS[written] : undefined;
    if (!operator) return { error: `${goQuote(written)} is not a valid label selector operator` };
    const values = Array.isArray(expression.values) ? expression.values.map(goString) : [];
    const made = requirement(goString(expression.key), operator, values);
    if ('error' in made) return made;
    requirements.push(made);
  }
  // labels.Selector.Add keeps its requirements sorted by key.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    matches: (labels) => requirements.every((r) => requirementMatches(r, labels)),
    text: requirements.map(requirementText).join(','),
  };
}

/** labels.NewRequirement's checks. */
function requirement(key: string, operator: Operator, values: readonly string[]): Requirement | { readonly error: string } {
  const keyError = labelKeyError(key);
  if (keyError) return { error: `key: Invalid value: ${goQuote(key)}: ${keyError}` };
  if ((operator === 'in' || operator === 'notin') && values.length === 0) return { error: "values: Invalid value: for 'in', 'notin' operators, values set can't be empty" };
  if (operator === 'equals' && values.length !== 1) return { error: 'values: Invalid value: exact-match compatibility requires one single value' };
  if ((operator === 'exists' || operator === 'doesnotexist') && values.length !== 0) return { error: 'values: Invalid value: values set must be empty for exists and does not exist' };
  for (const value of values) {
    const valueError = labelValueError(value);
    if (valueError) return { error: `values[0]: Invalid value: ${goQuote(value)}: ${valueError}` };
  }
  return { key, operator, values };
}

const MATCHES: Readonly<Record<Operator, (r: Requirement, has: boolean, value: string | undefined) => boolean>> = {
  equals: (r, has, value) => has && r.values.includes(value as string),
  in: (r, has, value) => has && r.values.includes(value as string),
  notin: (r, has, value) => !has || !r.values.includes(value as string),
  exists: (_r, has) => has,
  doesnotexist: (_r, has) => !has,
};

function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  return MATCHES[r.operator](r, has, has ? labels[r.key] : undefined);
}

function requirementText(r: Requirement): string {
  const sorted = [...r.values].sort();
  const texts: Readonly<Record<Operator, () => string>> = {
    equals: () => `${r.key}=${r.values[0] ?? ''}`,
    in: () => `${r.key} in (${sorted.join(',')})`,
    notin: () => `${r.key} notin (${sorted.join(',')})`,
    exists: () => r.key,
    doesnotexist: () => `!${r.key}`,
  };
  return texts[r.operator]();
}

/** labels.Set's String(): `k=v` by key, comma-separated. */
export function labelSetText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}
