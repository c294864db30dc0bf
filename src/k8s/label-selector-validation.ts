/*
 * metav1 validation.ValidateLabelSelector (AllowInvalidLabelValueInSelector and
 * AllowUnknownOperatorInRequirement off, as the API server validates a new object), with
 * content.IsLabelKey and content.IsLabelValue, word for word (k8s.io/apimachinery v0.37.2: lengths
 * are said in bytes). Go walks matchLabels in map order, which varies; here they are in input order.
 */
import type { Path } from '../core/path.js';
import { goJsonMarshal } from '../config/import/go-json-marshal.js';
import { goQuote, wellFormed } from '../pss/go.js';
import { byteLength, dns1123SubdomainErrors, regexError } from './apimachinery-validation.js';

/** A label selector as the API server decodes it (metav1.LabelSelector). */
export interface DecodedLabelSelector {
  readonly matchLabels: ReadonlyArray<readonly [string, string]>;
  readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values: readonly string[] }>;
}

/** One field error, worded as field.Error's ErrorBody. */
export interface SelectorFieldError {
  readonly path: Path;
  readonly message: string;
}

const LABEL_KEY_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY = new RegExp(`^${LABEL_KEY_FORMAT}$`);
const LABEL_KEY_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FORMAT = `(${LABEL_KEY_FORMAT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FORMAT}$`);
const LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** content.IsLabelKey. */
export function labelKeyErrors(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [`a valid label key ${regexError(LABEL_KEY_MESSAGE, LABEL_KEY_FORMAT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts.at(-1) as string;
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix, 'bytes').map((m) => `prefix part ${m}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push('name part must be no more than 63 bytes');
  if (!LABEL_KEY.test(name)) errors.push(`name part ${regexError(LABEL_KEY_MESSAGE, LABEL_KEY_FORMAT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/** content.IsLabelValue. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push('must be no more than 63 bytes');
  if (!LABEL_VALUE.test(value)) errors.push(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, 'MyValue', 'my_value', '12345'));
  return errors;
}

/** field.Invalid of a string: the value as %q. */
const invalid = (path: Path, value: string, detail: string): SelectorFieldError => ({ path, message: `Invalid value: ${goQuote(wellFormed(value))}: ${detail}` });

/** ValidateLabelSelector of a selector at `path`. */
export function labelSelectorErrors(selector: DecodedLabelSelector, path: Path): SelectorFieldError[] {
  const errors: SelectorFieldError[] = [];
  // ValidateLabels: every error of a label names matchLabels itself, not the key.
  const labelsPath = [...path, 'matchLabels'];
  for (const [key, value] of selector.matchLabels) {
    for (const m of labelKeyErrors(key)) errors.push(invalid(labelsPath, key, m));
    for (const m of labelValueErrors(value)) errors.push(invalid(labelsPath, value, m));
  }
  selector.matchExpressions.forEach(({ key, operator, values }, i) => {
    const at = [...path, 'matchExpressions', i];
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) errors.push({ path: [...at, 'values'], message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" });
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) errors.push({ path: [...at, 'values'], message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    } else {
      // The operator is a LabelSelectorOperator, not a plain string: ErrorBody writes it with
      // json.Marshal rather than %q.
      errors.push({ path: [...at, 'operator'], message: `Invalid value: ${goJsonMarshal(operator)}: not a valid selector operator` });
    }
    for (const m of labelKeyErrors(key)) errors.push(invalid([...at, 'key'], key, m));
    values.forEach((value, j) => {
      for (const m of labelValueErrors(value)) errors.push(invalid([...at, 'values', j], value, m));
    });
  });
  return errors;
}
