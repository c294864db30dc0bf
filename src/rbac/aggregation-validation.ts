/*
 * The part of ValidateClusterRole (pkg/apis/rbac/validation, v1.37) that judges an aggregationRule:
 * a non-nil rule needs at least one selector, and each selector must pass ValidateLabelSelector and
 * convert with metav1.LabelSelectorAsSelector. `aggregationRule: null` is no rule at all.
 */
import type { Path } from '../core/path.js';
import { asRecord } from '../k8s/access.js';
import { type DecodedLabelSelector, labelSelectorErrors } from '../k8s/label-selector-validation.js';
import type { FieldError } from './binding-validation.js';
import { recordList, stringField, stringList, stringMap } from './go-decoding.js';

const SELECTORS: Path = ['aggregationRule', 'clusterRoleSelectors'];

/** Why the API server refuses this ClusterRole's aggregationRule; what does not decode goes to `decoding`. */
export function aggregationRuleErrors(body: Record<string, unknown>, decoding: FieldError[]): FieldError[] {
  const value = body.aggregationRule;
  if (value === undefined || value === null) return [];
  const rule = asRecord(value);
  if (!rule) {
    decoding.push({ path: ['aggregationRule'], message: 'Invalid value: must be an object' });
    return [];
  }
  const selectors = recordList(rule, 'clusterRoleSelectors', ['aggregationRule'], decoding);
  const errors: FieldError[] = [];
  if (selectors.length === 0) errors.push({ path: SELECTORS, message: 'Required value: at least one clusterRoleSelector required if aggregationRule is non-nil' });
  selectors.forEach((selector, i) => {
    if (!selector) return;
    const path: Path = [...SELECTORS, i];
    const found = labelSelectorErrors(decodeSelector(selector, path, decoding), path);
    errors.push(...found);
    // LabelSelectorAsSelector fails on exactly the selectors ValidateLabelSelector finds fault
    // with (labels.NewRequirement checks the same keys, values, operators and value counts); the
    // selector it returns then is nil, which field.Invalid writes as null.
    if (found.length > 0) errors.push({ path, message: 'Invalid value: null: invalid label selector.' });
  });
  return errors;
}

function decodeSelector(selector: Record<string, unknown>, path: Path, decoding: FieldError[]): DecodedLabelSelector {
  const matchLabels = stringMap(selector, 'matchLabels', path, decoding);
  const matchExpressions = recordList(selector, 'matchExpressions', path, decoding).flatMap((expression, i) => {
    if (!expression) return [];
    const at: Path = [...path, 'matchExpressions', i];
    return [{ key: stringField(expression, 'key', at, decoding), operator: stringField(expression, 'operator', at, decoding), values: stringList(expression, 'values', at, decoding) }];
  });
  return { matchLabels, matchExpressions };
}
