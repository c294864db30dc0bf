import type { FieldProvider } from '../fields.js';
import { SUPPORTED_OPERATORS } from '../condition/parser.js';
import { type ItemContext, type LoadMessage, RuleLoadError, type WarningCode } from './load-result.js';
import type { Priority } from './priority.js';

/** One value of an exception's fields/comps/values: a string or a (nested) list. */
export type Entry = { readonly isList: false; readonly item: string } | { readonly isList: true; readonly items: readonly Entry[] };

export interface ExceptionInfo {
  readonly name: string;
  fields?: Entry;
  comps?: Entry;
  values: Entry[];
  readonly ctx: ItemContext;
}

interface Ordered {
  index: number;
  visibility: number;
}

export interface ListInfo extends Ordered {
  readonly name: string;
  items: string[];
  ctx: ItemContext;
}

/** Where each appended piece of a condition came from, by offset in the combined text. */
export interface CondPart {
  readonly offset: number;
  readonly ctx: ItemContext;
}

export interface MacroInfo extends Ordered {
  readonly name: string;
  cond: string;
  ctx: ItemContext;
  condCtx: ItemContext;
  parts?: CondPart[];
}

export interface RuleInfo extends Ordered {
  readonly name: string;
  cond: string;
  output: string;
  desc: string;
  priority: Priority;
  source: string;
  enabled: boolean;
  tags: Set<string>;
  exceptions: ExceptionInfo[];
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  unknownSource: boolean;
  ctx: ItemContext;
  condCtx: ItemContext;
  outputCtx: ItemContext;
  parts?: CondPart[];
}

/** The parts of a rule an append or a selective replace may carry. */
export interface RuleUpdate {
  readonly name: string;
  readonly ctx: ItemContext;
  condCtx?: ItemContext;
  cond?: string;
  output?: string;
  desc?: string;
  tags?: Set<string>;
  exceptions?: ExceptionInfo[];
  priority?: Priority;
  enabled?: boolean;
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
}

export interface PluginRequirement {
  readonly name: string;
  readonly version: string;
}

export interface LoaderConfig {
  /** Field providers by source name; rules of other sources are skipped with a warning. */
  readonly sources: ReadonlyMap<string, FieldProvider>;
  warn(code: WarningCode, message: string, ctx: ItemContext): void;
  readonly messages: LoadMessage[];
}

const fail = (message: string, ctx: ItemContext): never => {
  throw new RuleLoadError('LOAD_ERR_VALIDATE', message, ctx);
};

const hasAnyValue = (u: RuleUpdate) =>
  u.cond !== undefined || u.output !== undefined || u.desc !== undefined || u.tags !== undefined || u.exceptions !== undefined || u.priority !== undefined || u.enabled !== undefined || u.warnEvttypes !== undefined || u.skipIfUnknownFilter !== undefined;

/**
 * Falco's rule_loader::collector: accumulates lists, macros and rules over every file in load
 * order. A redefinition replaces the item in place (it keeps its original position) and an append
 * extends it; `visibility` records the last definition so later compilation sees only what was
 * defined before each item.
 */
export class Collector {
  readonly lists = new Map<string, ListInfo>();
  readonly macros = new Map<string, MacroInfo>();
  readonly rules = new Map<string, RuleInfo>();
  readonly pluginRequirements: PluginRequirement[][] = [];
  private index = 0;

  private define<T extends Ordered & { readonly name: string }>(map: Map<string, T>, info: T): void {
    const id = this.index++;
    const prev = map.get(info.name);
    info.index = prev ? prev.index : id;
    info.visibility = id;
    map.set(info.name, info);
  }

  defineList(info: ListInfo): void {
    this.define(this.lists, info);
  }

  appendList(name: string, items: readonly string[], ctx: ItemContext): void {
    const prev = this.lists.get(name);
    if (!prev) return fail("List has 'append' key but no list by that name already exists", ctx);
    prev.items.push(...items);
    prev.visibility = this.index++;
  }

  defineMacro(info: MacroInfo): void {
    this.define(this.macros, info);
  }

  appendMacro(name: string, cond: string, ctx: ItemContext, condCtx: ItemContext = ctx): void {
    const prev = this.macros.get(name);
    if (!prev) return fail("Macro has 'append' key but no macro by that name already exists", ctx);
    (prev.parts ??= [{ offset: 0, ctx: prev.condCtx }]).push({ offset: prev.cond.length + 1, ctx: condCtx });
    prev.cond += ` ${cond}`;
    prev.visibility = this.index++;
  }

  defineRule(config: LoaderConfig, info: RuleInfo): void {
    const prev = this.rules.get(info.name);
    if (prev && prev.source !== info.source) fail('Rule has been re-defined with a different source', info.ctx);
    const provider = config.sources.get(info.source);
    if (!provider) {
      info.unknownSource = true;
      config.warn('LOAD_UNKNOWN_SOURCE', `Unknown source ${info.source}, skipping`, info.ctx);
    }
    for (const ex of info.exceptions) {
      if (!ex.fields) fail('Rule exception item must have fields property with a list of fields', ex.ctx);
      validateException(provider, ex);
    }
    this.define(this.rules, info);
  }

  appendRule(config: LoaderConfig, u: RuleUpdate): void {
    const prev = this.rules.get(u.name);
    if (!prev) return fail("Rule has 'append' key but no rule by that name already exists", u.ctx);
    if (!hasAnyValue(u)) fail('Appended rule must have exceptions or condition property', u.ctx);
    const provider = prev.unknownSource ? undefined : config.sources.get(prev.source);
    if (u.cond) {
      (prev.parts ??= [{ offset: 0, ctx: prev.condCtx }]).push({ offset: prev.cond.length + 1, ctx: u.condCtx ?? u.ctx });
      prev.cond += ` ${u.cond}`;
    }
    if (u.output) prev.output += ` ${u.output}`;
    if (u.desc) prev.desc += ` ${u.desc}`;
    for (const t of u.tags ?? []) prev.tags.add(t);
    for (const ex of u.exceptions ?? []) {
      const existing = prev.exceptions.find((e) => e.name === ex.name);
      if (!existing) {
        if (!ex.fields) fail('Rule exception must have fields property with a list of fields', ex.ctx);
        if (ex.values.length === 0) fail('Rule exception must have values property with a list of values', ex.ctx);
        validateException(provider, ex);
        prev.exceptions.push(ex);
      } else {
        if (ex.fields) fail('Can not append exception fields to existing exception, only values', ex.ctx);
        if (ex.comps) fail('Can not append exception comps to existing exception, only values', ex.ctx);
        existing.values.push(...ex.values);
      }
    }
    prev.visibility = this.index++;
  }

  replaceRule(u: RuleUpdate): void {
    const prev = this.rules.get(u.name);
    if (!prev) return fail("An 'override.<key>: replace' to a rule was requested but no rule by that name already exists", u.ctx);
    if (!hasAnyValue(u)) fail('The rule must have at least one field that can be replaced', u.ctx);
    if (u.cond !== undefined) {
      prev.cond = u.cond;
      prev.condCtx = u.condCtx ?? u.ctx;
      delete prev.parts;
    }
    if (u.output !== undefined) prev.output = u.output;
    if (u.desc !== undefined) prev.desc = u.desc;
    if (u.tags !== undefined) prev.tags = u.tags;
    if (u.exceptions !== undefined) prev.exceptions = u.exceptions;
    if (u.priority !== undefined) prev.priority = u.priority;
    if (u.enabled !== undefined) prev.enabled = u.enabled;
    if (u.warnEvttypes !== undefined) prev.warnEvttypes = u.warnEvttypes;
    if (u.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = u.skipIfUnknownFilter;
    prev.visibility = this.index++;
  }

  enableRule(name: string, enabled: boolean, ctx: ItemContext): void {
    const prev = this.rules.get(name);
    if (!prev) return fail("Rule has 'enabled' key but no rule by that name already exists", ctx);
    prev.enabled = enabled;
  }
}

const OPERATORS = new Set(SUPPORTED_OPERATORS);

function validateException(provider: FieldProvider | undefined, ex: ExceptionInfo): void {
  const fields = ex.fields;
  if (!fields) return;
  if (fields.isList) {
    if (!ex.comps) ex.comps = { isList: true, items: fields.items.map(() => ({ isList: false, item: '=' })) };
    const comps = ex.comps;
    if (!comps.isList || comps.items.length !== fields.items.length) fail('Fields and comps lists must have equal length', ex.ctx);
    if (comps.isList) {
      for (const c of comps.items) if (c.isList || !OPERATORS.has(c.item)) fail(`'${c.isList ? '' : c.item}' is not a supported comparison operator`, ex.ctx);
    }
    if (provider) for (const f of fields.items) if (f.isList || !provider.resolve(f.item, undefined)) fail(`'${f.isList ? '' : f.item}' is not a supported filter field`, ex.ctx);
  } else {
    if (!ex.comps) ex.comps = { isList: false, item: 'in' };
    const comps = ex.comps;
    if (comps.isList) fail('Fields and comps must both be strings', ex.ctx);
    if (!comps.isList && comps.item !== 'in' && comps.item !== 'pmatch' && comps.item !== 'intersects') fail('When fields is a single value, comps must be one of (in, pmatch, intersects)', ex.ctx);
    if (provider && !provider.resolve(fields.item, undefined)) fail(`'${fields.item}' is not a supported filter field`, ex.ctx);
  }
}
