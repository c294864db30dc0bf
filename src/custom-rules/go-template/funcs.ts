/*
 * The functions a Polaris template can call: text/template's builtins (funcs.go) and
 * strings.HasPrefix and strings.HasSuffix. and, or and call are evaluated by exec.ts itself,
 * which needs the unevaluated arguments; here they only declare their parameters.
 */
import { errorText, sprint, sprintf, sprintln, type Operand } from './format.js';
import { byteLength, compareStrings, fromBytes, hasPrefix, hasSuffix, runes, utf8 } from './go-string.js';
import { isPrint } from './unicode.js';
import { bool, indirectInterface, int, INVALID, isTrue, lengthOf, NIL_INTERFACE, sliceElement, str, typeName } from './values.js';
import type { Concrete, GoFloat, GoInteger, GoInterface, GoSlice, GoString, Value } from './values.js';

/**
 * How an argument reaches a function: as a reflect.Value (any value, invalid too), as an
 * interface{} (a nil interface for no value), or as a string (anything else is an error).
 */
export type Param = 'value' | 'any' | 'string';

export interface GoFunction {
  readonly params: readonly Param[];
  /** Whether the last parameter is variadic (...T). */
  readonly variadic: boolean;
  /** text/template's own functions (and, or and call are special only as builtins). */
  readonly builtin: boolean;
  call(args: readonly Value[]): Value;
}

/** The error a function returned: execution stops with "error calling NAME: message". */
export class FunctionError extends Error {}

function fail(format: string, ...args: (string | number | bigint | Operand)[]): never {
  throw new FunctionError(errorText(format, ...args));
}

/** An interface{} argument: the value inside, undefined for nil. */
export function asAny(v: Value): Concrete | undefined {
  const inner = indirectInterface(v);
  return inner.kind === 'invalid' || inner.kind === 'missing' || inner.kind === 'interface' ? undefined : inner;
}

/** indirect(): through an interface, and whether it was nil. */
function indirect(v: Value): { value: Value; isNil: boolean } {
  if (v.kind === 'interface') return v.elem === undefined ? { value: v, isNil: true } : { value: v.elem, isNil: false };
  return { value: v, isNil: false };
}

function indexArg(index: Value, cap: number): number {
  let x: bigint;
  switch (index.kind) {
    case 'int':
    case 'int64':
    case 'uint8':
      x = index.value;
      break;
    case 'invalid':
      return fail('cannot index slice/array with nil');
    default:
      return fail('cannot index slice/array with type %s', typeName(index as Concrete | GoInterface));
  }
  if (x < 0n || x > BigInt(cap)) fail('index out of range: %d', x);
  return Number(x);
}

function index(args: readonly Value[]): Value {
  let item = indirectInterface(args[0]!);
  if (item.kind === 'invalid') fail('index of untyped nil');
  for (const arg of args.slice(1)) {
    const i = indirectInterface(arg);
    const { value, isNil } = indirect(item);
    if (isNil) fail('index of nil pointer');
    item = value;
    switch (item.kind) {
      case 'slice':
      case 'string': {
        const length = lengthOf(item);
        const x = indexArg(i, length);
        if (x === length) fail(`reflect: ${item.kind} index out of range`);
        item = item.kind === 'slice' ? sliceElement(item, x) : { kind: 'uint8', value: BigInt(utf8(item.value)[x]!) };
        break;
      }
      case 'map': {
        if (i.kind === 'invalid') fail('value is nil; should be of type string');
        if (i.kind !== 'string') fail('value has type %s; should be string', typeName(i as Concrete));
        item = item.entries.get(i.value) ?? NIL_INTERFACE;
        break;
      }
      default:
        fail("can't index item of type %s", typeName(item as Concrete));
    }
  }
  return item;
}

function slice(args: readonly Value[]): Value {
  const item = indirectInterface(args[0]!);
  const indexes = args.slice(1);
  if (item.kind === 'invalid') fail('slice of untyped nil');
  if (indexes.length > 3) fail('too many slice indexes: %d', indexes.length);
  let cap: number;
  if (item.kind === 'string') {
    if (indexes.length === 3) fail('cannot 3-index slice a string');
    cap = byteLength(item.value);
  } else if (item.kind === 'slice') cap = item.capacity;
  else return fail("can't slice item of type %s", typeName(item as Concrete));
  const idx = [0, lengthOf(item), 0];
  // Unlike index, slice takes its indexes as they come: an element of a map or slice is an interface {}.
  indexes.forEach((arg, i) => (idx[i] = indexArg(arg, cap)));
  const [i, j, k] = idx as [number, number, number];
  if (i > j) fail('invalid slice index: %d > %d', i, j);
  if (indexes.length === 3 && j > k) fail('invalid slice index: %d > %d', j, k);
  if (item.kind === 'string') return str(fromBytes(utf8(item.value).subarray(i, j)));
  const s: GoSlice = { kind: 'slice', array: item.array, offset: item.offset + i, length: j - i, capacity: (indexes.length === 3 ? k : item.capacity) - i };
  return s;
}

function length(args: readonly Value[]): Value {
  const { value, isNil } = indirect(args[0]!);
  if (isNil) fail('len of nil pointer');
  switch (value.kind) {
    case 'string':
    case 'slice':
    case 'map':
      return int(lengthOf(value));
    case 'invalid':
    case 'missing':
      // Go's length() asks the type of the zero Value, and reflect panics.
      return fail('reflect: call of reflect.Value.Type on zero Value');
  }
  return fail('len of type %s', typeName(value));
}

// ---------------------------------------------------------------------------------------------
// Comparison

type BasicKind = 'invalid' | 'bool' | 'complex' | 'int' | 'float' | 'string' | 'uint';

function basicKind(v: Value): BasicKind {
  switch (v.kind) {
    case 'bool':
      return 'bool';
    case 'int':
    case 'int64':
      return 'int';
    case 'uint8':
      return 'uint';
    case 'float64':
      return 'float';
    case 'complex128':
      return 'complex';
    case 'string':
      return 'string';
  }
  return 'invalid';
}

const valid = (v: Value): boolean => v.kind !== 'invalid';

function eq(args: readonly Value[]): boolean {
  const arg1 = indirectInterface(args[0]!);
  if (args.length === 1) fail('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const next of args.slice(1)) {
    const arg = indirectInterface(next);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = (arg1 as GoInteger).value === (arg as GoInteger).value;
      else if (k1 === 'uint' && k2 === 'int') truth = (arg1 as GoInteger).value === (arg as GoInteger).value;
      else if (valid(arg1) && valid(arg)) fail('incompatible types for comparison: %v and %v', typeName(arg1 as Concrete), typeName(arg as Concrete));
    } else {
      switch (arg1.kind) {
        case 'bool':
        case 'int':
        case 'int64':
        case 'uint8':
        case 'float64':
        case 'string':
          truth = arg1.value === (arg as typeof arg1).value;
          break;
        case 'complex128':
          truth = arg1.re === (arg as typeof arg1).re && arg1.im === (arg as typeof arg1).im;
          break;
        default:
          // Maps, slices and nil: only nil compares.
          if (arg1.kind !== arg.kind && valid(arg1) && valid(arg)) {
            fail('non-comparable types %s: %v, %s: %v', arg1, typeName(arg1 as Concrete), typeName(arg as Concrete), arg);
          }
          if (!valid(arg1) || !valid(arg)) truth = !valid(arg1) && !valid(arg);
          else fail('non-comparable type %s: %v', arg, typeName(arg as Concrete));
      }
    }
    if (truth) return true;
  }
  return false;
}

function lt(args: readonly Value[]): boolean {
  const arg1 = indirectInterface(args[0]!);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') fail('invalid type for comparison');
  const arg2 = indirectInterface(args[1]!);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') fail('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return (arg1 as GoInteger).value < (arg2 as GoInteger).value;
    return fail('incompatible types for comparison: %v and %v', typeName(arg1 as Concrete), typeName(arg2 as Concrete));
  }
  switch (arg1.kind) {
    case 'bool':
    case 'complex128':
      return fail('invalid type for comparison');
    case 'string':
      return compareStrings(arg1.value, (arg2 as GoString).value) < 0;
    case 'float64':
      return arg1.value < (arg2 as GoFloat).value;
  }
  return (arg1 as GoInteger).value < (arg2 as GoInteger).value;
}

function le(args: readonly Value[]): boolean {
  return lt(args) || eq(args);
}

// ---------------------------------------------------------------------------------------------
// Printing and escaping

/** evalArgs: the single string argument, or fmt.Sprint of the arguments (no value printed as "<no value>"). */
function evalArgs(args: readonly Value[]): string {
  const operands = args.map(asAny);
  if (operands.length === 1 && operands[0]?.kind === 'string') return operands[0].value;
  return sprint(operands.map((a) => a ?? str('<no value>')));
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]!);
}

const JS_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

/** template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const { rune, bytes, text } of runes(s)) {
    if (rune < 0x80) {
      if (text in JS_ESCAPES) out += JS_ESCAPES[text];
      else if (rune < 0x20) out += `\\u00${rune.toString(16).toUpperCase().padStart(2, '0')}`;
      else out += text;
    } else if ((bytes === 1 && rune === 0xfffd) || isPrint(rune)) out += text;
    else out += `\\u${rune.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const stringArg = (v: Value): string => (v as GoString).value;

function fn(params: readonly Param[], variadic: boolean, call: (args: readonly Value[]) => Value): GoFunction {
  return { params, variadic, builtin: true, call };
}

export const FUNCTIONS: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['and', fn(['value', 'value'], true, () => INVALID)],
  ['or', fn(['value', 'value'], true, () => INVALID)],
  ['call', fn(['value', 'value'], true, () => INVALID)],
  ['not', fn(['value'], false, (a) => bool(!isTrue(indirectInterface(a[0]!))))],
  ['len', fn(['value'], false, length)],
  ['index', fn(['value', 'value'], true, index)],
  ['slice', fn(['value', 'value'], true, slice)],
  ['eq', fn(['value', 'value'], true, (a) => bool(eq(a)))],
  ['ne', fn(['value', 'value'], false, (a) => bool(!eq(a)))],
  ['lt', fn(['value', 'value'], false, (a) => bool(lt(a)))],
  ['le', fn(['value', 'value'], false, (a) => bool(le(a)))],
  ['gt', fn(['value', 'value'], false, (a) => bool(!le(a)))],
  ['ge', fn(['value', 'value'], false, (a) => bool(!lt(a)))],
  ['print', fn(['any'], true, (a) => str(sprint(a.map(asAny))))],
  ['println', fn(['any'], true, (a) => str(sprintln(a.map(asAny))))],
  ['printf', fn(['string', 'any'], true, (a) => str(sprintf(stringArg(a[0]!), a.slice(1).map(asAny))))],
  ['html', fn(['any'], true, (a) => str(htmlEscape(evalArgs(a))))],
  ['js', fn(['any'], true, (a) => str(jsEscape(evalArgs(a))))],
  ['urlquery', fn(['any'], true, (a) => str(queryEscape(evalArgs(a))))],
  ['hasPrefix', { params: ['string', 'string'], variadic: false, builtin: false, call: (a) => bool(hasPrefix(stringArg(a[0]!), stringArg(a[1]!))) }],
  ['hasSuffix', { params: ['string', 'string'], variadic: false, builtin: false, call: (a) => bool(hasSuffix(stringArg(a[0]!), stringArg(a[1]!))) }],
]);
