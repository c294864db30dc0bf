import { LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Collector, Entry, ExceptionInfo, LoaderConfig, RuleInfo, RuleUpdate } from './collector.js';
import { checkEngineVersion, checkPluginRequirements } from './versions.js';
import { type ItemContext, RuleLoadError } from './load-result.js';
import { parsePriority } from './priority.js';
import { type NodeSource, type YNode, YamlItem, contextFor, deref, isMap, isNull, isScalar, isSeq, position, scalarText } from './yaml-node.js';

const WARNING_APPEND = "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const ERROR_OVERRIDE_APPEND = "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const WARNING_ENABLED = "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";

// The reader's name checks (rule_loader_reader.cpp): libsinsp's identifier and bare-string
// grammar. A name outside them only warns: such a macro or list cannot be referred to.
const RGX_IDENTIFIER = '([a-zA-Z]+[a-zA-Z0-9_]*)';
const RGX_BARESTR = `([^()"'[:space:]=,]+)`;
const VALID_MACRO_NAME = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const VALID_LIST_NAME = /^[^()"' \t\n\v\f\r=,]+$/;

const validate = (message: string, ctx: ItemContext): never => {
  throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', message, ctx);
};

/**
 * Reads one rules file into the collector, like Falco's rule_loader::reader: documents in order,
 * items in order. A broken item is reported (with its file and line) and skipped; the rest of the
 * file is still read, so one bad rule never takes the others down.
 */
export function readRulesFile(content: string, file: string, collector: Collector, config: LoaderConfig): void {
  const fileCtx: ItemContext = { itemType: 'rules content', itemName: '', file };
  const lines = new LineCounter();
  const docs = parseAllDocuments(content, { schema: 'failsafe', lineCounter: lines, uniqueKeys: false });
  const report = (error: RuleLoadError) => config.messages.push({ severity: 'error', code: error.code, message: error.message, ...error.ctx });
  const parseErrors = (Array.isArray(docs) ? docs : []).flatMap((d) => d.errors);
  const firstError = parseErrors[0];
  if (!Array.isArray(docs) || firstError) {
    const pos = firstError?.linePos?.[0];
    const text = (firstError?.message ?? 'unknown YAML parsing error').split('\n')[0] ?? '';
    report(new RuleLoadError('LOAD_ERR_YAML_PARSE', text.replace(/ at line \d+, column \d+:?$/, ''), { ...fileCtx, ...(pos ? { line: pos.line, column: pos.col } : {}) }));
    return;
  }
  for (const doc of docs) {
    const src: NodeSource = { doc, lines, file };
    const root = deref(doc.contents as YNode, src);
    if (isNull(root)) continue;
    try {
      if (!isMap(root) && !isSeq(root)) validate('Rules content is not yaml', fileCtx);
      if (!isSeq(root)) validate('Rules content is not yaml array of objects', fileCtx);
    } catch (error) {
      if (error instanceof RuleLoadError) report(error);
      continue;
    }
    if (!isSeq(root)) continue;
    for (const raw of root.items) {
      const node = deref(raw as YNode, src);
      if (isNull(node)) continue;
      try {
        readItem(node, src, collector, config);
      } catch (error) {
        if (!(error instanceof RuleLoadError)) throw error;
        report(error);
      }
    }
  }
}

function readItem(node: YNode, src: NodeSource, collector: Collector, config: LoaderConfig): void {
  if (!isMap(node)) return validate('Unexpected element type. Each element should be a yaml associative array.', contextFor(node, src, 'rules content item', ''));
  const item = new YamlItem(node, src);
  if (item.has('required_engine_version')) {
    const ctx = contextFor(node, src, 'required_engine_version', '');
    checkEngineVersion(item.string('required_engine_version', ctx) ?? '', ctx);
  } else if (item.has('required_plugin_versions')) readPluginVersions(item, src, collector);
  else if (item.has('list')) readList(item, src, collector, config);
  else if (item.has('macro')) readMacro(item, src, collector, config);
  else if (item.has('rule')) readRule(item, src, collector, config);
  else config.warn('LOAD_UNKNOWN_ITEM', 'Unknown top level item', contextFor(node, src, 'rules content item', ''));
}

function readPluginVersions(item: YamlItem, src: NodeSource, collector: Collector): void {
  const value = item.raw('required_plugin_versions');
  const ctx = contextFor(value ?? item.node, src, 'required_plugin_versions', '');
  if (!isSeq(value)) return validate('Value of required_plugin_versions must be a sequence', ctx);
  for (const raw of value.items) {
    const plugin = deref(raw as YNode, src);
    const tmp = contextFor(plugin, src, 'required_plugin_versions entry', '');
    if (!isMap(plugin)) return validate('Plugin version must be a mapping', tmp);
    const p = new YamlItem(plugin, src);
    const name = p.string('name', tmp) ?? '';
    const pctx = contextFor(plugin, src, 'required_plugin_versions entry', name);
    const alternatives = [{ name, version: p.string('version', pctx) ?? '' }];
    const alts = p.raw('alternatives');
    if (alts !== undefined) {
      if (!isSeq(alts)) validate('Value of plugin version alternatives must be a sequence', pctx);
      else
        for (const a of alts.items) {
          const alt = deref(a as YNode, src);
          const actx = contextFor(alt, src, 'required_plugin_versions alternative', '');
          if (!isMap(alt)) validate('Plugin version alternative must be a mapping', actx);
          else {
            const ai = new YamlItem(alt, src);
            const altName = ai.string('name', actx) ?? '';
            alternatives.push({ name: altName, version: ai.string('version', { ...actx, itemName: altName }) ?? '' });
          }
        }
    }
    checkPluginRequirements(alternatives, pctx);
    collector.pluginRequirements.push(alternatives);
  }
}

/** The `override:` mapping: key -> append | replace, checked against what the item allows. */
function readOverrides(item: YamlItem, appendable: ReadonlySet<string>, replaceable: ReadonlySet<string>, ctx: ItemContext) {
  const append = new Set<string>();
  const replace = new Set<string>();
  const value = item.raw('override');
  if (value === undefined) return { append, replace };
  if (!isMap(value)) return validate("Value of 'override' must be a mapping", ctx);
  for (const pair of value.items) {
    const key = scalarText(deref(pair.key as YNode, item.src)) ?? '';
    const op = scalarText(deref(pair.value as YNode, item.src)) ?? '';
    if (op === 'append') {
      if (!appendable.has(key)) validate(`Key '${key}' cannot be appended to, use 'replace' instead`, ctx);
      append.add(key);
    } else if (op === 'replace') {
      if (!replaceable.has(key)) validate(`Key '${key}' cannot be replaced`, ctx);
      replace.add(key);
    } else {
      const allowed = `${appendable.has(key) ? 'append ' : ''}${replaceable.has(key) ? 'replace ' : ''}`;
      validate(`Invalid override operation for key '${key}': '${op}'. Allowed values are: ${allowed}`, ctx);
    }
  }
  return { append, replace };
}

function readList(item: YamlItem, src: NodeSource, collector: Collector, config: LoaderConfig): void {
  const name = item.string('list', contextFor(item.node, src, 'list', '')) ?? '';
  const ctx = contextFor(item.node, src, 'list', name);
  if (!VALID_LIST_NAME.test(name)) config.warn('LOAD_INVALID_LIST_NAME', `List has an invalid name. List names should match a regular expression: ${RGX_BARESTR}`, ctx);
  const items = item.strings('items', ctx, false) ?? [];
  const append = item.bool('append', ctx) ?? false;
  if (append) config.warn('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
  const overridable = new Set(['items']);
  const overrides = readOverrides(item, overridable, overridable, ctx);
  if (append && (overrides.append.size > 0 || overrides.replace.size > 0)) validate(ERROR_OVERRIDE_APPEND, ctx);
  if (append || overrides.append.has('items')) collector.appendList(name, items, ctx);
  else collector.defineList({ name, items, ctx, index: 0, visibility: 0 });
}

function readMacro(item: YamlItem, src: NodeSource, collector: Collector, config: LoaderConfig): void {
  const name = item.string('macro', contextFor(item.node, src, 'macro', '')) ?? '';
  const ctx = contextFor(item.node, src, 'macro', name);
  if (!VALID_MACRO_NAME.test(name)) config.warn('LOAD_INVALID_MACRO_NAME', `Macro has an invalid name. Macro names should match a regular expression: ${RGX_IDENTIFIER}`, ctx);
  const cond = item.string('condition', ctx) ?? '';
  const condCtx = { ...contextFor(item.raw('condition'), src, 'macro', name) };
  const append = item.bool('append', ctx) ?? false;
  if (append) config.warn('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
  const overridable = new Set(['condition']);
  const overrides = readOverrides(item, overridable, overridable, ctx);
  if (append && (overrides.append.size > 0 || overrides.replace.size > 0)) validate(ERROR_OVERRIDE_APPEND, ctx);
  if (append || overrides.append.has('condition')) collector.appendMacro(name, cond, ctx, condCtx);
  else collector.defineMacro({ name, cond, ctx, condCtx, index: 0, visibility: 0 });
}

const RULE_APPENDABLE = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const RULE_REPLACEABLE = new Set(['condition', 'output', 'desc', 'priority', 'tags', 'exceptions', 'enabled', 'warn_evttypes', 'skip-if-unknown-filter']);

function readRule(item: YamlItem, src: NodeSource, collector: Collector, config: LoaderConfig): void {
  const name = item.string('rule', contextFor(item.node, src, 'rule', '')) ?? '';
  const ctx = contextFor(item.node, src, 'rule', name);
  const appendFlag = item.bool('append', ctx) ?? false;
  if (appendFlag) config.warn('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
  const overrides = readOverrides(item, RULE_APPENDABLE, RULE_REPLACEABLE, ctx);
  const hasOverrides = overrides.append.size > 0 || overrides.replace.size > 0;
  if (appendFlag && hasOverrides) validate(ERROR_OVERRIDE_APPEND, ctx);

  if (hasOverrides) {
    const expected = new Set([...RULE_REPLACEABLE, ...RULE_APPENDABLE].filter((k) => item.has(k)));
    const take = (set: Set<string>, kind: string, key: string) => {
      if (!set.has(key)) return false;
      if (!expected.has(key)) validate(`An ${kind} override for '${key}' was specified but '${key}' is not defined`, ctx);
      expected.delete(key);
      return true;
    };
    if (overrides.append.size > 0) {
      const u: RuleUpdate = { name, ctx };
      if (take(overrides.append, 'append', 'condition')) {
        u.cond = item.string('condition', ctx);
        u.condCtx = contextFor(item.raw('condition'), src, 'rule', name);
      }
      if (take(overrides.append, 'append', 'exceptions')) u.exceptions = readExceptions(item, src, ctx, true, config);
      if (take(overrides.append, 'append', 'output')) u.output = item.string('output', ctx);
      if (take(overrides.append, 'append', 'desc')) u.desc = item.string('desc', ctx);
      if (take(overrides.append, 'append', 'tags')) u.tags = new Set(item.strings('tags', ctx, true));
      collector.appendRule(config, u);
    }
    if (overrides.replace.size > 0) {
      const u: RuleUpdate = { name, ctx };
      if (take(overrides.replace, 'replace', 'condition')) {
        u.cond = item.string('condition', ctx);
        u.condCtx = contextFor(item.raw('condition'), src, 'rule', name);
      }
      // Replaced exceptions are read as a rule's own: fields are required (false, where an append passes true).
      if (take(overrides.replace, 'replace', 'exceptions')) u.exceptions = readExceptions(item, src, ctx, false, config);
      if (take(overrides.replace, 'replace', 'output')) u.output = item.string('output', ctx);
      if (take(overrides.replace, 'replace', 'desc')) u.desc = item.string('desc', ctx);
      if (take(overrides.replace, 'replace', 'tags')) u.tags = new Set(item.strings('tags', ctx, true));
      if (take(overrides.replace, 'replace', 'priority')) u.priority = priorityOf(item, src, ctx);
      if (take(overrides.replace, 'replace', 'enabled')) u.enabled = item.bool('enabled', ctx, false);
      if (take(overrides.replace, 'replace', 'warn_evttypes')) u.warnEvttypes = item.bool('warn_evttypes', ctx, false);
      if (take(overrides.replace, 'replace', 'skip-if-unknown-filter')) u.skipIfUnknownFilter = item.bool('skip-if-unknown-filter', ctx, false);
      collector.replaceRule(u);
    }
    for (const key of expected) validate(`Unexpected key '${key}': no corresponding entry under 'override' is defined.`, ctx);
    return;
  }
  if (appendFlag) {
    const u: RuleUpdate = { name, ctx };
    if (item.has('condition')) {
      u.cond = item.string('condition', ctx);
      u.condCtx = contextFor(item.raw('condition'), src, 'rule', name);
    }
    if (item.has('exceptions')) u.exceptions = readExceptions(item, src, ctx, true, config);
    collector.appendRule(config, u);
    return;
  }
  if (!item.has('condition') && !item.has('output') && !item.has('desc') && !item.has('priority')) {
    const enabled = item.bool('enabled', ctx, false) ?? true;
    config.warn('LOAD_DEPRECATED_ITEM', WARNING_ENABLED, ctx);
    collector.enableRule(name, enabled, ctx);
    return;
  }
  const cond = item.string('condition', ctx) ?? '';
  const output = (item.string('output', ctx) ?? '').trim();
  const desc = item.string('desc', ctx) ?? '';
  const priority = priorityOf(item, src, ctx);
  const rule: RuleInfo = {
    name,
    cond,
    output,
    desc,
    priority,
    source: item.string('source', ctx, true) ?? 'syscall',
    enabled: item.bool('enabled', ctx) ?? true,
    warnEvttypes: item.bool('warn_evttypes', ctx) ?? true,
    skipIfUnknownFilter: item.bool('skip-if-unknown-filter', ctx) ?? false,
    tags: new Set(item.strings('tags', ctx, true) ?? []),
    exceptions: readExceptions(item, src, ctx, false, config),
    unknownSource: false,
    ctx,
    condCtx: contextFor(item.raw('condition'), src, 'rule', name),
    outputCtx: contextFor(item.raw('output'), src, 'rule', name),
    index: 0,
    visibility: 0,
  };
  collector.defineRule(config, rule);
}

function priorityOf(item: YamlItem, src: NodeSource, ctx: ItemContext) {
  const text = item.string('priority', ctx) ?? '';
  const p = parsePriority(text);
  if (!p) return validate('Invalid priority', contextFor(item.raw('priority'), src, 'rule', ctx.itemName));
  return p;
}

/** The rule's `exceptions:` sequence (read_rule_exceptions). */
function readExceptions(item: YamlItem, src: NodeSource, parent: ItemContext, append: boolean, config: LoaderConfig): ExceptionInfo[] {
  const exs = item.raw('exceptions');
  if (exs === undefined || isNull(exs)) return [];
  if (!isSeq(exs)) return validate('Rule exceptions must be a sequence', parent);
  const out: ExceptionInfo[] = [];
  for (const raw of exs.items) {
    const ex = deref(raw as YNode, src);
    const tmp = contextFor(ex, src, 'exception', '');
    if (!isMap(ex)) return validate('Rule exception must be a mapping', tmp);
    const e = new YamlItem(ex, src);
    const name = e.string('name', tmp) ?? '';
    const ctx = contextFor(ex, src, 'exception', name);
    // Falco warns about a repeated name and keeps both exceptions.
    if (out.some((o) => o.name === name)) config.warn('LOAD_EXCEPTION_NAME_NOT_UNIQUE', `Multiple definitions of exception '${name}' in the same rule`, ctx);
    const fields = readEntry(e.raw('fields'), src, 'fields', ctx, append);
    const comps = readEntry(e.raw('comps'), src, 'comps', ctx, true);
    const info: ExceptionInfo = { name, ctx, values: [], ...(fields ? { fields } : {}), ...(comps ? { comps } : {}) };
    const values = e.raw('values');
    if (values !== undefined) {
      if (!isSeq(values)) validate('Rule exception values must be a sequence', ctx);
      else for (const v of values.items) info.values.push(readEntry(deref(v as YNode, src), src, undefined, ctx, false) ?? { isList: false, item: '' });
    } else if (append) config.warn('LOAD_APPEND_NO_VALUES', 'Overriding/appending exception with no values', ctx);
    out.push(info);
  }
  return out;
}

function readEntry(node: YNode, src: NodeSource, key: string | undefined, ctx: ItemContext, optional: boolean): Entry | undefined {
  if (node === undefined) {
    if (optional) return undefined;
    return validate(`Item has no mapping for key '${key ?? ''}'`, ctx);
  }
  if (isScalar(node)) {
    const text = scalarText(node) ?? '';
    if (text === '') validate('Value must be non-empty', ctx);
    return { isList: false, item: text };
  }
  if (isSeq(node)) return { isList: true, items: node.items.map((v: unknown) => readEntry(deref(v as Node, src), src, undefined, ctx, false) ?? { isList: false, item: '' }) };
  void position;
  return optional ? undefined : validate(`Item has no mapping for key '${key ?? ''}'`, ctx);
}
