import { hostname as osHostname } from 'node:os';
import type { EvalContext, Getter } from './condition/compile.js';
import type { FieldProvider, Scalar } from './fields.js';
import type { FieldJson } from './output/format.js';
import { Collector, type LoaderConfig } from './rules/collector.js';
import { type CompiledRule, type CompiledRuleset, type CompiledSource, type SourceSpec, compileRules } from './rules/compiler.js';
import type { LoadMessage, WarningCode, ItemContext } from './rules/load-result.js';
import { type Priority, priorityRank } from './rules/priority.js';
import { readRulesFile } from './rules/reader.js';
import { syscallJsonProvider } from './sources/json-fields.js';
import { K8sAuditProvider } from './sources/k8saudit.js';
import { SYSCALL_EVENT_TYPES } from './sources/syscall-event-types.js';
import { redactAuditEvent } from './redact.js';

/** An alert: what Falco emits for a rule that matched an event. */
export interface Alert {
  /** Event time, nanoseconds since the epoch. */
  readonly time: bigint;
  readonly rule: string;
  readonly priority: Priority;
  readonly source: string;
  readonly hostname: string;
  readonly output: string;
  readonly outputFields: Readonly<Record<string, FieldJson>>;
  readonly tags: readonly string[];
}

export type RuleMatching = 'first' | 'all';

export interface EngineOptions {
  readonly hostname?: string;
  /** Prefix outputs with `%evt.time.iso8601` instead of `%evt.time` (Falco's time_format_iso_8601). */
  readonly iso8601?: boolean;
  readonly ruleMatching?: RuleMatching;
  /** Disable rules whose name contains any of these substrings (Falco -D). */
  readonly disabledRules?: readonly string[];
  /** Disable rules that carry any of these tags (Falco -T). */
  readonly disabledTags?: readonly string[];
  /** Run only rules that carry any of these tags (Falco -t). */
  readonly enabledTags?: readonly string[];
  /** Load only rules at or above this priority (Falco's `priority` setting). */
  readonly minPriority?: Priority;
  /** Redact secrets in alert outputs (default true). */
  readonly redact?: boolean;
}

export interface RulesFile {
  readonly name: string;
  readonly content: string;
}

export interface LoadResult {
  readonly engine: RuntimeEngine;
  /** Errors and warnings of every file, in order. */
  readonly messages: readonly LoadMessage[];
  readonly errors: number;
}

/** The event sources built in: k8s audit events (the k8saudit + json plugins) and flat JSON syscall events. */
export function builtinSources(options: EngineOptions): Map<string, SourceSpec> {
  const host = options.hostname ?? osHostname();
  const timeField = options.iso8601 ? 'evt.time.iso8601' : 'evt.time';
  const k8s: FieldProvider = new K8sAuditProvider({ hostname: host });
  return new Map<string, SourceSpec>([
    ['k8s_audit', { name: 'k8s_audit', provider: k8s, indexFields: ['ka.verb', 'ka.target.resource'], timeField, ...(options.redact === false ? {} : { redact: redactAuditEvent }) }],
    ['syscall', { name: 'syscall', provider: syscallJsonProvider(), indexFields: ['evt.type'], eventTypes: SYSCALL_EVENT_TYPES, timeField }],
  ]);
}

/** Loads rules files in order (each one compiled over everything before it, as Falco does). */
export function loadRules(files: readonly RulesFile[], options: EngineOptions = {}): LoadResult {
  const specs = builtinSources(options);
  const messages: LoadMessage[] = [];
  const collector = new Collector();
  const config: LoaderConfig = {
    sources: new Map([...specs].map(([k, v]) => [k, v.provider])),
    messages,
    warn: (code: WarningCode, message: string, ctx: ItemContext) => messages.push({ severity: 'warning', code, message, ...ctx }),
  };
  for (const f of files) readRulesFile(f.content, f.name, collector, config);
  const ruleset = compileRules(collector, specs, messages, (spec) => spec.timeField);
  const engine = new RuntimeEngine(ruleset, options);
  return { engine, messages, errors: messages.filter((m) => m.severity === 'error').length };
}

interface SourceState {
  readonly compiled: CompiledSource;
  readonly ctx: EvalContext;
  readonly indexGetters: readonly Getter[];
  readonly index: IndexNode;
  indexEntries: number;
  readonly enabled: readonly CompiledRule[];
  readonly event: ReusableEvent;
  num: number;
}

const MAX_INDEX_ENTRIES = 10_000;
const MISSING = '\u0000missing';
type IndexNode = Map<string, IndexNode | readonly CompiledRule[]>;
const NO_ALERTS: readonly Alert[] = Object.freeze([]);

/** Evaluates events against the compiled rules of their source. */
export class RuntimeEngine {
  private readonly states = new Map<string, SourceState>();
  readonly hostname: string;
  readonly matching: RuleMatching;

  constructor(readonly ruleset: CompiledRuleset, options: EngineOptions = {}) {
    this.hostname = options.hostname ?? osHostname();
    this.matching = options.ruleMatching ?? 'first';
    const selected = selector(options);
    for (const [name, compiled] of ruleset.sources) {
      const indexGetters: Getter[] = [];
      for (const f of compiled.spec.indexFields) {
        const ref = compiled.spec.provider.resolve(f, undefined);
        const g = ref ? compiled.slots.getter(ref) : undefined;
        if (g !== undefined && typeof g !== 'string') indexGetters.push(g);
      }
      this.states.set(name, {
        compiled,
        ctx: compiled.slots.newContext(),
        indexGetters,
        index: new Map(),
        indexEntries: 0,
        enabled: compiled.rules.filter(selected),
        event: new ReusableEvent(name),
        num: 0,
      });
    }
  }

  /** The rules that will run, in order. */
  enabledRules(): CompiledRule[] {
    return [...this.states.values()].flatMap((s) => [...s.enabled]).sort((a, b) => a.order - b.order);
  }

  hasSource(source: string): boolean {
    return this.states.has(source);
  }

  /**
   * Evaluates one event; returns its alerts (at most one with rule matching "first"). The time may
   * be given lazily (an object with a `ts` getter), as it is only read for outputs and time fields.
   */
  process(source: string, payload: unknown, ts: bigint | { readonly ts: bigint }): readonly Alert[] {
    const state = this.states.get(source);
    if (!state) return [];
    const ctx = state.ctx;
    // One reusable event object per source: no allocation per event.
    const ev = state.event;
    ev.payload = payload;
    ev.num = ++state.num;
    ev.clock = ts;
    ctx.event = ev;
    ctx.gen++;
    const rules = this.candidatesFor(state);
    const redact = state.compiled.spec.redact;
    let alerts: Alert[] | undefined;
    for (const rule of rules) {
      if (!rule.predicate(ctx)) continue;
      const rendered = redact ? this.renderRedacted(ctx, rule, redact) : rule.output.render(ctx);
      const alert: Alert = { time: ctx.event.ts, rule: rule.name, priority: rule.priority, source, hostname: this.hostname, output: rendered.text, outputFields: rendered.fields, tags: rule.tags };
      (alerts ??= []).push(alert);
      if (this.matching === 'first') break;
    }
    return alerts ?? NO_ALERTS;
  }

  /** Renders from the redacted copy of the event, then restores the original (and a fresh field cache). */
  private renderRedacted(ctx: EvalContext, rule: CompiledRule, redact: (payload: unknown) => unknown) {
    const original = ctx.event;
    const safe = redact(original.payload);
    if (safe === original.payload) return rule.output.render(ctx);
    ctx.event = { payload: safe, num: original.num, ts: original.ts, source: original.source };
    ctx.gen++;
    try {
      return rule.output.render(ctx);
    } finally {
      ctx.event = original;
      ctx.gen++;
    }
  }

  private candidatesFor(state: SourceState): readonly CompiledRule[] {
    const getters = state.indexGetters;
    if (getters.length === 0) return state.enabled;
    // Nested maps keyed by each index field's value: no key string is built per event.
    let node: IndexNode = state.index;
    for (const g of getters) {
      const next = node.get(indexKey(g(state.ctx)));
      if (next === undefined) return this.indexMiss(state);
      if (!(next instanceof Map)) return next;
      node = next;
    }
    return this.indexMiss(state);
  }

  /** Selects the candidates of a combination of index values not seen before, and records them. */
  private indexMiss(state: SourceState): readonly CompiledRule[] {
    const values = state.indexGetters.map((g) => indexKey(g(state.ctx)));
    const fields = state.compiled.spec.indexFields;
    const list = state.enabled.filter((rule) =>
      fields.every((f, i) => {
        const req = rule.required.get(f);
        if (!req || req.all) return true;
        const v = values[i];
        return v !== undefined && v !== MISSING && req.values.has(v);
      }),
    );
    if (++state.indexEntries > MAX_INDEX_ENTRIES) {
      state.index.clear();
      state.indexEntries = 0;
      return list;
    }
    let parent: IndexNode = state.index;
    for (let i = 0; i < values.length - 1; i++) {
      const key = values[i] as string;
      let child = parent.get(key);
      if (child === undefined) parent.set(key, (child = new Map()));
      if (!(child instanceof Map)) return list;
      parent = child;
    }
    parent.set(values[values.length - 1] as string, list);
    return list;
  }
}

/** The index key of a field value: its text, or MISSING for a missing or list value. */
function indexKey(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || Array.isArray(v) ? MISSING : String(v as Scalar);
}

class ReusableEvent {
  payload: unknown = undefined;
  num = 0;
  clock: bigint | { readonly ts: bigint } = 0n;

  constructor(readonly source: string) {}

  get ts(): bigint {
    return typeof this.clock === 'bigint' ? this.clock : this.clock.ts;
  }
}


function selector(options: EngineOptions): (rule: CompiledRule) => boolean {
  const disabled = options.disabledRules ?? [];
  const disabledTags = new Set(options.disabledTags ?? []);
  const enabledTags = new Set(options.enabledTags ?? []);
  const floor = options.minPriority === undefined ? undefined : priorityRank(options.minPriority);
  return (rule) => {
    if (!rule.enabled) return false;
    if (floor !== undefined && priorityRank(rule.priority) > floor) return false;
    if (disabled.some((d) => rule.name.includes(d))) return false;
    if (rule.tags.some((t) => disabledTags.has(t))) return false;
    if (enabledTags.size > 0 && !rule.tags.some((t) => enabledTags.has(t))) return false;
    return true;
  };
}
