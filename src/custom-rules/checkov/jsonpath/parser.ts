/*
 * The JSONPath dialect Checkov's `jsonpath_*` operators read: a port of the Python package
 * bc_jsonpath_ng 1.6.1 as `bc_jsonpath_ng.ext.parse` builds it (the extended lexer and parser, with
 * filters, arithmetic, `len`, `sorted`, `str()` and `split()`). Hand-written, because no npm JSONPath
 * library has jsonpath-ng's grammar (its PLY precedences and conflicts), its evaluation quirks or its
 * `full_path` strings, and Checkov reports matches by those strings.
 *
 * - The lexer reproduces PLY's rule order: function rules by source line (BOOL, SORT_DIRECTION, ID,
 *   FLOAT, NUMBER, quotes, newline), then string rules by decreasing pattern length, then literals.
 * - The parser is PLY's own LALR(1) automaton for the grammar (ACTION_ROWS and GOTO_ROWS, printed
 *   from `ply.yacc.yacc(module=ExtentedJsonPathParser(), start='jsonpath')`), so precedence,
 *   associativity and conflict resolution are PLY's; PRODUCTIONS lists the grammar and its actions.
 * - Evaluation ports jsonpath.py and ext/*.py node by node, including what Python raises: those
 *   exceptions surface as a JsonPathError from find(). auto_id_field is None in 1.6.1, so ids are off.
 *
 * Refused with a JsonPathError ("... is not supported"): `sub(...)` (Python re.sub replacement
 * templates), `=~` patterns RE2 cannot compile (checked when parsing; Python compiles them when a
 * filter first compares), integer arithmetic beyond 2**53, string repetition past 10 million
 * characters, and sorting 64 or more items where Python's comparison order could matter.
 * Known differences: `=~` runs on RE2, whose \d, \w, \s, \b are ASCII-only and whose `$` does not
 * match before a final newline; Python's recursion limit (1000 frames) is not reproduced; a JS object
 * lists integer-like keys first, so `*` and `..` visit them in that order rather than as written.
 *
 * Values: data is JSON-like (plain objects in insertion order, arrays, strings, numbers, booleans,
 * null). A whole number is a Python int, any other number a float; a float that Python computes with
 * a whole value (`4 / 2`) is kept as a PyFloat internally so that str() and `*` treat it as Python does.
 *
 * A match's `path` is where its value sits in the data: the keys and list indices from the root. For a
 * value that is not itself in the data (a list built around a dict by `[*]` or a filter, a character of
 * a string, the result of `len`, `sorted`, `str()`, `split()` or arithmetic), it is the location of
 * the data node the value was derived from.
 */
import { type JsonPath, JsonPathError, type JsonPathMatch, PyFloat, raise } from './python.js';
import type { Datum} from './nodes.js';
import { type ArithmeticOp, Child, type Constant, Contains, Descendants, Expression, Fields, Filter, type FilterOp, Index, Intersect, JsonPathNode, type Operand, Operation, Parent, Root, Slice, SortedThis, Str, This, Union, Where, items, namedOperator } from './nodes.js';
import { type Token, tokenize } from './lexer.js';

export { JsonPathError, type JsonPath, type JsonPathMatch } from './python.js';

// ---------------------------------------------------------------------------------------------
// Parser: PLY's LALR(1) tables for ExtentedJsonPathParser, and the grammar's actions
// ---------------------------------------------------------------------------------------------

/** Terminals, coded a, b, c, ... in ACTION_ROWS. */
export const TERMINALS = ['$end', '$', '@', '!', '(', ')', '[', ']', '.', 'DOUBLEDOT', ',', '*', ':', '?', '|', '&', '+', '-', '/', 'BOOL', 'CONTAINS', 'DOUBLE_AND', 'DOUBLE_OR', 'FILTER_OP', 'FLOAT', 'ID', 'NAMED_OPERATOR', 'NUMBER', 'SORT_DIRECTION', 'WHERE'];
export const TERMINAL_CODES = 'abcdefghijklmnopqrstuvwxyzABCD';

/** Per state, `sN:terminals` shifts to state N, `rN:terminals` reduces by production N, `acc` accepts. */
export const ACTION_ROWS: readonly string[] = [
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 0
  'acc:a s15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s', // 1
  's24:q s25:r s26:l s27:s', // 2
  's24:q s25:r s26:l s27:s', // 3
  'r52:CDafghijklopqrsuvwx', // 4
  'r13:CDafghijlopqrsuvwx', // 5
  'r28:CDafghijlopqrsuvwx', // 6
  'r33:CDafghijlopqrsuvwx', // 7
  'r59:m s34:B s35:l s37:z', // 8
  'r49:CDafghijlopqrsuvwx s39:k', // 9
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 10
  'r48:CDafghijlopqrsuvwx', // 11
  's2:B s3:y s4:z s5:A s7:b s8:g s11:c s12:d s13:l s43:e', // 12
  'r50:CDafghijlopqrsuvwx', // 13
  's4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l s46:B s47:y', // 14
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 15
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 16
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 17
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 18
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 19
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 20
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 21
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 22
  'r59:m s34:B s35:l s37:z s61:n s63:C', // 23
  'r9:ABbcdeglyz', // 24
  'r10:ABbcdeglyz', // 25
  'r11:ABbcdeglyz', // 26
  'r12:ABbcdeglyz', // 27
  's3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l s64:B', // 28
  's2:B s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l s66:y', // 29
  's68:z', // 30
  's69:h', // 31
  's70:h', // 32
  's39:k s71:h', // 33
  'r57:m r54:h', // 34
  'r55:h', // 35
  's72:m', // 36
  'r52:CDafghijklopqrsuvwx', // 37
  'r58:hm', // 38
  's37:z', // 39
  's15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s s74:f', // 40
  'r51:CDafghijlqrsux s75:p s76:v s77:o s78:w', // 41
  'r27:CDafghijlopqrsuvwx', // 42
  's2:B s3:y s4:z s5:A s7:b s8:g s11:c s12:d s13:l s43:e', // 43
  'r22:Cafh s15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s s81:x', // 44
  'r8:Cafhx s15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s', // 45
  'r6:CDafghijopuvwx s24:q s25:r s26:l s27:s', // 46
  'r7:CDafghijopuvwx s24:q s25:r s26:l s27:s', // 47
  'r14:Cafghijlqrsx s17:D s18:o s19:w s20:p s21:v s22:u', // 48
  'r15:Cafghjlqrsx s15:i s17:D s18:o s19:w s20:p s21:v s22:u', // 49
  'r16:CDafghijlopqrsvwx s22:u', // 50
  'r17:Cafghijloqrswx s17:D s20:p s21:v s22:u', // 51
  'r18:Cafghijlqrswx s17:D s18:o s20:p s21:v s22:u', // 52
  'r19:Cafghijlopqrsvwx s17:D s22:u', // 53
  'r20:Cafghijloqrsvwx s17:D s20:p s22:u', // 54
  'r21:CDafghijlopqrsuvwx', // 55
  's82:h', // 56
  's39:k s83:h', // 57
  's84:h', // 58
  's85:h', // 59
  's63:C s87:h', // 60
  's2:B s3:y s4:z s5:A s7:b s8:g s11:c s12:d s13:l s43:e', // 61
  'r42:Ch', // 62
  's2:B s3:y s4:z s5:A s7:b s8:g s10:e s11:c s12:d s13:l', // 63
  'r1:CDafghijopuvwx s24:q s25:r s26:l s27:s', // 64
  'r4:Cafhx s15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s', // 65
  'r2:CDafghijopuvwx s24:q s25:r s26:l s27:s', // 66
  'r5:Cafhx s15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s', // 67
  'r3:CDafghijlopqrsuvwx', // 68
  'r35:CDafghijlopqrsuvwx', // 69
  'r37:CDafghijlopqrsuvwx', // 70
  'r39:CDafghijlopqrsuvwx', // 71
  'r59:h s91:B', // 72
  'r53:CDafghijklopqrsuvwx', // 73
  'r47:CDafghijlopqrsuvwx', // 74
  's2:B s3:y s4:z s5:A s7:b s8:g s11:c s12:d s13:l s43:e', // 75
  's2:B s3:y s4:z s5:A s7:b s8:g s11:c s12:d s13:l s43:e', // 76
  's2:B s3:y s4:z s5:A s7:b s8:g s11:c s12:d s13:l s43:e', // 77
  's2:B s3:y s4:z s5:A s7:b s8:g s11:c s12:d s13:l s43:e', // 78
  's75:p s76:v s77:o s78:w s96:f', // 79
  's15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s s74:f s81:x', // 80
  's97:z s98:y s99:B s100:t', // 81
  'r38:CDafghijlopqrsuvwx', // 82
  'r41:CDafghijlopqrsuvwx', // 83
  'r43:CDafghijlopqrsuvwx', // 84
  'r45:CDafghijlopqrsuvwx', // 85
  'r44:h s63:C', // 86
  'r46:CDafghijlopqrsuvwx', // 87
  'r36:h s75:p s76:v s77:o s78:w', // 88
  'r40:Ch s15:i s16:j s17:D s18:o s19:w s20:p s21:v s22:u s23:g s24:q s25:r s26:l s27:s', // 89
  'r56:h', // 90
  'r57:h', // 91
  'r29:CDafghijlopqrsuvwx', // 92
  'r30:CDafghijloqrsuvwx s75:p', // 93
  'r31:CDafghijloqrsuwx s75:p s76:v', // 94
  'r32:CDafghijlqrsuwx s75:p s76:v s77:o', // 95
  'r34:CDafghijlopqrsuvwx', // 96
  'r23:CDafghijlopqrsuvwx', // 97
  'r24:CDafghijlopqrsuvwx', // 98
  'r25:CDafghijlopqrsuvwx', // 99
  'r26:CDafghijlopqrsuvwx', // 100
];
export const GOTO_ROWS: readonly string[] = [
  'fields:9 fields_or_any:6 jsonpath:1', // 0
  'operator:14', // 1
  'operator:28', // 2
  'operator:29', // 3
  'operator:30', // 4
  '',
  '',
  '',
  'empty:38 fields:33 idx:31 maybe_int:36 slice:32', // 8
  '',
  'fields:9 fields_or_any:6 jsonpath:40', // 10
  '',
  'expression:42 expressions:41 fields:9 fields_or_any:6 jsonpath:44', // 12
  '',
  'fields:9 fields_or_any:6 jsonpath:45', // 14
  'fields:9 fields_or_any:6 jsonpath:48', // 15
  'fields:9 fields_or_any:6 jsonpath:49', // 16
  'fields:9 fields_or_any:6 jsonpath:50', // 17
  'fields:9 fields_or_any:6 jsonpath:51', // 18
  'fields:9 fields_or_any:6 jsonpath:52', // 19
  'fields:9 fields_or_any:6 jsonpath:53', // 20
  'fields:9 fields_or_any:6 jsonpath:54', // 21
  'fields:9 fields_or_any:6 jsonpath:55', // 22
  'empty:38 fields:57 filter:56 idx:58 maybe_int:36 slice:59 sort:62 sorts:60', // 23
  '',
  '',
  '',
  '',
  'fields:9 fields_or_any:6 jsonpath:65', // 28
  'fields:9 fields_or_any:6 jsonpath:67', // 29
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  'fields:73', // 39
  'operator:14', // 40
  '',
  '',
  'expression:42 expressions:79 fields:9 fields_or_any:6 jsonpath:80', // 43
  'operator:14', // 44
  'operator:14', // 45
  'operator:28', // 46
  'operator:29', // 47
  'operator:14', // 48
  'operator:14', // 49
  'operator:14', // 50
  'operator:14', // 51
  'operator:14', // 52
  'operator:14', // 53
  'operator:14', // 54
  'operator:14', // 55
  '',
  '',
  '',
  '',
  'sort:62 sorts:86', // 60
  'expression:42 expressions:88 fields:9 fields_or_any:6 jsonpath:44', // 61
  '',
  'fields:9 fields_or_any:6 jsonpath:89', // 63
  'operator:28', // 64
  'operator:14', // 65
  'operator:29', // 66
  'operator:14', // 67
  '',
  '',
  '',
  '',
  'empty:38 maybe_int:90', // 72
  '',
  '',
  'expression:42 expressions:92 fields:9 fields_or_any:6 jsonpath:44', // 75
  'expression:42 expressions:93 fields:9 fields_or_any:6 jsonpath:44', // 76
  'expression:42 expressions:94 fields:9 fields_or_any:6 jsonpath:44', // 77
  'expression:42 expressions:95 fields:9 fields_or_any:6 jsonpath:44', // 78
  '',
  'operator:14', // 80
  '',
  '',
  '',
  '',
  '',
  'sort:62 sorts:86', // 86
  '',
  '',
  'operator:14', // 89
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
];

export function decodeActions(row: string): Map<string, number> {
  const actions = new Map<string, number>();
  for (const entry of row.split(' ').filter(Boolean)) {
    const [act = '', codes = ''] = entry.split(':');
    const n = act === 'acc' ? 0 : act.startsWith('s') ? Number(act.slice(1)) : -Number(act.slice(1));
    for (const code of codes) actions.set(TERMINALS[TERMINAL_CODES.indexOf(code)]!, n);
  }
  return actions;
}

export function decodeGotos(row: string): Map<string, number> {
  return new Map(
    row
      .split(' ')
      .filter(Boolean)
      .map((entry) => {
        const [symbol = '', state = ''] = entry.split(':');
        return [symbol, Number(state)];
      }),
  );
}

export const ACTIONS = ACTION_ROWS.map(decodeActions);
export const GOTOS = GOTO_ROWS.map(decodeGotos);
/** PLY reduces without reading a token in a state whose only action is a reduction. */
export const DEFAULT_REDUCTIONS = ACTIONS.map((a) => (a.size === 1 && [...a.values()][0]! < 0 ? [...a.values()][0]! : undefined));

export type Sym = readonly unknown[];
export const node = (v: unknown): JsonPathNode => v as JsonPathNode;
export const list = <T>(v: unknown): T[] => v as T[];

/** p_jsonpath_operator_jsonpath: a lone field is taken as a str constant. */
export function operation(p: Sym): JsonPathNode {
  const operand = (v: unknown): Operand => (v instanceof Fields && v.fields.length === 1 ? v.fields[0]! : (v as Operand));
  return new Operation(operand(p[1]), p[2] as ArithmeticOp, operand(p[3]));
}

export function binary(p: Sym): JsonPathNode {
  const [left, right] = [node(p[1]), node(p[3])];
  switch (p[2] as string) {
    case '.':
      return new Child(left, right);
    case '..':
      return new Descendants(left, right);
    case 'where':
      return new Where(left, right);
    case '|':
    case '||':
      return new Union(left, right);
    case '&':
    case '&&':
      return new Intersect(left, right);
    default:
      return new Contains(left, right);
  }
}

export const expression = (p: Sym): JsonPathNode => (p.length === 2 ? new Expression(node(p[1])) : new Expression(node(p[1]), p[2] as FilterOp, p[3] as Constant));
export const first = (p: Sym): unknown => p[1];
export const second = (p: Sym): unknown => p[2];
export const joined = (p: Sym): unknown => [...list(p[1]), ...list(p[p.length - 1])];

/** The grammar, in PLY's production order: [left-hand side, right-hand side, action]. */
export const PRODUCTIONS: ReadonlyArray<readonly [string, string, (p: Sym) => unknown]> = [
  ["S'", 'jsonpath', first],
  ['jsonpath', 'NUMBER operator NUMBER', operation],
  ['jsonpath', 'FLOAT operator FLOAT', operation],
  ['jsonpath', 'ID operator ID', operation],
  ['jsonpath', 'NUMBER operator jsonpath', operation],
  ['jsonpath', 'FLOAT operator jsonpath', operation],
  ['jsonpath', 'jsonpath operator NUMBER', operation],
  ['jsonpath', 'jsonpath operator FLOAT', operation],
  ['jsonpath', 'jsonpath operator jsonpath', operation],
  ['operator', '+', first],
  ['operator', '-', first],
  ['operator', '*', first],
  ['operator', '/', first],
  ['jsonpath', 'NAMED_OPERATOR', (p) => namedOperator(p[1] as string)],
  ['jsonpath', 'jsonpath . jsonpath', binary],
  ['jsonpath', 'jsonpath DOUBLEDOT jsonpath', binary],
  ['jsonpath', 'jsonpath WHERE jsonpath', binary],
  ['jsonpath', 'jsonpath | jsonpath', binary],
  ['jsonpath', 'jsonpath DOUBLE_OR jsonpath', binary],
  ['jsonpath', 'jsonpath & jsonpath', binary],
  ['jsonpath', 'jsonpath DOUBLE_AND jsonpath', binary],
  ['jsonpath', 'jsonpath CONTAINS jsonpath', binary],
  ['expression', 'jsonpath', expression],
  ['expression', 'jsonpath FILTER_OP ID', expression],
  ['expression', 'jsonpath FILTER_OP FLOAT', expression],
  ['expression', 'jsonpath FILTER_OP NUMBER', expression],
  ['expression', 'jsonpath FILTER_OP BOOL', expression],
  ['expressions', 'expression', (p) => [p[1]]],
  ['jsonpath', 'fields_or_any', (p) => new Fields(list(p[1]))],
  ['expressions', 'expressions & expressions', joined],
  ['expressions', 'expressions DOUBLE_AND expressions', joined],
  ['expressions', 'expressions | expressions', (p) => [new Intersect(list(p[1]), list(p[3]))]],
  ['expressions', 'expressions DOUBLE_OR expressions', (p) => [new Intersect(list(p[1]), list(p[3]))]],
  ['jsonpath', '$', () => new Root()],
  ['expressions', '( expressions )', second],
  ['jsonpath', '[ idx ]', second],
  ['filter', '? expressions', (p) => new Filter(list(p[2]))],
  ['jsonpath', '[ slice ]', second],
  ['jsonpath', 'jsonpath [ filter ]', (p) => new Child(node(p[1]), node(p[3]))],
  ['jsonpath', '[ fields ]', (p) => new Fields(list(p[2]))],
  ['sort', 'SORT_DIRECTION jsonpath', (p) => [node(p[2]), p[1] !== '/']],
  ['jsonpath', 'jsonpath [ fields ]', (p) => new Child(node(p[1]), new Fields(list(p[3])))],
  ['sorts', 'sort', (p) => [p[1]]],
  ['jsonpath', 'jsonpath [ idx ]', (p) => new Child(node(p[1]), node(p[3]))],
  ['sorts', 'sorts sorts', joined],
  ['jsonpath', 'jsonpath [ slice ]', (p) => new Child(node(p[1]), node(p[3]))],
  ['jsonpath', 'jsonpath [ sorts ]', (p) => new Child(node(p[1]), new SortedThis(list(p[3])))],
  ['jsonpath', '( jsonpath )', second],
  ['jsonpath', '@', () => new This()],
  ['fields_or_any', 'fields', first],
  ['fields_or_any', '*', () => ['*']],
  ['jsonpath', '! expressions', (p) => new Filter(list(p[2]), true)],
  ['fields', 'ID', (p) => [p[1]]],
  ['fields', 'fields , fields', joined],
  ['idx', 'NUMBER', (p) => new Index(p[1] as bigint)],
  ['slice', '*', () => new Slice()],
  ['slice', 'maybe_int : maybe_int', (p) => new Slice(p[1] as bigint | null, p[3] as bigint | null)],
  ['maybe_int', 'NUMBER', first],
  ['maybe_int', 'empty', first],
  ['empty', '', () => null],
];

export function describe(token: Token | undefined): string {
  return token ? `near ${JSON.stringify(String(token.value))} (${token.type}) at ${token.pos}` : 'at the end';
}

/** PLY's LR driver; an error raises at once (p_error), there is no recovery. */
export function parseTokens(tokens: readonly Token[]): JsonPathNode {
  const states = [0];
  const values: unknown[] = [null];
  let next = 0;
  for (;;) {
    const state = states.at(-1)!;
    const token = tokens[next];
    const action = DEFAULT_REDUCTIONS[state] ?? ACTIONS[state]!.get(token?.type ?? '$end');
    if (action === undefined) throw new JsonPathError(`Parse error ${describe(token)}`);
    if (action > 0) {
      states.push(action);
      values.push(token!.value);
      next++;
    } else if (action < 0) {
      const [lhs, rhs, reduce] = PRODUCTIONS[-action]!;
      const length = rhs === '' ? 0 : rhs.split(' ').length;
      const p = [null, ...values.slice(values.length - length)];
      states.length -= length;
      values.length -= length;
      values.push(reduce(p));
      states.push(GOTOS[states.at(-1)!]!.get(lhs)!);
    } else {
      return node(values.at(-1));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What a path can reach, and the API
// ---------------------------------------------------------------------------------------------

/**
 * Whether `node`, given a root-level input (`atRoot`), can read the root's keys without naming them:
 * `..`, a `*` field, `sorted` or `str()` on the root. Conservative: `parent` may always be the root,
 * and `[*]` or a filter can hand the root itself on.
 */
export function reachesRootKeys(node: JsonPathNode, atRoot: boolean): boolean {
  if (node instanceof Descendants) return true;
  if (node instanceof Fields) return atRoot && node.fields.includes('*');
  if (node instanceof SortedThis || node instanceof Str) return atRoot;
  if (node instanceof Child || node instanceof Where) return reachesRootKeys(node.left, atRoot) || reachesRootKeys(node.right, mayBeRoot(node.left, atRoot));
  if (node instanceof Union || node instanceof Intersect) return [node.left, node.right].flat().some((n) => reachesRootKeys(n, atRoot));
  if (node instanceof Filter) return node.expressions.some((e) => reachesRootKeys(e, atRoot));
  if (node instanceof Expression) return reachesRootKeys(node.target, atRoot);
  if (node instanceof Contains) return reachesRootKeys(node.left, atRoot);
  if (node instanceof Operation) return [node.left, node.right].some((o) => o instanceof JsonPathNode && reachesRootKeys(o, atRoot));
  return false;
}

/** Whether a match of `node` can be the root (or a list holding it). */
export function mayBeRoot(node: JsonPathNode, atRoot: boolean): boolean {
  if (node instanceof Root || node instanceof Parent) return true;
  if (node instanceof This || node instanceof Slice || node instanceof Filter || node instanceof SortedThis) return atRoot;
  if (node instanceof Child) return mayBeRoot(node.right, mayBeRoot(node.left, atRoot));
  if (node instanceof Where || node instanceof Contains) return mayBeRoot(node.left, atRoot);
  if (node instanceof Union || node instanceof Intersect) return [node.left, node.right].flat().some((n) => mayBeRoot(n, atRoot));
  if (node instanceof Expression) return mayBeRoot(node.target, atRoot);
  return false;
}

export function toJsonPathError(error: unknown): JsonPathError {
  if (error instanceof JsonPathError) return error;
  if (error instanceof RangeError) return new JsonPathError('RecursionError: maximum recursion depth exceeded');
  return new JsonPathError(String(error));
}

export function toMatch(datum: Datum | null): JsonPathMatch {
  if (datum === null) return raise('AttributeError', "'NoneType' object has no attribute 'value'");
  const value = datum.value instanceof PyFloat ? datum.value.v : datum.value;
  return { value, path: [...datum.loc], fullPath: String(datum.fullPath) };
}

/** Parses a JSONPath as `bc_jsonpath_ng.ext.parse` does; throws JsonPathError where Python raises. */
export function parseJsonPath(text: string): JsonPath {
  let root: JsonPathNode;
  try {
    root = parseTokens(tokenize(text));
  } catch (error) {
    throw toJsonPathError(error);
  }
  return {
    descends: reachesRootKeys(root, true),
    find(data: unknown): JsonPathMatch[] {
      try {
        return items(root.find(data)).map(toMatch);
      } catch (error) {
        throw toJsonPathError(error);
      }
    },
  };
}
