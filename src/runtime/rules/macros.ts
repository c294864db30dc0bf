import type { Expr, Pos } from '../condition/ast.js';

export interface MacroResolution {
  readonly expr: Expr;
  readonly resolved: readonly string[];
  /** The first problem, with the position of the identifier it concerns. */
  readonly error?: { readonly message: string; readonly pos: Pos };
}

/**
 * filter_macro_resolver: replaces every bare identifier under and/or/not with the named macro's
 * (already resolved) expression, recursively, detecting reference loops. Identifiers that name no
 * macro are reported as "Undefined macro".
 */
export function resolveMacros(expr: Expr, macros: ReadonlyMap<string, Expr>): MacroResolution {
  const resolved: string[] = [];
  const errors: { message: string; pos: Pos }[] = [];
  const unknown: { name: string; pos: Pos }[] = [];
  const path: string[] = [];

  const visit = (e: Expr): Expr => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return { ...e, children: e.children.map(visit) };
      case 'not':
        return { ...e, child: visit(e.child) };
      case 'identifier': {
        const body = macros.get(e.name);
        if (!body) {
          unknown.push({ name: e.name, pos: e.pos });
          return e;
        }
        if (path.includes(e.name)) {
          errors.push({ message: `reference loop in macro '${e.name}'`, pos: e.pos });
          unknown.push({ name: e.name, pos: e.pos });
          return e;
        }
        path.push(e.name);
        const out = visit(body);
        resolved.push(e.name);
        path.pop();
        return out;
      }
      default:
        return e;
    }
  };

  const result = visit(expr);
  const firstError = errors[0];
  const firstUnknown = unknown[0];
  const error = firstError ?? (firstUnknown ? { message: `Undefined macro '${firstUnknown.name}' used in filter.`, pos: firstUnknown.pos } : undefined);
  return { expr: result, resolved, ...(error ? { error } : {}) };
}
