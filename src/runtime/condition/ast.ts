/** Position in a condition string, as libsinsp's parser reports it (idx from 0, line and col from 1). */
export interface Pos {
  readonly idx: number;
  readonly line: number;
  readonly col: number;
}

export interface FieldNode {
  readonly kind: 'field';
  readonly name: string;
  /** The argument between brackets (`ka.uri.param[key]`, `proc.aname[2]`), unescaped when quoted. */
  readonly arg?: string;
  readonly pos: Pos;
}

export interface TransformerNode {
  readonly kind: 'transformer';
  /** `tolower`, `toupper`, `b64`, `basename`, `len` or `val`. */
  readonly name: string;
  readonly args: readonly Operand[];
  readonly pos: Pos;
}

export interface ValueNode {
  readonly kind: 'value';
  readonly value: string;
  readonly pos: Pos;
}

export interface ListNode {
  readonly kind: 'list';
  readonly values: readonly string[];
  readonly pos: Pos;
}

export type FieldLike = FieldNode | TransformerNode;
export type Operand = FieldLike | ValueNode | ListNode;

export type Expr =
  | { readonly kind: 'and'; readonly children: readonly Expr[]; readonly pos: Pos }
  | { readonly kind: 'or'; readonly children: readonly Expr[]; readonly pos: Pos }
  | { readonly kind: 'not'; readonly child: Expr; readonly pos: Pos }
  /** A bare identifier: a macro reference until macros are resolved. */
  | { readonly kind: 'identifier'; readonly name: string; readonly pos: Pos }
  | { readonly kind: 'unary'; readonly left: FieldLike; readonly op: string; readonly pos: Pos }
  | { readonly kind: 'binary'; readonly left: FieldLike; readonly op: string; readonly right: Operand; readonly pos: Pos };

export type CheckExpr = Extract<Expr, { kind: 'unary' | 'binary' }>;

/** Calls `visit` on every node below `expr` (pre-order). */
export function walk(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  if (expr.kind === 'and' || expr.kind === 'or') for (const c of expr.children) walk(c, visit);
  else if (expr.kind === 'not') walk(expr.child, visit);
}

/** The fields a check reads (left side and any `val()` / transformer argument on the right). */
export function fieldsOf(node: Operand, out: FieldNode[] = []): FieldNode[] {
  if (node.kind === 'field') out.push(node);
  else if (node.kind === 'transformer') for (const a of node.args) fieldsOf(a, out);
  return out;
}
