import type { EngineEvent, Extracted, FieldProvider, FieldRef, FieldType, Scalar } from '../fields.js';
import { argProblem } from '../fields.js';
import type { CheckExpr, Expr, FieldLike, FieldNode, Operand, Pos, TransformerNode } from './ast.js';
import { globMatch } from './glob.js';
import { inNet, parseIp, parseIpNet } from './ip.js';
import { compileRegex } from './regex.js';
import { asciiLower, asciiUpper, byteCompare, hexBytes, pathPrefixMatcher } from './strings.js';

/** Per-event evaluation state: the event and a cache so each field is extracted at most once. */
export interface EvalContext {
  event: EngineEvent;
  gen: number;
  readonly stamps: number[];
  readonly values: Extracted[];
  /** Per-event results of the checks shared between rules (see FieldSlots.shared). */
  readonly checkStamps: number[];
  readonly checkValues: boolean[];
}

export type Getter = (ctx: EvalContext) => Extracted;
export type Predicate = (ctx: EvalContext) => boolean;

export class CompileError extends Error {
  constructor(message: string, readonly pos: Pos) {
    super(message);
  }
}

/** Hands out one cached getter per distinct field reference, shared by every rule of a source. */
export class FieldSlots {
  private readonly slots = new Map<string, Getter>();
  private count = 0;
  private readonly checks = new Map<string, Predicate>();

  constructor(private readonly provider: FieldProvider) {}

  checkOperand(field: string, value: string): string | undefined {
    return this.provider.checkOperand?.(field, value);
  }

  get size(): number {
    return this.count;
  }

  newContext(): EvalContext {
    return { event: { payload: undefined, num: 0, ts: 0n, source: '' }, gen: 0, stamps: [], values: [], checkStamps: [], checkValues: [] };
  }

  /**
   * One predicate per distinct check (`field op operand`), evaluated at most once per event: macros
   * such as `kevt` put the same checks in most rules, and an event runs many of those rules.
   */
  shared(check: CheckExpr, compile: () => Predicate): Predicate {
    const key = checkKey(check);
    const hit = this.checks.get(key);
    if (hit) return hit;
    const test = compile();
    const i = this.checks.size;
    const predicate: Predicate = (ctx) => {
      if (ctx.checkStamps[i] === ctx.gen) return ctx.checkValues[i] as boolean;
      const v = test(ctx);
      ctx.checkStamps[i] = ctx.gen;
      ctx.checkValues[i] = v;
      return v;
    };
    this.checks.set(key, predicate);
    return predicate;
  }

  /** The getter for a field reference, or an error message. */
  getter(ref: FieldRef): Getter | string {
    const key = ref.arg === undefined ? ref.info.name : `${ref.info.name}[${ref.arg}]`;
    const hit = this.slots.get(key);
    if (hit) return hit;
    const problem = argProblem(ref);
    if (problem) return problem;
    const extract = this.provider.extractor(ref);
    if (typeof extract === 'string') return extract;
    const i = this.count++;
    const getter: Getter = (ctx) => {
      if (ctx.stamps[i] === ctx.gen) return ctx.values[i];
      const v = extract(ctx.event);
      ctx.stamps[i] = ctx.gen;
      ctx.values[i] = v;
      return v;
    };
    this.slots.set(key, getter);
    return getter;
  }

  resolve(node: FieldNode): FieldRef {
    const ref = this.provider.resolve(node.name, node.arg);
    if (!ref) throw new CompileError(`filter_check called with nonexistent field ${node.name}`, node.pos);
    return ref;
  }
}

/** A compiled left-hand side: how to get its value and what type the value has. */
interface Operand_ {
  readonly get: Getter;
  readonly type: FieldType;
  readonly list: boolean;
  readonly name: string;
}

const STRINGY = new Set<FieldType>(['string', 'bytebuf']);
const NUMERIC = new Set<FieldType>(['uint64', 'int64', 'double', 'abstime', 'reltime']);

/** Compiles a resolved condition AST (macros expanded, lists substituted) into a predicate. */
export function compileExpr(expr: Expr, slots: FieldSlots): Predicate {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const parts = expr.children.map((c) => compileExpr(c, slots));
      return expr.kind === 'and' ? allOf(parts) : anyOf(parts);
    }
    case 'not': {
      const inner = compileExpr(expr.child, slots);
      return (ctx) => !inner(ctx);
    }
    case 'identifier':
      throw new CompileError(`Undefined macro '${expr.name}' used in filter.`, expr.pos);
    case 'unary':
      return slots.shared(expr, () => {
        const left = compileOperandSide(expr.left, slots);
        return (ctx) => left.get(ctx) !== undefined;
      });
    case 'binary':
      return slots.shared(expr, () => compileBinary(expr.left, expr.op, expr.right, expr.pos, slots));
  }
}

function allOf(parts: Predicate[]): Predicate {
  const [a, b, c] = parts;
  if (parts.length === 2 && a && b) return (ctx) => a(ctx) && b(ctx);
  if (parts.length === 3 && a && b && c) return (ctx) => a(ctx) && b(ctx) && c(ctx);
  return (ctx) => {
    for (const p of parts) if (!p(ctx)) return false;
    return true;
  };
}

function anyOf(parts: Predicate[]): Predicate {
  const [a, b] = parts;
  if (parts.length === 2 && a && b) return (ctx) => a(ctx) || b(ctx);
  return (ctx) => {
    for (const p of parts) if (p(ctx)) return true;
    return false;
  };
}

function compileOperandSide(node: FieldLike, slots: FieldSlots): Operand_ {
  if (node.kind === 'field') {
    const ref = slots.resolve(node);
    const get = slots.getter(ref);
    if (typeof get === 'string') throw new CompileError(get, node.pos);
    return { get, type: ref.info.type, list: ref.info.list, name: node.name };
  }
  return compileTransformer(node, slots);
}

function compileTransformer(node: TransformerNode, slots: FieldSlots): Operand_ {
  const [arg, extra] = node.args;
  if (!arg || extra || arg.kind === 'value' || arg.kind === 'list') throw new CompileError(`transformer '${node.name}' expects exactly one field argument`, node.pos);
  const inner = compileOperandSide(arg, slots);
  const spec = TRANSFORMERS[node.name];
  if (!spec) throw new CompileError(`unknown transformer '${node.name}'`, node.pos);
  if (spec.accepts && !spec.accepts.has(inner.type)) throw new CompileError(`field '${inner.name}' of type ${inner.type} is not supported by transformer '${node.name}'`, node.pos);
  const map = spec.map;
  const get: Getter =
    node.name === 'len'
      ? (ctx) => {
          const v = inner.get(ctx);
          if (v === undefined) return undefined;
          return Array.isArray(v) ? v.length : String(v).length;
        }
      : map
        ? (ctx) => {
            const v = inner.get(ctx);
            if (v === undefined) return undefined;
            if (Array.isArray(v)) {
              const out: Scalar[] = [];
              for (const x of v) {
                const m = map(String(x));
                if (m !== undefined) out.push(m);
              }
              return out.length > 0 ? out : undefined;
            }
            return map(String(v));
          }
        : inner.get;
  return { get, type: spec.type ?? inner.type, list: node.name === 'len' ? false : inner.list, name: `${node.name}(${inner.name})` };
}

interface TransformerSpec {
  readonly accepts?: ReadonlySet<FieldType>;
  readonly type?: FieldType;
  readonly map?: (v: string) => string | undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const TRANSFORMERS: Readonly<Record<string, TransformerSpec>> = {
  val: {},
  tolower: { accepts: STRINGY, type: 'string', map: asciiLower },
  toupper: { accepts: STRINGY, type: 'string', map: asciiUpper },
  b64: { accepts: STRINGY, type: 'string', map: (v) => (BASE64.test(v) ? Buffer.from(v, 'base64').toString('latin1') : undefined) },
  basename: { accepts: STRINGY, type: 'string', map: (v) => v.slice(v.lastIndexOf('/') + 1) },
  len: { type: 'uint64' },
};

const LIST_OPERATORS = new Set(['in', 'intersects', 'pmatch']);

function compileBinary(leftNode: FieldLike, op: string, right: Operand, pos: Pos, slots: FieldSlots): Predicate {
  if (leftNode.kind === 'transformer' && leftNode.name === 'val') throw new CompileError("'val' transformer is only supported on the right-hand side of a comparison", pos);
  const left = compileOperandSide(leftNode, slots);
  if (left.list && op !== 'in' && op !== 'intersects') {
    throw new CompileError(`list filter '${left.name}' only supports operators 'in' and 'intersects'`, pos);
  }
  if (right.kind === 'field' || right.kind === 'transformer') return compileDynamic(left, op, right, pos, slots);
  const values = right.kind === 'list' ? right.values : [right.value];
  if (leftNode.kind === 'field') {
    for (const v of values) {
      const problem = slots.checkOperand(leftNode.name, v);
      if (problem) throw new CompileError(problem, right.pos);
    }
  }
  if (LIST_OPERATORS.has(op)) return compileSetOp(left, op, values, pos);
  if (right.kind === 'list') throw new CompileError(`operator '${op}' does not accept a list`, pos);
  const test = scalarTest(left.type, op, right.value, pos);
  const get = left.get;
  if (left.type === 'ipnet') {
    // fd.net and friends carry both endpoints: a network test holds when either is inside.
    return (ctx) => {
      const v = get(ctx);
      if (v === undefined) return false;
      return Array.isArray(v) ? (op === '!=' ? v.every((x: Scalar) => test(x)) : v.some((x: Scalar) => test(x))) : test(v as Scalar);
    };
  }
  return (ctx) => {
    const v = get(ctx);
    return v !== undefined && !Array.isArray(v) && test(v as Scalar);
  };
}

/** `in`, `intersects`, `pmatch` against literal values. */
function compileSetOp(left: Operand_, op: string, values: readonly string[], pos: Pos): Predicate {
  const get = left.get;
  if (op === 'pmatch') {
    if (!STRINGY.has(left.type)) throw new CompileError(`'pmatch' not supported for ${left.type} filters`, pos);
    const match = pathPrefixMatcher(values);
    return (ctx) => {
      const v = get(ctx);
      return v !== undefined && !Array.isArray(v) && match(String(v));
    };
  }
  if (left.type === 'ipnet' || left.type === 'ipaddr') {
    const tests = values.map((x) => scalarTest(left.type, '=', x, pos));
    return (ctx) => {
      const v = get(ctx);
      if (v === undefined) return false;
      const items: readonly Scalar[] = Array.isArray(v) ? v : [v as Scalar];
      return left.list && op === 'in' ? items.every((i) => tests.some((t) => t(i))) : items.some((i) => tests.some((t) => t(i)));
    };
  }
  const key = keyFor(left.type, pos);
  const set = new Set(values.map((x) => key(x)));
  if (left.list && op === 'in') {
    return (ctx) => {
      const v = get(ctx);
      if (v === undefined) return false;
      if (!Array.isArray(v)) return set.has(canonical(v as Scalar));
      for (const x of v as readonly Scalar[]) if (!set.has(canonical(x))) return false;
      return true;
    };
  }
  return (ctx) => {
    const v = get(ctx);
    if (v === undefined) return false;
    if (typeof v === 'string') return set.has(v);
    if (!Array.isArray(v)) return set.has(canonical(v as Scalar));
    for (const x of v as readonly Scalar[]) if (set.has(typeof x === 'string' ? x : canonical(x))) return true;
    return false;
  };
}

/** Canonical text of a value for set membership: numbers in decimal, booleans as true/false. */
function canonical(v: Scalar): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return typeof v === 'bigint' ? v.toString() : Number.isInteger(v) ? BigInt(v).toString() : String(v);
}

function keyFor(type: FieldType, pos: Pos): (operand: string) => string {
  if (STRINGY.has(type)) return (x) => x;
  if (type === 'bool') return (x) => canonical(parseBool(x, pos));
  if (NUMERIC.has(type)) return (x) => canonical(parseNumber(x, type, pos));
  return (x) => x;
}

function parseNumber(text: string, type: FieldType, pos: Pos): number | bigint {
  const t = text.trim();
  if (type === 'double') {
    const d = Number(t);
    if (t === '' || Number.isNaN(d)) throw new CompileError(`'${text}' is not a valid number`, pos);
    return d;
  }
  if (!/^[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) throw new CompileError(`'${text}' is not a valid number`, pos);
  const negative = t.startsWith('-');
  const digits = t.replace(/^[+-]/, '');
  const big = BigInt(digits) * (negative ? -1n : 1n);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function parseBool(text: string, pos: Pos): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new CompileError(`'${text}' is not a valid boolean`, pos);
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'bigint' ? a : BigInt(Math.trunc(a));
  const y = typeof b === 'bigint' ? b : BigInt(Math.trunc(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

function asNumber(v: Scalar): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = Number(v);
  return v.trim() === '' || Number.isNaN(n) ? undefined : n;
}

const ORDER: Readonly<Record<string, (c: number) => boolean>> = {
  '=': (c) => c === 0,
  '==': (c) => c === 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

type StringOp = (operand: string, pos: Pos) => (v: string) => boolean;

const STRING_OPS: Readonly<Record<string, StringOp>> = {
  '=': (o) => (v) => v === o,
  '==': (o) => (v) => v === o,
  '!=': (o) => (v) => v !== o,
  contains: (o) => (v) => v.includes(o),
  icontains: (o) => {
    const lo = asciiLower(o);
    return (v) => asciiLower(v).includes(lo);
  },
  startswith: (o) => (v) => v.startsWith(o),
  endswith: (o) => (v) => v.endsWith(o),
  glob: (o) => (v) => globMatch(o, v),
  iglob: (o) => (v) => globMatch(o, v, true),
  regex: (o, pos) => {
    try {
      const re = compileRegex(o);
      return (v) => re.fullMatch(v);
    } catch (error) {
      throw new CompileError(`invalid regex '${o}': ${error instanceof Error ? error.message : String(error)}`, pos);
    }
  },
  '<': (o) => (v) => byteCompare(v, o) < 0,
  '<=': (o) => (v) => byteCompare(v, o) <= 0,
  '>': (o) => (v) => byteCompare(v, o) > 0,
  '>=': (o) => (v) => byteCompare(v, o) >= 0,
};

const BYTE_OPS: Readonly<Record<string, StringOp>> = {
  bcontains: (o, pos) => {
    const bytes = hexOperand(o, pos);
    return (v) => Buffer.from(v, 'latin1').includes(bytes);
  },
  bstartswith: (o, pos) => {
    const bytes = hexOperand(o, pos);
    return (v) => Buffer.from(v, 'latin1').subarray(0, bytes.length).equals(bytes);
  },
};

function hexOperand(o: string, pos: Pos): Buffer {
  const bytes = hexBytes(o);
  if (!bytes) throw new CompileError(`filter value is not a valid hex string: ${o}`, pos);
  return bytes;
}

/** A test of one scalar value against one literal operand, for the left side's type. */
function scalarTest(type: FieldType, op: string, operand: string, pos: Pos): (v: Scalar) => boolean {
  if (STRINGY.has(type)) {
    const byteOp = BYTE_OPS[op];
    if (byteOp) {
      if (type !== 'bytebuf') throw new CompileError(`'${op}' not supported for string filters`, pos);
      const t = byteOp(operand, pos);
      return (v) => t(String(v));
    }
    const make = STRING_OPS[op];
    if (!make) throw new CompileError(`'${op}' not supported for string filters`, pos);
    const t = make(operand, pos);
    return (v) => t(typeof v === 'string' ? v : canonical(v));
  }
  if (type === 'ipaddr' || type === 'ipnet') return ipTest(type, op, operand, pos);
  const order = ORDER[op];
  if (!order) throw new CompileError(`'${op}' not supported for numeric filters`, pos);
  if (type === 'bool') {
    const b = parseBool(operand, pos) ? 1 : 0;
    return (v) => {
      const n = asNumber(v);
      return n !== undefined && order(compareNumbers(n, b));
    };
  }
  const target = parseNumber(operand, type, pos);
  return (v) => {
    const n = asNumber(v);
    return n !== undefined && order(compareNumbers(n, target));
  };
}

function ipTest(type: FieldType, op: string, operand: string, pos: Pos): (v: Scalar) => boolean {
  if (op !== '=' && op !== '==' && op !== '!=' && op !== 'in') throw new CompileError(`'${op}' not supported for ip filters`, pos);
  const negate = op === '!=';
  if (type === 'ipnet' || operand.includes('/')) {
    const net = parseIpNet(operand);
    if (!net) throw new CompileError(`invalid IP network '${operand}'`, pos);
    return (v) => {
      const ip = parseIp(String(v));
      return ip !== undefined && inNet(ip, net) !== negate;
    };
  }
  const want = parseIp(operand);
  if (!want) throw new CompileError(`invalid IP address '${operand}'`, pos);
  return (v) => {
    const ip = parseIp(String(v));
    return ip !== undefined && (ip.v6 === want.v6 && ip.n === want.n) !== negate;
  };
}

/** Right side is a field (`val(x)`) or a transformer: the operand is read per event. */
function compileDynamic(left: Operand_, op: string, rightNode: FieldLike, pos: Pos, slots: FieldSlots): Predicate {
  const right = rightNode.kind === 'transformer' && rightNode.name === 'val' ? valOperand(rightNode, slots) : compileOperandSide(rightNode, slots);
  const lget = left.get;
  const rget = right.get;
  if (LIST_OPERATORS.has(op)) {
    return (ctx) => {
      const r = rget(ctx);
      if (r === undefined) return false;
      const values = (Array.isArray(r) ? r : [r]).map((x: Scalar) => canonical(x));
      const lv = lget(ctx);
      if (lv === undefined) return false;
      if (op === 'pmatch') return !Array.isArray(lv) && pathPrefixMatcher(values)(String(lv));
      const set = new Set(values);
      const items = (Array.isArray(lv) ? lv : [lv]).map((x: Scalar) => canonical(x));
      return left.list && op === 'in' ? items.every((i) => set.has(i)) : items.some((i) => set.has(i));
    };
  }
  // Validate the operator for the left type once, with a representative operand.
  const probe = STRINGY.has(left.type) ? 'x' : left.type === 'bool' ? 'true' : left.type === 'ipnet' || left.type === 'ipaddr' ? '127.0.0.1' : '0';
  scalarTest(left.type, op, op === 'regex' ? '.*' : STRINGY.has(left.type) && BYTE_OPS[op] ? '00' : probe, pos);
  return (ctx) => {
    const r = rget(ctx);
    const l = lget(ctx);
    if (r === undefined || l === undefined || Array.isArray(r) || Array.isArray(l)) return false;
    try {
      return scalarTest(left.type, op, canonical(r as Scalar), pos)(l as Scalar);
    } catch {
      return false;
    }
  };
}

function valOperand(node: TransformerNode, slots: FieldSlots): Operand_ {
  const [arg] = node.args;
  if (!arg || arg.kind !== 'field') throw new CompileError("expected a field within 'val' transformer", node.pos);
  return compileOperandSide(arg, slots);
}

/** A check's identity without its position: the same text in two rules is the same check. */
function checkKey(check: CheckExpr): string {
  return JSON.stringify(check, (k, v: unknown) => (k === 'pos' ? undefined : v));
}
