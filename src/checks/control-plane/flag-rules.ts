import { isZeroGoDuration } from '../../core/go-duration.js';
import { formatPath, type Path } from '../../core/path.js';
import { cis, type Reference } from '../../core/references.js';
import { type Severity, severityRank } from '../../core/severity.js';
import type { Report } from '../api.js';
import type { CommandLine, FlagValue } from './command-line.js';

/*
 * CIS control-plane recommendations as data: each rule names its CIS v1.12 section and says what the
 * flag must be, and one evaluator turns any rule into findings. Values follow the binaries' own
 * parsing (see command-line.ts); a value the binary could not parse is left alone, since the
 * component would not start with it.
 */

/** Where a recommendation lives in the component's configuration file (KubeletConfiguration, KubeProxyConfiguration). */
export interface ConfigField {
  /** The field's path in the file; for `feature-gate-on`, the featureGates map. */
  readonly path: readonly string[];
  /** What the component takes when the file leaves the field out. */
  readonly defaultValue?: unknown;
  /** A boolean field that meets the recommendation another way when true (the kubelet's serverTLSBootstrap). */
  readonly satisfiedBy?: readonly string[];
}

interface RuleBase {
  /** CIS Kubernetes Benchmark v1.12 section, e.g. `1.2.1` (of `cisVersion` for a recommendation v1.12 dropped). */
  readonly cis: string;
  /** The benchmark version of `cis` when it is not v1.12: flags removed from later Kubernetes releases. */
  readonly cisVersion?: string;
  /** The section's title, as kube-bench's cfg/cis-1.12 words it. */
  readonly title: string;
  /** What goes wrong, completing the finding's message. */
  readonly risk: string;
  /** Overrides the check's severity for this rule. */
  readonly severity?: Severity;
  /** When one of these flags is set, the setting may live in the file it names instead: an absent flag is not a finding. */
  readonly fileAlternative?: string | readonly string[];
  /** When this flag is set, the binary ignores the rule's flag altogether (kube-scheduler --config). */
  readonly ignoredWhen?: string;
  /**
   * A flag that makes the rule moot: a boolean one that meets the recommendation another way when true (the kubelet's
   * --rotate-server-certificates for its serving certificate), or a port that turns the server off when 0 (kube-proxy's --metrics-port).
   */
  readonly satisfiedBy?: { readonly flag: string; readonly when: 'true' | 'zero' };
  /** The same setting in the component's configuration file, for the checks that read such files. */
  readonly file?: ConfigField;
}

export type FlagRule = RuleBase &
  (
    | { readonly test: 'bool'; readonly flag: string; readonly want: boolean; readonly defaultValue: boolean }
    | { readonly test: 'set'; readonly flag: string }
    | { readonly test: 'unset'; readonly flag: string }
    | { readonly test: 'at-least'; readonly flag: string; readonly min: number; readonly unit: string }
    /**
     * A port that must be 0 (`zero`, a port that should not be served) or must not be (`nonzero`), when the flag is set;
     * `defaultPort` is what the binary serves on when the flag is absent (the kubelet's read-only port).
     */
    | { readonly test: 'zero' | 'nonzero'; readonly flag: string; readonly defaultPort?: number }
    /** A single-valued flag that must not be `value`; the binary takes `defaultValue` when it is absent. */
    | { readonly test: 'not-value'; readonly flag: string; readonly value: string; readonly defaultValue: string }
    /** A Go duration that must not be zero when the flag is set (0 turns a timeout off). */
    | { readonly test: 'duration-nonzero'; readonly flag: string }
    /** A comma-separated list flag must (or must not) contain `item`; `defaultList` applies when it is absent. */
    | { readonly test: 'list'; readonly flag: string; readonly item: string; readonly want: 'present' | 'absent'; readonly defaultList: readonly string[] }
    /** kube-apiserver admission plugins, from --enable/--disable-admission-plugins or the older --admission-control. */
    | { readonly test: 'admission-plugin'; readonly plugin: string; readonly want: 'enabled' | 'disabled'; readonly onByDefault: boolean }
    /** When the list flag is set, every element must be one of `allowed`. */
    | { readonly test: 'only'; readonly flag: string; readonly allowed: ReadonlySet<string> }
    /** The address must be a loopback address; the binary listens on `defaultValue` when the flag is absent. */
    | { readonly test: 'loopback'; readonly flag: string; readonly defaultValue: string }
    /** A feature gate that is on by default must not be turned off with --feature-gates. */
    | { readonly test: 'feature-gate-on'; readonly gate: string }
    /** The CA file must not be one the API server also trusts for its clients. */
    | { readonly test: 'distinct-ca'; readonly flag: string }
  );

/** What a rule may need beyond the command line itself. */
export interface RuleContext {
  readonly line: CommandLine;
  /** The --client-ca-file values of the kube-apiservers in the scan (for etcd's own CA). */
  readonly apiServerClientCAs: () => ReadonlySet<string>;
}

/** One rule broken: where, and what the command line says there. */
interface Violation {
  readonly rule: FlagRule;
  readonly path: Path;
  readonly what: string;
  /** The flag text `what` starts with, left out when several violations of one word are listed together. */
  readonly subject: string | undefined;
}

export type Add = (rule: FlagRule, path: Path, what: string, subject?: string) => void;

/** The check's references: one per CIS section its rules cover, in table order. */
export function cisReferences(rules: readonly FlagRule[]): Reference[] {
  const seen = new Map<string, Reference>();
  for (const rule of rules) {
    const key = `${rule.cisVersion ?? ''} ${rule.cis}`;
    if (!seen.has(key)) seen.set(key, cis(rule.cis, rule.title, rule.cisVersion));
  }
  return [...seen.values()];
}

/**
 * Evaluates every rule on one command line. Rules broken by the same word (--authorization-mode=
 * AlwaysAllow breaks 1.2.6, 1.2.7 and 1.2.8) become one finding, since a finding is identified by
 * its path; a missing flag is reported at the flag text it needs, inside the command or args list.
 */
export function evaluateRules(rules: readonly FlagRule[], ctx: RuleContext, checkSeverity: Severity, report: (report: Report) => void): void {
  const violations = new ViolationsByPath();
  for (const rule of rules) {
    if (rule.ignoredWhen !== undefined && ctx.line.has(rule.ignoredWhen)) continue;
    if (rule.satisfiedBy !== undefined && isSatisfied(rule.satisfiedBy, ctx.line)) continue;
    evaluate(rule, ctx, violations.add);
  }
  violations.report(`${ctx.line.component} ${ctx.line.where}`, checkSeverity, report);
}

/** Violations grouped by the path they are reported at: one finding per path. */
export class ViolationsByPath {
  private readonly byPath = new Map<string, Violation[]>();

  readonly add: Add = (rule, path, what, subject) => {
    const key = formatPath(path);
    this.byPath.set(key, [...(this.byPath.get(key) ?? []), { rule, path, what, subject }]);
  };

  /** `who` opens each finding's message: the component and where it runs. */
  report(who: string, checkSeverity: Severity, report: (report: Report) => void): void {
    for (const violations of this.byPath.values()) report(findingOf(who, violations, checkSeverity));
  }
}

/** One finding for the violations at one path: their explanations in table order, the worst severity. */
function isSatisfied(by: NonNullable<FlagRule['satisfiedBy']>, line: CommandLine): boolean {
  if (by.when === 'true') return parseGoBool(line.bool(by.flag)?.value) === true;
  const port = line.value(by.flag)?.value;
  return port !== undefined && /^[+-]?\d+$/.test(port) && Number(port) === 0;
}

function findingOf(who: string, violations: readonly Violation[], checkSeverity: Severity): Report {
  const parts = violations.map((v, i) => {
    const what = i > 0 && v.subject !== undefined && v.what.startsWith(`${v.subject} `) ? v.what.slice(v.subject.length + 1) : v.what;
    return `${what} (CIS ${v.rule.cisVersion ? `v${v.rule.cisVersion} ` : ''}${v.rule.cis}): ${v.rule.risk}`;
  });
  const severity = violations.map((v) => v.rule.severity ?? checkSeverity).reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a));
  return { path: violations[0]?.path ?? [], message: `${who}: ${parts.join('; ')}`, ...(severity === checkSeverity ? {} : { severity }) };
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool, which pflag and Go's flag package use; undefined when the text is not a boolean. */
export function parseGoBool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  return GO_TRUE.has(text) ? true : GO_FALSE.has(text) ? false : undefined;
}

function evaluate(rule: FlagRule, ctx: RuleContext, add: Add): void {
  switch (rule.test) {
    case 'bool':
      return checkBool(rule, ctx, add);
    case 'set':
      if (!ctx.line.has(rule.flag) && !fileCovers(rule, ctx)) add(rule, missingAt(ctx, `--${rule.flag}`), `${ctx.line.unsetName(rule.flag)} is not set`);
      return;
    case 'unset': {
      const set = ctx.line.value(rule.flag);
      if (set) add(rule, set.path, `${set.source} is set`);
      return;
    }
    case 'at-least':
      return checkAtLeast(rule, ctx, add);
    case 'zero':
    case 'nonzero': {
      // The binary parses the port as an int; the last occurrence wins.
      const port = ctx.line.value(rule.flag);
      const number = /^[+-]?\d+$/.test(port?.value ?? '') ? Number(port?.value) : undefined;
      if (port && number !== undefined && (number === 0) !== (rule.test === 'zero')) add(rule, port.path, rule.test === 'zero' ? `${port.source} serves on port ${number}` : `${port.source} turns serving off`);
      if (!port && rule.test === 'zero' && rule.defaultPort && !fileCovers(rule, ctx)) {
        add(rule, missingAt(ctx, `--${rule.flag}=0`), `${ctx.line.unsetName(rule.flag)} is not set and defaults to port ${rule.defaultPort}`);
      }
      return;
    }
    case 'not-value': {
      const flag = ctx.line.value(rule.flag);
      if (flag?.value === rule.value) add(rule, flag.path, flag.source);
      else if (!flag && rule.defaultValue === rule.value && !fileCovers(rule, ctx)) {
        add(rule, missingAt(ctx, `--${rule.flag}`), `${ctx.line.unsetName(rule.flag)} is not set and defaults to ${rule.defaultValue}`);
      }
      return;
    }
    case 'duration-nonzero': {
      const duration = ctx.line.value(rule.flag);
      if (duration && isZeroGoDuration(duration.value ?? '')) add(rule, duration.path, `${duration.source} turns the timeout off`);
      return;
    }
    case 'list':
      return checkList(rule, ctx, add);
    case 'admission-plugin':
      return checkAdmissionPlugin(rule, ctx, add);
    case 'only':
      return checkOnly(rule, ctx, add);
    case 'loopback': {
      const address = ctx.line.value(rule.flag);
      if (!address) {
        if (!isLoopback(rule.defaultValue)) add(rule, missingAt(ctx, `--${rule.flag}=127.0.0.1`), `${ctx.line.unsetName(rule.flag)} is not set and defaults to ${rule.defaultValue}; set --${rule.flag}=127.0.0.1`);
      } else if (address.value !== undefined && !isLoopback(address.value)) add(rule, address.path, `${address.source} is not a loopback address`);
      return;
    }
    case 'feature-gate-on':
      return checkFeatureGate(rule, ctx, add);
    case 'distinct-ca':
      return checkDistinctCa(rule, ctx, add);
  }
}

type RuleOf<T extends FlagRule['test']> = Extract<FlagRule, { test: T }>;

function checkBool(rule: RuleOf<'bool'>, ctx: RuleContext, add: Add): void {
  const flag = ctx.line.bool(rule.flag);
  if (!flag) {
    if (rule.defaultValue !== rule.want && !fileCovers(rule, ctx)) {
      add(rule, missingAt(ctx, `--${rule.flag}=${rule.want}`), `${ctx.line.unsetName(rule.flag)} is not set and defaults to ${rule.defaultValue}`);
    }
    return;
  }
  if (parseGoBool(flag.value) === !rule.want) add(rule, flag.path, flag.source);
}

function checkAtLeast(rule: RuleOf<'at-least'>, ctx: RuleContext, add: Add): void {
  const flag = ctx.line.value(rule.flag);
  if (!flag) {
    if (!fileCovers(rule, ctx)) add(rule, missingAt(ctx, `--${rule.flag}=${rule.min}`), `--${rule.flag} is not set (at least ${rule.min} ${rule.unit} is recommended)`);
    return;
  }
  const number = /^[+-]?\d+$/.test(flag.value ?? '') ? Number(flag.value) : undefined;
  if (number !== undefined && number < rule.min) add(rule, flag.path, `${flag.source} is below ${rule.min} ${rule.unit}`);
}

/** The elements of a comma-separated list flag over all its occurrences, each with where it is written. */
function listElements(line: CommandLine, flag: string): Array<{ readonly item: string; readonly at: FlagValue }> {
  return line.values(flag).flatMap((at) => (at.value ?? '').split(',').map((item) => ({ item: item.trim(), at })));
}

function checkList(rule: RuleOf<'list'>, ctx: RuleContext, add: Add): void {
  const occurrences = ctx.line.values(rule.flag);
  const last = occurrences.at(-1);
  if (!last) {
    if (fileCovers(rule, ctx)) return;
    const defaults = rule.defaultList.join(',') || 'nothing';
    const hasItem = rule.defaultList.includes(rule.item);
    if (rule.want === 'absent' && hasItem) add(rule, missingAt(ctx, `--${rule.flag}`), `--${rule.flag} is not set and defaults to ${defaults}`);
    if (rule.want === 'present' && !hasItem) {
      add(rule, missingAt(ctx, `--${rule.flag}=${rule.item}`), `--${rule.flag} is not set, and its default (${defaults}) does not include ${rule.item}`);
    }
    return;
  }
  const holder = listElements(ctx.line, rule.flag).find((e) => e.item === rule.item);
  if (rule.want === 'absent' && holder) add(rule, holder.at.path, `${holder.at.source} includes ${rule.item}`, holder.at.source);
  if (rule.want === 'present' && !holder) add(rule, last.path, `${last.source} does not include ${rule.item}`, last.source);
}

function checkAdmissionPlugin(rule: RuleOf<'admission-plugin'>, ctx: RuleContext, add: Add): void {
  const { line } = ctx;
  const find = (flag: string) => listElements(line, flag).find((e) => e.item === rule.plugin)?.at;
  // --admission-control (deprecated) lists exactly the enabled plugins; every other one is off.
  const legacy = line.values('admission-control').at(-1);
  if (legacy) {
    const listed = find('admission-control');
    if (rule.want === 'disabled' && listed) add(rule, listed.path, `${listed.source} enables admission plugin ${rule.plugin}`, listed.source);
    if (rule.want === 'enabled' && !listed) add(rule, legacy.path, `${legacy.source} leaves out admission plugin ${rule.plugin}, which turns it off`, legacy.source);
    return;
  }
  const enabled = find('enable-admission-plugins');
  const disabled = find('disable-admission-plugins');
  if (rule.want === 'disabled' && enabled) add(rule, enabled.path, `${enabled.source} enables admission plugin ${rule.plugin}`, enabled.source);
  if (rule.want !== 'enabled') return;
  if (disabled) add(rule, disabled.path, `${disabled.source} turns off admission plugin ${rule.plugin}`, disabled.source);
  else if (!enabled && !rule.onByDefault) {
    const where = line.values('enable-admission-plugins').at(-1);
    if (where) add(rule, where.path, `${where.source} does not include ${rule.plugin}`, where.source);
    else add(rule, missingAt(ctx, `--enable-admission-plugins=${rule.plugin}`), `admission plugin ${rule.plugin} is not enabled (--enable-admission-plugins is not set)`);
  }
}

function checkOnly(rule: RuleOf<'only'>, ctx: RuleContext, add: Add): void {
  const outside = listElements(ctx.line, rule.flag).filter((e) => e.item !== '' && !rule.allowed.has(e.item));
  const first = outside[0];
  if (first) add(rule, first.at.path, `--${rule.flag} includes ${outside.map((e) => e.item).join(', ')}`);
}

/** --feature-gates=A=true,B=false: a map flag whose entries accumulate, the last one for a gate winning. */
function checkFeatureGate(rule: RuleOf<'feature-gate-on'>, ctx: RuleContext, add: Add): void {
  let setting: { readonly on: boolean | undefined; readonly at: FlagValue } | undefined;
  for (const { item, at } of listElements(ctx.line, 'feature-gates')) {
    const [gate, value] = item.split('=', 2);
    if (gate?.trim() === rule.gate) setting = { on: parseGoBool(value?.trim()), at };
  }
  if (setting?.on === false) add(rule, setting.at.path, `${setting.at.source} turns off ${rule.gate}`);
}

function checkDistinctCa(rule: RuleOf<'distinct-ca'>, ctx: RuleContext, add: Add): void {
  const ca = ctx.line.value(rule.flag);
  if (ca?.value !== undefined && ctx.apiServerClientCAs().has(ca.value)) {
    add(rule, ca.path, `${ca.source} is also the kube-apiserver's --client-ca-file`);
  }
}

function fileCovers(rule: FlagRule, ctx: RuleContext): boolean {
  const alternatives = typeof rule.fileAlternative === 'string' ? [rule.fileAlternative] : (rule.fileAlternative ?? []);
  return alternatives.some((flag) => ctx.line.has(flag));
}

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export function isLoopback(address: string): boolean {
  const host = hostOf(address);
  return IPV4_LOOPBACK.test(host) || host === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(host);
}

/** The address without a port: `127.0.0.1:10249` and `[::1]:10249` (kube-proxy's metrics address) as well as a bare IP. */
function hostOf(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']') === -1 ? undefined : address.indexOf(']'));
  const colon = address.indexOf(':');
  return colon !== -1 && colon === address.lastIndexOf(':') ? address.slice(0, colon) : address;
}

/**
 * Where a missing flag belongs: the command or args list, with the flag text to add as the last
 * segment. The location resolves to the list; the segment keeps each missing flag its own finding.
 */
function missingAt(ctx: RuleContext, flagText: string): Path {
  return [...ctx.line.listPath, flagText];
}
