import { getIn } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { SelectorIndex } from '../../k8s/selector-index.js';
import { isEmptySelector, type LabelSelector, parseLabelSelector } from '../../k8s/selectors.js';

/**
 * The pods a PodDisruptionBudget covers. A missing selector covers nothing; an empty one covers
 * every pod of the namespace in policy/v1 but nothing in policy/v1beta1.
 */
export function budgetSelector(pdb: K8sObject): LabelSelector | undefined {
  const raw = getIn(pdb.body, 'spec', 'selector');
  if (raw === undefined || raw === null) return undefined;
  const selector = parseLabelSelector(raw);
  if (!selector.valid || (isEmptySelector(selector) && pdb.apiVersion === 'policy/v1beta1')) return undefined;
  return selector;
}

/**
 * PodDisruptionBudgets in `namespace` that cover pods carrying `labels`, whichever install of the
 * input they belong to (`ObjectIndex.inInstallOf` tells those of a workload's own).
 */
export function budgetsCovering(index: ObjectIndex, namespace: string, labels: Readonly<Record<string, string>>): K8sObject[] {
  const budgets = index.perNamespace(budgetsCovering, namespace, () => new SelectorIndex(index.ofGroupInNamespace('pod-disruption-budget', namespace), budgetSelector));
  return budgets.matching(labels);
}

/** An intOrString budget value: a non-negative integer or a whole percentage such as "25%". */
export interface BudgetValue {
  readonly value: number;
  readonly percent: boolean;
  /** As written, for messages: `0`, `"100%"`. */
  readonly text: string;
}

export function budgetValue(raw: unknown): BudgetValue | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return { value: raw, percent: false, text: String(raw) };
  // The API server accepts only digits followed by "%" as a string value.
  const match = typeof raw === 'string' ? /^(\d+)%$/.exec(raw) : null;
  return match ? { value: Number(match[1]), percent: true, text: `"${match[0]}"` } : undefined;
}

/** The disruption controller scales percentages against the expected pod count, rounding up. */
export function scaledBudget(budget: BudgetValue, pods: number): number {
  return budget.percent ? Math.ceil((budget.value * pods) / 100) : budget.value;
}
