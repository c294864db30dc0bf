import type { ExceptionInfo } from './collector.js';
import { RuleLoadError } from './load-result.js';
import { parenItem, quoteItem } from './text-lists.js';

const LIST_OPERATORS = new Set(['intersects', 'in', 'pmatch']);

/**
 * build_rule_exception_infos: each exception becomes `and not (...)` appended to the condition
 * text, exactly as Falco writes it, so the result parses and resolves like any condition.
 */
export function conditionWithExceptions(condition: string, exceptions: readonly ExceptionInfo[]): string {
  let out = `(${condition})`;
  for (const ex of exceptions) {
    const fields = ex.fields;
    // Exceptions given with `override: {exceptions: replace}` are not validated (as in Falco's
    // selective_replace), so they may have no comps: the operator is then empty, the condition
    // does not parse and the rule is refused, as Falco refuses it. Never dropped silently.
    const comps = ex.comps;
    if (!fields) continue;
    let icond = '';
    if (!fields.isList) {
      for (const val of ex.values) {
        if (val.isList) throw new RuleLoadError('LOAD_ERR_VALIDATE', 'Expected values array to contain a list of strings', ex.ctx);
        icond += icond === '' ? `(${fields.item} ${comps === undefined || comps.isList ? '' : comps.item} (` : ', ';
        icond += quoteItem(val.item);
      }
      icond += icond === '' ? '' : '))';
    } else {
      icond = '(';
      for (const values of ex.values) {
        // A value that is not a list has no items (as in Falco): it never matches the fields' count.
        const items = values.isList ? values.items : [];
        if (fields.items.length !== items.length) throw new RuleLoadError('LOAD_ERR_VALIDATE', 'Fields and values lists must have equal length', ex.ctx);
        icond += icond === '(' ? '' : ' or ';
        icond += '(';
        fields.items.forEach((field, k) => {
          icond += k === 0 ? '' : ' and ';
          const value = items[k];
          const comp = comps?.isList ? comps.items[k] : undefined;
          const op = comps === undefined ? '' : comp && !comp.isList ? comp.item : '=';
          let istr: string;
          if (value?.isList) istr = `(${value.items.map((v) => quoteItem(v.isList ? '' : v.item)).join(', ')})`;
          else {
            const text = value ? value.item : '';
            istr = LIST_OPERATORS.has(op) ? parenItem(text) : quoteItem(text);
          }
          icond += ` ${field.isList ? '' : field.item} ${op} ${istr}`;
        });
        icond += ')';
      }
      icond += ')';
      if (icond === '()') icond = '';
    }
    out += icond === '' ? '' : ` and not ${icond}`;
  }
  return out;
}
