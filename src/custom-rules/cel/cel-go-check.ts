import type { parse } from '@bufbuild/cel';
import { HAS_FIELD, INDEX } from './cel-go-funcs.js';

type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr['expr'];

/*
 * What cel-go's Compile refuses beyond syntax, short of type checking (which @bufbuild/cel does not
 * export): a function or macro its standard environment does not declare (no string extensions
 * such as lowerAscii or split, no math.*, no cel.bind, no existsOne), a declared one called as a
 * method or with a wrong number of arguments, an undeclared identifier, has() of anything but a
 * field selection, and a number literal out of range. @bufbuild/cel finds the first ones only when
 * it evaluates them, so behind a false && they pass unnoticed, and reads the last ones.
 */

const GLOBAL_FUNCTIONS = new Set([
  ...['_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_+_', '_-_', '_*_', '_/_', '_%_', '_&&_', '_||_', '_[_]', '@in', 'matches'].map((f) => `${f}/2`),
  ...['!_', '-_', '@not_strictly_false', 'size', 'type', 'bool', 'bytes', 'double', 'duration', 'dyn', 'int', 'string', 'timestamp', 'uint'].map((f) => `${f}/1`),
  '_?_:_/3',
]);
const TIME_GETTERS = ['getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'];
const MEMBER_FUNCTIONS = new Set(['size/0', 'contains/1', 'endsWith/1', 'startsWith/1', 'matches/1', ...TIME_GETTERS.flatMap((f) => [`${f}/0`, `${f}/1`])]);
const FUNCTION_NAMES = new Set([...GLOBAL_FUNCTIONS, ...MEMBER_FUNCTIONS].map((f) => f.slice(0, f.lastIndexOf('/'))));
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const TYPE_NAMES = ['bool', 'bytes', 'double', 'int', 'list', 'map', 'null_type', 'string', 'type', 'uint', 'google.protobuf.Duration', 'google.protobuf.Timestamp'];

/**
 * The issues cel-go's Compile reports for a parsed expression (none when it compiles, short of
 * type errors), each as "<input>:line:column: message". Rewrites in place each has(x.f) into a
 * call of HAS_FIELD (@bufbuild/cel answers false where x is a list, cel-go fails) and each x[k]
 * into a call of INDEX (see there).
 */
export function celGoIssues(parsed: ParsedExpr, source: string, variables: readonly string[]): string[] {
  const issues: string[] = [];
  const position = (expr: Expr) => parsed.sourceInfo?.positions[String(expr.id)] ?? 0;
  const issue = (expr: Expr, message: string) => {
    const before = source.slice(0, position(expr));
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    issues.push(`<input>:${before.split('\n').length}:${column}: ${message}`);
  };
  const undeclared = (expr: Expr, name: string) => issue(expr, `undeclared reference to '${name}' (in container '')`);

  const walk = (expr: Expr | undefined, scope: ReadonlySet<string>): void => {
    if (!expr) return;
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr': {
        const { case: type, value } = kind.value.constantKind;
        if (type === 'int64Value' && (value < INT64_MIN || value > INT64_MAX)) issue(expr, 'invalid int literal');
        if (type === 'uint64Value' && value > UINT64_MAX) issue(expr, 'invalid uint literal');
        if (type === 'doubleValue' && !Number.isFinite(value)) issue(expr, 'invalid double literal');
        return;
      }
      case 'identExpr':
        if (!scope.has(kind.value.name)) undeclared(expr, kind.value.name);
        return;
      case 'selectExpr': {
        const { operand, field, testOnly } = kind.value;
        if (testOnly && operand) expr.exprKind = hasFieldCall(expr, operand, field);
        // A qualified name (google.protobuf.Timestamp) is declared as a whole.
        if (testOnly || !scope.has(qualifiedName(expr) ?? '')) walk(operand, scope);
        return;
      }
      case 'callExpr': {
        const { target, function: name, args } = kind.value;
        // cel-go reads one minus before an integer literal as its sign (- 9223372036854775808 is the
        // smallest int), and two or more as negations (of 9223372036854775808, an invalid literal).
        const [literal] = args;
        if (name === '-_' && literal?.exprKind.case === 'constExpr' && literal.exprKind.value.constantKind.value === -INT64_MIN) {
          if (source.slice(position(expr) + 1, position(literal)).trim() === '') return;
        }
        walk(target, scope);
        if (name === 'has' && !target && args.length === 1) issue(expr, 'invalid argument to has() macro');
        else if (!(target ? MEMBER_FUNCTIONS : GLOBAL_FUNCTIONS).has(`${name}/${args.length}`)) {
          if (FUNCTION_NAMES.has(name)) issue(expr, `found no matching overload for '${name}'`);
          else undeclared(expr, name);
        }
        for (const arg of args) walk(arg, scope);
        if (name === '_[_]') kind.value.function = INDEX;
        return;
      }
      case 'listExpr':
        for (const element of kind.value.elements) walk(element, scope);
        return;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value, scope);
          walk(entry.value, scope);
        }
        return;
      case 'comprehensionExpr': {
        const { iterRange, iterVar, iterVar2, accuVar, accuInit, loopCondition, loopStep, result } = kind.value;
        // @bufbuild/cel expands existsOne() as exists_one(); cel-go's standard macros do not include it.
        const macro = parsed.sourceInfo?.macroCalls[String(expr.id)]?.exprKind;
        if (macro?.case === 'callExpr' && macro.value.function === 'existsOne') undeclared(expr, 'existsOne');
        walk(iterRange, scope);
        walk(accuInit, scope);
        const inLoop = new Set([...scope, iterVar, iterVar2, accuVar]);
        walk(loopCondition, inLoop);
        walk(loopStep, inLoop);
        walk(result, new Set([...scope, accuVar]));
        return;
      }
    }
  };
  walk(parsed.expr, new Set([...variables, ...TYPE_NAMES]));
  return issues;
}

/** HAS_FIELD(operand, 'field'), in place of the select has(operand.field) parses to. */
function hasFieldCall(select: Expr, operand: Expr, field: string): Expr['exprKind'] {
  const name = { $typeName: 'cel.expr.Constant', constantKind: { case: 'stringValue', value: field } } as const;
  const args = [operand, { $typeName: 'cel.expr.Expr', id: select.id, exprKind: { case: 'constExpr', value: name } } as const];
  return { case: 'callExpr', value: { $typeName: 'cel.expr.Expr.Call', function: HAS_FIELD, args } };
}

/** a.b.c for a selection of identifiers, else undefined. */
function qualifiedName(expr: Expr): string | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case !== 'selectExpr' || !kind.value.operand) return undefined;
  const operand = qualifiedName(kind.value.operand);
  return operand === undefined ? undefined : `${operand}.${kind.value.field}`;
}
