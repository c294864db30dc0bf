import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { compileCel } from './evaluate.js';
import { goJsonForm, KUBE_LINTER_JSON } from './go-json.js';
import { lintContextOf } from '../kube-linter/lint-context.js';

/** What a CEL custom rule says of one object: nothing (it passed), or the words of its finding. */
export type CelJudge = (object: K8sObject, index: ObjectIndex) => string | undefined;

/**
 * A CEL custom rule's judge. Each object is seen in the JSON form kube-linter gives the expression
 * (go-json.ts, with kube-linter's apimachinery: `creationTimestamp: null` in metadata). `objects` holds the objects kube-linter lints together with it, in that form: those
 * of the same directory, or of the same chart; made only when the expression names it, once per
 * scan.
 */
export function celJudge(expression: string): CelJudge {
  const program = compileCel(expression);
  const namesObjects = /\bobjects\b/.test(expression);
  return (object, index) => {
    const objects = namesObjects ? objectsBeside(object, index) : NO_OBJECTS;
    const outcome = program.run(formOf(object.body, index), objects);
    if ('error' in outcome) return `the CEL expression failed: ${outcome.error}`;
    return outcome.message === '' ? undefined : outcome.message;
  };
}

const NO_OBJECTS: readonly unknown[] = [];
const contexts = new WeakMap<ObjectIndex, { readonly forms: WeakMap<object, Record<string, unknown>>; readonly byContext: Map<string, unknown[]> }>();

// The rules of a scan run one object after another: the last object's form serves every CEL rule
// that judges it, and only the forms of objects in an `objects` list are kept longer.
let last: { body: object; form: Record<string, unknown> } | undefined;
function formOf(body: Record<string, unknown>, index: ObjectIndex): Record<string, unknown> {
  const kept = contexts.get(index)?.forms.get(body);
  if (kept) return kept;
  if (last?.body !== body) last = { body, form: goJsonForm(body, KUBE_LINTER_JSON) };
  return last.form;
}

function objectsBeside(object: K8sObject, index: ObjectIndex): readonly unknown[] {
  let known = contexts.get(index);
  if (!known) {
    known = { forms: new WeakMap(), byContext: new Map() };
    for (const o of index.objects) {
      const form = goJsonForm(o.body, KUBE_LINTER_JSON);
      known.forms.set(o.body, form);
      const key = lintContextOf(o);
      const list = known.byContext.get(key);
      if (list) list.push(form);
      else known.byContext.set(key, [form]);
    }
    contexts.set(index, known);
  }
  return known.byContext.get(lintContextOf(object)) ?? NO_OBJECTS;
}
