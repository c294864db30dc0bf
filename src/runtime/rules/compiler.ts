import type { Expr } from '../condition/ast.js';
import { walk } from '../condition/ast.js';
import { CompileError, FieldSlots, type Predicate, compileExpr } from '../condition/compile.js';
import { ConditionSyntaxError, parseCondition } from '../condition/parser.js';
import type { FieldProvider } from '../fields.js';
import { type CompiledFormat, compileFormat } from '../output/format.js';
import type { Collector, CondPart, RuleInfo } from './collector.js';
import { type ValueSet, eventTypes, requiredValues } from './evttypes.js';
import { conditionWithExceptions } from './exceptions.js';
import { type ItemContext, type LoadMessage, RuleLoadError, type WarningCode } from './load-result.js';
import { resolveMacros } from './macros.js';
import type { Priority } from './priority.js';
import { resolveList } from './text-lists.js';

/** What the engine needs to know about one event source. */
export interface SourceSpec {
  readonly name: string;
  readonly provider: FieldProvider;
  /** Fields whose required values index the rules (an event runs only rules it can match). */
  readonly indexFields: readonly string[];
  /** For the syscall source: the evt.type universe behind the LOAD_NO_EVTTYPE warning. */
  readonly eventTypes?: ReadonlySet<string>;
  /** The output prefix field (`evt.time` or `evt.time.iso8601`). */
  readonly timeField: string;
  /** Makes an event safe to print: outputs are rendered from this copy, conditions see the original. */
  readonly redact?: (payload: unknown) => unknown;
}

export interface CompiledRule {
  /** Position in load order: alerts of one event follow it. */
  readonly order: number;
  readonly name: string;
  readonly desc: string;
  readonly priority: Priority;
  readonly source: string;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly condition: Expr;
  readonly predicate: Predicate;
  readonly output: CompiledFormat;
  /** For each index field, the values the rule can match. */
  readonly required: ReadonlyMap<string, ValueSet>;
}

export interface CompiledSource {
  readonly spec: SourceSpec;
  readonly slots: FieldSlots;
  readonly rules: CompiledRule[];
}

export interface CompiledRuleset {
  readonly sources: ReadonlyMap<string, CompiledSource>;
  readonly rules: readonly CompiledRule[];
}

interface CompiledList {
  readonly name: string;
  readonly items: readonly string[];
  used: boolean;
}

const UNKNOWN_MARKERS = ['nonexistent field', 'invalid formatting token', 'unknown event type', 'unknown filter:'];
const isUnknownFieldError = (message: string) => UNKNOWN_MARKERS.some((m) => message.includes(m));

// filter_warning_resolver: only plugin fields that may print <NA> are checked.
const NA_OPERATORS = new Set(['=', '==', '!=', 'in', 'intersects', 'pmatch']);
const NA_WARNING = "Comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of the rule. Use 'exists' operator to check whether a field is available.";

/**
 * rule_loader::compiler: lists (one level of nesting, by visibility), then macros (text list
 * substitution, parse, macro resolution by visibility), then rules (exceptions, output check,
 * condition compile). Unlike Falco, an error in one item is recorded and the next item still
 * compiles, so a broken rule never disables the rest of the ruleset.
 */
export function compileRules(collector: Collector, specs: ReadonlyMap<string, SourceSpec>, messages: LoadMessage[], timeFieldFor: (spec: SourceSpec) => string): CompiledRuleset {
  const error = (e: RuleLoadError) => messages.push({ severity: 'error', code: e.code, message: e.message, ...e.ctx });
  const warn = (code: WarningCode, message: string, ctx: ItemContext) => messages.push({ severity: 'warning', code, message, ...ctx });

  const lists = compileLists(collector);
  const parse = (text: string, ctx: ItemContext, parts?: readonly CondPart[]): Expr => {
    let cond = text;
    for (const l of lists) {
      const r = resolveList(cond, l.name, l.items);
      cond = r.text;
      if (r.used) l.used = true;
    }
    try {
      return parseCondition(cond);
    } catch (e) {
      if (e instanceof ConditionSyntaxError) throw new RuleLoadError('LOAD_ERR_COMPILE_CONDITION', e.message, locate(ctx, parts, e.pos));
      throw e;
    }
  };

  const macroAsts = new Map<string, Expr>();
  const macroUsed = new Set<string>();
  for (const m of collector.macros.values()) {
    try {
      macroAsts.set(m.name, parse(m.cond, m.condCtx, m.parts));
    } catch (e) {
      if (!(e instanceof RuleLoadError)) throw e;
      error(e);
    }
  }
  for (const m of collector.macros.values()) {
    const ast = macroAsts.get(m.name);
    if (!ast) continue;
    const visible = new Map<string, Expr>();
    for (const other of collector.macros.values()) {
      const o = macroAsts.get(other.name);
      if (other.index < m.visibility && o) visible.set(other.name, o);
    }
    const r = resolveMacros(ast, visible);
    for (const n of r.resolved) macroUsed.add(n);
    if (r.error) {
      error(new RuleLoadError('LOAD_ERR_VALIDATE', r.error.message, locate(m.condCtx, m.parts, r.error.pos)));
      macroAsts.delete(m.name);
      continue;
    }
    macroAsts.set(m.name, r.expr);
  }

  const sources = new Map<string, CompiledSource>();
  const sourceFor = (name: string): CompiledSource | undefined => {
    const hit = sources.get(name);
    if (hit) return hit;
    const spec = specs.get(name);
    if (!spec) return undefined;
    const compiled: CompiledSource = { spec, slots: new FieldSlots(spec.provider), rules: [] };
    sources.set(name, compiled);
    return compiled;
  };
  const all: CompiledRule[] = [];
  let order = 0;
  for (const r of collector.rules.values()) {
    if (r.unknownSource) continue;
    const source = sourceFor(r.source);
    if (!source) continue;
    try {
      const compiled = compileRule(r, source, order++, { parse, macroAsts, macroUsed, warn, timeFieldFor });
      if (compiled) {
        source.rules.push(compiled);
        all.push(compiled);
      }
    } catch (e) {
      if (!(e instanceof RuleLoadError)) throw e;
      error(e);
    }
  }

  for (const m of collector.macros.values()) if (!macroUsed.has(m.name)) warn('LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro', m.ctx);
  for (const l of lists) {
    const info = collector.lists.get(l.name);
    if (!l.used && info) warn('LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro', info.ctx);
  }
  return { sources, rules: all };
}

/** The position of a condition problem: in the appended piece it falls in, when there are several. */
function locate(ctx: ItemContext, parts: readonly CondPart[] | undefined, pos: { idx: number; line: number; col: number }): ItemContext {
  if (!parts) return withPos(ctx, pos);
  const part = [...parts].reverse().find((p) => p.offset <= pos.idx);
  return part && part.offset > 0 ? part.ctx : withPos(ctx, pos);
}

function withPos(ctx: ItemContext, pos: { line: number; col: number }): ItemContext {
  if (ctx.line === undefined) return ctx;
  return { ...ctx, line: ctx.line + pos.line - 1, column: pos.line === 1 ? (ctx.column ?? 1) + pos.col - 1 : pos.col };
}

function compileLists(collector: Collector): CompiledList[] {
  const used = new Set<string>();
  const out: CompiledList[] = [];
  for (const list of collector.lists.values()) {
    const items: string[] = [];
    for (const item of list.items) {
      const ref = collector.lists.get(item);
      if (ref && ref.index < list.visibility) {
        used.add(ref.name);
        items.push(...ref.items);
      } else items.push(item);
    }
    out.push({ name: list.name, items, used: false });
  }
  for (const l of out) if (used.has(l.name)) l.used = true;
  return out;
}

interface RuleCompileEnv {
  parse(text: string, ctx: ItemContext, parts?: readonly CondPart[]): Expr;
  readonly macroAsts: ReadonlyMap<string, Expr>;
  readonly macroUsed: Set<string>;
  warn(code: WarningCode, message: string, ctx: ItemContext): void;
  timeFieldFor(spec: SourceSpec): string;
}

function compileRule(r: RuleInfo, source: CompiledSource, order: number, env: RuleCompileEnv): CompiledRule | undefined {
  const { spec, slots } = source;
  const condition = r.exceptions.length > 0 ? conditionWithExceptions(r.cond, r.exceptions) : r.cond;

  let output = r.output;
  if (output.includes('%container.info')) {
    env.warn('LOAD_DEPRECATED_ITEM', '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.', r.ctx);
    output = output.replaceAll('%container.info', '');
  }
  let format: CompiledFormat;
  try {
    format = compileFormat(`*%${env.timeFieldFor(spec)}: ${r.priority} ${output.startsWith('*') ? output.slice(1) : output}`, spec.provider, slots);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (isUnknownFieldError(message) && r.skipIfUnknownFilter) {
      env.warn('LOAD_UNKNOWN_FIELD', message, r.outputCtx);
      return undefined;
    }
    throw new RuleLoadError('LOAD_ERR_COMPILE_OUTPUT', message, r.outputCtx);
  }

  // Exceptions wrap the condition in parentheses: offsets shift by one.
  const parts = r.parts?.map((p) => ({ ...p, offset: p.offset + (r.exceptions.length > 0 ? 1 : 0) }));
  const parsed = env.parse(condition, r.condCtx, parts);
  const resolved = resolveMacros(parsed, env.macroAsts);
  for (const n of resolved.resolved) env.macroUsed.add(n);
  if (resolved.error) throw new RuleLoadError('LOAD_ERR_VALIDATE', resolved.error.message, locate(r.condCtx, parts, resolved.error.pos));
  const expr = resolved.expr;

  let unsafeNa = false;
  walk(expr, (e) => {
    if (e.kind !== 'binary' || e.left.kind !== 'field' || !NA_OPERATORS.has(e.op)) return;
    if (!e.left.name.startsWith('ka.') && !e.left.name.startsWith('jevt.')) return;
    const values = e.right.kind === 'value' ? [e.right.value] : e.right.kind === 'list' ? e.right.values : [];
    if (values.includes('<NA>')) unsafeNa = true;
  });
  if (unsafeNa) env.warn('LOAD_UNSAFE_NA_CHECK', NA_WARNING, r.condCtx);

  let predicate: Predicate;
  try {
    predicate = compileExpr(expr, slots);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    if (isUnknownFieldError(e.message) && r.skipIfUnknownFilter) {
      env.warn('LOAD_UNKNOWN_FIELD', e.message, r.condCtx);
      return undefined;
    }
    throw new RuleLoadError('LOAD_ERR_COMPILE_CONDITION', e.message, r.condCtx);
  }

  if (spec.eventTypes && r.warnEvttypes) {
    const types = eventTypes(expr, spec.eventTypes);
    if (types.size === 0 || types.size > 100) env.warn('LOAD_NO_EVTTYPE', 'Rule matches too many evt.type values. This has a significant performance penalty.', r.ctx);
  }

  const required = new Map<string, ValueSet>();
  for (const f of spec.indexFields) required.set(f, requiredValues(expr, f));
  return {
    order,
    name: r.name,
    desc: r.desc,
    priority: r.priority,
    source: r.source,
    tags: [...r.tags].sort(),
    enabled: r.enabled,
    condition: expr,
    predicate,
    output: format,
    required,
  };
}
