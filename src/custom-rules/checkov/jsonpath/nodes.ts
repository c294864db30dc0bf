/* bc_jsonpath_ng's port (parser.ts): the nodes of a parsed JSONPath and how each finds its matches (jsonpath.py and ext/*.py). */
import { RE2JS } from 're2js';
import { compareStr } from '../python.js';
import { JsonPathError, type Kind, PY_SPACE, PyFloat, codePoints, compareNumbers, isDict, isFloat, isIntLike, isNumeric, isTypeError, kindOf, pyContains, pyEq, pyInt, pyLen, pyOrder, pyStr, raise, toNumber, truthy, unsupported } from './python.js';
import { intToken } from './lexer.js';


// ---------------------------------------------------------------------------------------------
// Matches in context (DatumInContext) and the nodes that make up a full path
// ---------------------------------------------------------------------------------------------

export type Loc = ReadonlyArray<string | number>;

/**
 * A value with the path step that reached it and the match it was reached from. `loc` and `exact`
 * are ours: where in the data the value is (exact) or, when it is not a node of the data, the
 * location of the node it was derived from. `boxed` marks a value Python wrapped in a list.
 */
export class Datum {
  boxed = false;
  private boxedExact = false;

  constructor(
    public value: unknown,
    readonly path: PathNode,
    readonly context: Datum | null,
    readonly loc: Loc,
    private exact: boolean,
  ) {}

  get fullPath(): PathNode {
    return this.context === null ? this.path : extendPath(this.context.fullPath, this.path);
  }

  /** Python replacing `datum.value` by `[datum.value]` (filters do it to a dict). */
  box(): void {
    this.value = [this.value];
    this.boxedExact = this.exact;
    this.boxed = true;
    this.exact = false;
  }

  /** A datum holding `[this.value]` with this datum's path and context (Slice's coercion). */
  boxedCopy(): Datum {
    const copy = new Datum(this.value, this.path, this.context, this.loc, this.exact);
    copy.box();
    return copy;
  }

  /** The same value at the root (Root's find). */
  asRoot(): Datum {
    const copy = new Datum(this.value, ROOT, null, this.loc, this.exact);
    copy.boxed = this.boxed;
    copy.boxedExact = this.boxedExact;
    return copy;
  }

  /** The datum for an item of this value: `exactItem` is false for a character of a str. */
  child(value: unknown, path: PathNode, key: string | number, exactItem = true): Datum {
    if (this.boxed) return new Datum(value, path, this, this.loc, this.boxedExact);
    if (!this.exact || !exactItem) return new Datum(value, path, this, this.loc, false);
    return new Datum(value, path, this, [...this.loc, key], true);
  }

  /** A value computed from this one (len, sorted, str(), ...), with no context. */
  derived(value: unknown, path: PathNode = THIS): Datum {
    return new Datum(value, path, null, this.loc, false);
  }
}

/** What a find() returns: a list (which may hold None, the parent of the root) or, from `sorted`, a bare datum. */
export type Found = Array<Datum | null> | Datum;

export const wrap = (input: unknown): Datum => (input instanceof Datum ? input : new Datum(input, THIS, null, [], true));

export function items(found: Found): Array<Datum | null> {
  return found instanceof Datum ? raise('TypeError', "'DatumInContext' object is not iterable") : found;
}

export const foundTruthy = (found: Found): boolean => found instanceof Datum || found.length > 0;

export function foundLen(found: Found): number {
  return found instanceof Datum ? raise('TypeError', "object of type 'DatumInContext' has no len()") : found.length;
}

export function valueOf(datum: Datum | null): unknown {
  return datum === null ? raise('AttributeError', "'NoneType' object has no attribute 'value'") : datum.value;
}

export function concat(a: Found, b: Found): Array<Datum | null> {
  if (a instanceof Datum || b instanceof Datum) return raise('TypeError', 'can only concatenate list to list');
  return [...a, ...b];
}

export abstract class JsonPathNode {
  abstract find(input: unknown): Found;
}

/** Python's JSONPath.child(): the canonical form of a path extended by one step. */
export function extendPath(path: PathNode, step: PathNode): PathNode {
  if (path instanceof This || path instanceof Root) return step;
  if (step instanceof This) return path;
  if (step instanceof Root) return step;
  return new Child(path, step);
}

export type PathNode = Root | This | Fields | Index | Len | Child;

export class Root extends JsonPathNode {
  find(input: unknown): Found {
    if (!(input instanceof Datum)) return [new Datum(input, ROOT, null, [], true)];
    return input.context === null ? [input.asRoot()] : this.find(input.context);
  }

  override toString(): string {
    return '$';
  }
}

export class This extends JsonPathNode {
  find(input: unknown): Found {
    return [wrap(input)];
  }

  override toString(): string {
    return '`this`';
  }
}

export const ROOT = new Root();
export const THIS = new This();

export class Child extends JsonPathNode {
  constructor(
    readonly left: JsonPathNode,
    readonly right: JsonPathNode,
  ) {
    super();
  }

  find(input: unknown): Found {
    const out: Array<Datum | null> = [];
    for (const sub of items(this.left.find(input))) out.push(...items(this.right.find(sub)));
    return out;
  }

  override toString(): string {
    return `${String(this.left)}.${String(this.right)}`;
  }
}

export class Parent extends JsonPathNode {
  find(input: unknown): Found {
    return [wrap(input).context];
  }
}

export class Where extends JsonPathNode {
  constructor(
    readonly left: JsonPathNode,
    readonly right: JsonPathNode,
  ) {
    super();
  }

  find(input: unknown): Found {
    return items(this.left.find(input)).filter((sub) => foundTruthy(this.right.find(sub)));
  }
}

/** `left..right`: right applied to every match of left and to everything below it, depth first. */
export class Descendants extends JsonPathNode {
  constructor(
    readonly left: JsonPathNode,
    readonly right: JsonPathNode,
  ) {
    super();
  }

  find(input: unknown): Found {
    const left = this.left.find(input);
    return (left instanceof Datum ? [left] : left).flatMap((m) => this.matchRecursively(m));
  }

  private matchRecursively(datum: Datum | null): Array<Datum | null> {
    const own = this.right.find(datum);
    const below: Array<Datum | null> = [];
    const value = valueOf(datum);
    // The right-hand side may have boxed this datum's value, so it is read again for every item.
    if (Array.isArray(value)) {
      const n = value.length;
      for (let i = 0; i < n; i++) below.push(...this.matchRecursively(datum!.child(getItem(datum!.value, i), new Index(BigInt(i)), i)));
    } else if (isDict(value)) {
      for (const key of Object.keys(value)) below.push(...this.matchRecursively(datum!.child(getItem(datum!.value, key), new Fields([key]), key)));
    }
    return concat(own, below);
  }
}

/** Python's `container[key]` for a list index or a dict key. */
export function getItem(container: unknown, key: string | number): unknown {
  if (Array.isArray(container)) {
    if (typeof key !== 'number') return raise('TypeError', 'list indices must be integers or slices, not str');
    const i = key < 0 ? container.length + key : key;
    return i < 0 || i >= container.length ? raise('IndexError', 'list index out of range') : container[i];
  }
  if (isDict(container)) return Object.hasOwn(container, key) && typeof key === 'string' ? container[key] : raise('KeyError', String(key));
  return raise('TypeError', `'${kindOf(container)}' object is not subscriptable`);
}

export class Union extends JsonPathNode {
  constructor(
    readonly left: JsonPathNode,
    readonly right: JsonPathNode,
  ) {
    super();
  }

  find(input: unknown): Found {
    return concat(this.left.find(input), this.right.find(input));
  }
}

/** `a & b` on paths raises (Python iterates the paths); in a filter, `a | b` is an Intersect of expression lists. */
export class Intersect extends JsonPathNode {
  constructor(
    readonly left: JsonPathNode | JsonPathNode[],
    readonly right: JsonPathNode | JsonPathNode[],
  ) {
    super();
  }

  find(input: unknown): Found {
    const out: Array<Datum | null> = [];
    for (const side of [this.left, this.right]) {
      if (!Array.isArray(side)) return raise('TypeError', 'JSONPath object is not iterable');
      for (const expression of side) out.push(...items(expression.find(input)));
    }
    return out;
  }
}

export class Contains extends JsonPathNode {
  constructor(
    readonly left: JsonPathNode,
    readonly right: JsonPathNode,
  ) {
    super();
  }

  find(input: unknown): Found {
    return items(this.left.find(input)).filter((sub) => {
      if (!(this.right instanceof Fields)) return raise('AttributeError', "object has no attribute 'fields'");
      return pyContains(valueOf(sub), this.right.fields[0]!);
    });
  }
}

export class Fields extends JsonPathNode {
  constructor(readonly fields: readonly string[]) {
    super();
  }

  find(input: unknown): Found {
    const datum = wrap(input);
    const value = datum.value;
    if (!isDict(value)) return [];
    const names = this.fields.includes('*') ? Object.keys(value) : this.fields;
    return names.filter((name) => Object.hasOwn(value, name)).map((name) => datum.child(value[name], new Fields([name]), name));
  }

  override toString(): string {
    return this.fields.join(',');
  }
}

export class Index extends JsonPathNode {
  constructor(readonly index: bigint) {
    super();
  }

  find(input: unknown): Found {
    const datum = wrap(input);
    const value = datum.value;
    if (!truthy(value)) return [];
    const length = pyLen(value) ?? raise('TypeError', `object of type '${kindOf(value)}' has no len()`);
    if (!(BigInt(length) > this.index)) return [];
    const at = this.index < 0n ? BigInt(length) + this.index : this.index;
    if (isDict(value)) return raise('KeyError', String(this.index));
    if (at < 0n) return raise('IndexError', `${kindOf(value)} index out of range`);
    const i = Number(at);
    if (typeof value === 'string') return [datum.child(codePoints(value)[i], this, i, false)];
    return [datum.child((value as unknown[])[i], this, i)];
  }

  override toString(): string {
    return `[${this.index}]`;
  }
}

/** Python's slice bounds on range(length), step 1. */
export function sliceBound(bound: bigint | null, length: number, otherwise: number): number {
  if (bound === null) return otherwise;
  const b = bound < 0n ? bound + BigInt(length) : bound;
  return b < 0n ? 0 : b > BigInt(length) ? length : Number(b);
}

/** `[*]` and `[a:b]`. A truthy int, str or dict is first put in a one-item list. */
export class Slice extends JsonPathNode {
  constructor(
    readonly start: bigint | null = null,
    readonly end: bigint | null = null,
  ) {
    super();
  }

  find(input: unknown): Found {
    const datum = wrap(input);
    const value = datum.value;
    if (!truthy(value)) return [];
    if (['bool', 'int', 'str', 'dict'].includes(kindOf(value))) return this.find(datum.boxedCopy());
    if (!Array.isArray(value)) return raise('TypeError', `object of type '${kindOf(value)}' has no len()`);
    const from = sliceBound(this.start, value.length, 0);
    const to = sliceBound(this.end, value.length, value.length);
    const out: Datum[] = [];
    for (let i = from; i < to; i++) out.push(datum.child(value[i], new Index(BigInt(i)), i));
    return out;
  }
}

/** `[?expressions]` keeps the items of a list (a dict counts as a one-item list) matching every expression. */
export class Filter extends JsonPathNode {
  constructor(
    readonly expressions: readonly JsonPathNode[],
    readonly negated = false,
  ) {
    super();
  }

  find(input: unknown): Found {
    const datum = wrap(input);
    if (isDict(datum.value)) datum.box();
    const value = datum.value;
    if (!Array.isArray(value)) return [];
    const out: Datum[] = [];
    for (let i = 0; i < value.length; i++) {
      // Every expression runs, even after one has failed.
      const passed = this.expressions.filter((e) => foundTruthy(e.find(value[i]))).length;
      if ((passed === this.expressions.length) !== this.negated) out.push(datum.child(value[i], new Index(BigInt(i)), i));
    }
    return out;
  }
}

export type FilterOp = '==' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '=~';
/** The right-hand side of a comparison: ID (str), NUMBER (bigint), FLOAT (number or PyFloat), BOOL. */
export type Constant = string | bigint | number | PyFloat | boolean;

export function compare(value: unknown, op: FilterOp, constant: unknown, regex: RE2JS | undefined): boolean {
  if (typeof value === 'bigint' && typeof constant === 'bigint' && op !== '=~') {
    return op === '==' || op === '=' ? value === constant : op === '!=' ? value !== constant : compareNumbers(value, constant, op);
  }
  switch (op) {
    case '==':
    case '=':
      return pyEq(value, constant);
    case '!=':
      return !pyEq(value, constant);
    case '=~':
      if (typeof constant !== 'string') return raise('TypeError', 'first argument must be string or compiled pattern');
      if (typeof value !== 'string') return raise('TypeError', 'expected string or bytes-like object');
      return regex!.test(value);
    default:
      return pyOrder(value, constant, op);
  }
}

/** One filter condition: `target` alone (it must find something) or `target op constant`. */
export class Expression extends JsonPathNode {
  private readonly regex: RE2JS | undefined;

  constructor(
    readonly target: JsonPathNode,
    readonly op: FilterOp | null = null,
    readonly constant: Constant | null = null,
  ) {
    super();
    if (op === '=~' && typeof constant === 'string') this.regex = compileRegex(constant);
  }

  find(input: unknown): Found {
    const found = this.target.find(wrap(input));
    if (!foundTruthy(found)) return [];
    if (this.op === null) return found;
    const out: Array<Datum | null> = [];
    for (const datum of items(found)) {
      let value = valueOf(datum);
      let constant: unknown = this.constant;
      // An int (or bool) constant makes Python convert the value with int() first.
      if (typeof constant === 'bigint' || typeof constant === 'boolean') {
        const converted = pyInt(value);
        if (converted === undefined) continue;
        value = converted;
        constant = BigInt(constant);
      }
      if (compare(value, this.op, constant, this.regex)) out.push(datum);
    }
    return out;
  }
}

export function compileRegex(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch {
    return unsupported(`the regular expression ${JSON.stringify(pattern)} (RE2 cannot compile it)`);
  }
}

// ---------------------------------------------------------------------------------------------
// ext: arithmetic, `len`, `sorted`, `str()`, `split()`
// ---------------------------------------------------------------------------------------------

export type ArithmeticOp = '+' | '-' | '*' | '/';
/** An operand: a path, or a constant (a single bare field is taken as a str). */
export type Operand = JsonPathNode | string | bigint | number | PyFloat;

export const MAX_REPEAT = 10_000_000;

export function numericOp(a: unknown, op: ArithmeticOp, b: unknown): unknown {
  const x = toNumber(a);
  const y = toNumber(b);
  if (op === '/' && y === 0) return raise('ZeroDivisionError', 'division by zero');
  const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
  if (op === '/' || isFloat(a) || isFloat(b)) return Number.isInteger(r) ? new PyFloat(r) : r;
  return Number.isSafeInteger(r) ? r : unsupported('integer arithmetic beyond 2**53');
}

export function repeat(sequence: unknown, times: unknown): unknown {
  const n = Math.max(0, toNumber(times));
  const length = typeof sequence === 'string' ? sequence.length : (sequence as unknown[]).length;
  if (length * n > MAX_REPEAT) return unsupported('a repetition this long');
  if (typeof sequence === 'string') return sequence.repeat(n);
  return Array.from({ length: n }, () => sequence as unknown[]).flat(1);
}

/** Python's operator.add, sub, mul and truediv; TypeError where the types do not support it. */
export function arithmetic(a: unknown, op: ArithmeticOp, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) return numericOp(a, op, b);
  const ka = kindOf(a);
  const kb = kindOf(b);
  const sequence = (k: Kind): boolean => k === 'str' || k === 'list';
  if (op === '+' && sequence(ka) && ka === kb) return ka === 'str' ? (a as string) + (b as string) : [...(a as unknown[]), ...(b as unknown[])];
  if (op === '*' && sequence(ka) && isIntLike(b)) return repeat(a, b);
  if (op === '*' && isIntLike(a) && sequence(kb)) return repeat(b, a);
  return raise('TypeError', `unsupported operand type(s) for ${op}: '${ka}' and '${kb}'`);
}

export function constantOperand(c: Exclude<Operand, JsonPathNode>): unknown {
  if (typeof c !== 'bigint') return c;
  return c >= -BigInt(Number.MAX_SAFE_INTEGER) && c <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(c) : unsupported('integer arithmetic beyond 2**53');
}

export class Operation extends JsonPathNode {
  constructor(
    readonly left: Operand,
    readonly op: ArithmeticOp,
    readonly right: Operand,
  ) {
    super();
  }

  find(input: unknown): Found {
    const pairs = this.operandPairs(input);
    if (pairs === undefined) return [];
    const results: unknown[] = [];
    for (const [a, b] of pairs) {
      try {
        results.push(arithmetic(a(), this.op, b()));
      } catch (e) {
        // Python gives up on the whole operation at the first TypeError.
        if (isTypeError(e)) return [];
        throw e;
      }
    }
    const loc = input instanceof Datum ? input.loc : [];
    return results.map((r) => new Datum(r, THIS, null, loc, false));
  }

  /** The operand pairs, as thunks because Python reads `.value` inside its try. Undefined: no result. */
  private operandPairs(input: unknown): Array<[() => unknown, () => unknown]> | undefined {
    const { left, right } = this;
    if (left instanceof JsonPathNode && right instanceof JsonPathNode) {
      const l = left.find(input);
      const r = right.find(input);
      if (!foundTruthy(l) || !foundTruthy(r) || foundLen(l) !== foundLen(r)) return undefined;
      const rs = items(r);
      return items(l).map((ld, i) => [() => valueOf(ld), () => valueOf(rs[i]!)]);
    }
    if (left instanceof JsonPathNode) {
      const c = right as Exclude<Operand, JsonPathNode>;
      return items(left.find(input)).map((ld) => [() => valueOf(ld), () => constantOperand(c)]);
    }
    if (right instanceof JsonPathNode) {
      const c = left;
      return items(right.find(input)).map((rd) => [() => constantOperand(c), () => valueOf(rd)]);
    }
    return [[() => constantOperand(left), () => constantOperand(right)]];
  }
}

export class Len extends JsonPathNode {
  find(input: unknown): Found {
    const datum = wrap(input);
    const n = pyLen(datum.value);
    return n === undefined ? [] : [datum.derived(n, this)];
  }

  override toString(): string {
    return '`len`';
  }
}

export const MIN_MERGE = 64;

/**
 * CPython's list.sort for fewer than 64 items (one run found by count_run, then binary insertion),
 * so that comparisons happen in Python's order: which pairs raise TypeError, and where an
 * inconsistent comparison leaves items, follow from it.
 */
export function insertionSort<T>(list: readonly T[], lt: (a: T, b: T) => boolean): T[] {
  const a = [...list];
  const n = a.length;
  if (n < 2) return a;
  let run = 2;
  if (lt(a[1]!, a[0]!)) {
    while (run < n && lt(a[run]!, a[run - 1]!)) run++;
    a.splice(0, run, ...a.slice(0, run).reverse());
  } else {
    while (run < n && !lt(a[run]!, a[run - 1]!)) run++;
  }
  for (let start = run; start < n; start++) {
    const pivot = a[start]!;
    let l = 0;
    let r = start;
    do {
      const p = l + ((r - l) >> 1);
      if (lt(pivot, a[p]!)) r = p;
      else l = p + 1;
    } while (l < r);
    a.splice(start, 1);
    a.splice(l, 0, pivot);
  }
  return a;
}

/** sorted() without a key for 64 items or more: only a total order (all numbers, all str) is kept exact. */
export function sortLongList(list: readonly unknown[]): unknown[] {
  const kinds = new Set(list.map((v) => (isNumeric(v) ? 'number' : kindOf(v))));
  if (kinds.has('NoneType') || kinds.has('dict') || kinds.size > 1) return raise('TypeError', "'<' not supported between these instances");
  if (kinds.has('number')) return [...list].sort((x, y) => toNumber(x) - toNumber(y));
  if (kinds.has('str')) return [...list].sort((x, y) => compareStr(x as string, y as string));
  return unsupported('sorting 64 or more lists');
}

/** `sorted` (sorted(value)) and `[/field]`, `[\field]` (sorted by fields, `\` descending). */
export class SortedThis extends JsonPathNode {
  constructor(readonly sorts: ReadonlyArray<readonly [JsonPathNode, boolean]> | null) {
    super();
  }

  find(input: unknown): Found {
    // Python reads `datum.value` without wrapping its argument first.
    if (!(input instanceof Datum)) return raise('AttributeError', `'${kindOf(input)}' object has no attribute 'value'`);
    const value = input.value;
    if ((isDict(value) && this.sorts) || !(isDict(value) || Array.isArray(value))) return input;
    const list = isDict(value) ? Object.keys(value) : (value as unknown[]);
    return [input.derived(this.sort(list))];
  }

  private sort(list: readonly unknown[]): unknown[] {
    if (!this.sorts) return list.length < MIN_MERGE ? insertionSort(list, (a, b) => pyOrder(a, b, '<')) : sortLongList(list);
    if (list.length >= MIN_MERGE) return unsupported('sorting 64 or more items by fields');
    return insertionSort(list, (a, b) => this.compare(a, b) < 0);
  }

  private compare(left: unknown, right: unknown): number {
    for (const [field, descending] of this.sorts!) {
      const l = field.find(wrap(left));
      const r = field.find(wrap(right));
      if (!foundTruthy(l) || !foundTruthy(r) || foundLen(l) > 1 || foundLen(r) > 1) continue;
      const lv = valueOf(items(l)[0]!);
      const rv = valueOf(items(r)[0]!);
      if (pyEq(lv, rv)) continue;
      return pyOrder(lv, rv, '<') === descending ? 1 : -1;
    }
    return 0;
  }
}

export class Str extends JsonPathNode {
  find(input: unknown): Found {
    const datum = wrap(input);
    return [datum.derived(pyStr(datum.value))];
  }
}

export const SSIZE_MAX = 2n ** 63n - 1n;

/** `split(char, segment, maxsplit)`: value.split(char, maxsplit)[segment], nothing where Python raises. */
export class Split extends JsonPathNode {
  constructor(
    readonly separator: string,
    readonly segment: bigint,
    readonly maxSplit: bigint,
  ) {
    super();
  }

  find(input: unknown): Found {
    const datum = wrap(input);
    const value = datum.value;
    if (typeof value !== 'string' || this.maxSplit > SSIZE_MAX) return [];
    const parts: string[] = [];
    let start = 0;
    for (let splits = 0n; this.maxSplit < 0n || splits < this.maxSplit; splits++) {
      const at = value.indexOf(this.separator, start);
      if (at < 0) break;
      parts.push(value.slice(start, at));
      start = at + this.separator.length;
    }
    parts.push(value.slice(start));
    return this.segment < BigInt(parts.length) ? [datum.derived(parts[Number(this.segment)])] : [];
  }
}

export const SPLIT_CALL = new RegExp(`^split\\(([^\\n]),[${PY_SPACE}]+(\\p{Nd}+),[${PY_SPACE}]+(\\p{Nd}+|-1)\\)`, 'u');
export const SUB_CALL = new RegExp(`^sub\\(/([^\\n]*)/,[${PY_SPACE}]+([^\\n]*)\\)`, 'u');

/** A backquoted operator, as ext/parser.py reads it (`re.match`: only the start must match). */
export function namedOperator(name: string): JsonPathNode {
  if (name === 'len') return new Len();
  if (name === 'sorted') return new SortedThis(null);
  if (name.startsWith('split(')) {
    const m = SPLIT_CALL.exec(name) ?? invalid(name);
    return new Split(m[1]!, intToken(m[2]!), intToken(m[3]!));
  }
  if (name.startsWith('sub(')) {
    if (!SUB_CALL.test(name)) invalid(name);
    return unsupported('`sub(...)`');
  }
  if (name.startsWith('str(')) {
    if (!name.startsWith('str()')) invalid(name);
    return new Str();
  }
  if (name === 'this') return new This();
  if (name === 'parent') return new Parent();
  throw new JsonPathError(`Unknown named operator \`${name}\``);
}

export function invalid(name: string): never {
  throw new JsonPathError(`${name} is not valid`);
}
