import { OTHER_TOOL_BROADER, OTHER_TOOL_CONCEPT_RULES, OTHER_TOOL_NARROWER, OTHER_TOOL_NOT_CHECKED, OTHER_TOOL_ON_KINDS, OTHER_TOOL_RANGES, OTHER_TOOL_RULES } from './other-tool-rules.js';

/** Another tool's check: the tool and its check id. */
export interface OtherToolCheck {
  readonly tool: string;
  readonly id: string;
}

/** The Rampart rules that check exactly what `tool`'s check `id` checks (none when there is no exact equivalent). */
export function rulesFor(tool: string, id: string): readonly string[] {
  return OTHER_TOOL_RULES[tool]?.[id] ?? [];
}

/** The check ids of `tool` that the table knows. */
export function checkIdsOf(tool: string): string[] {
  return Object.keys(OTHER_TOOL_RULES[tool] ?? {});
}

/**
 * Every check id of `tool` the coverage table names: those it maps to rules, those of its ranges
 * (`CKV_K8S_68..151`), and those it says no rule checks, sorted.
 */
export function knownCheckIds(tool: string): string[] {
  const ids = new Set([...Object.keys(OTHER_TOOL_RULES[tool] ?? {}), ...Object.keys(OTHER_TOOL_NOT_CHECKED[tool] ?? {})]);
  for (const range of OTHER_TOOL_RANGES[tool] ?? []) for (let n = range.from; n <= range.to; n++) ids.add(`${range.prefix}${String(n).padStart(range.width, '0')}`);
  return [...ids].sort();
}

/** The rules of every concept of the coverage table that names `tool`'s check `id` (exactly or in part): those that stand for it. */
export function conceptRulesOf(tool: string, id: string): readonly string[] {
  return OTHER_TOOL_CONCEPT_RULES[tool]?.[id] ?? [];
}

/** The checks of one tool a rule stands for: those named one by one, and the ranges named as a whole (`CKV_K8S_68..151`) with their ids. */
export interface ChecksOfRule {
  readonly ids: readonly string[];
  readonly ranges: ReadonlyArray<{ readonly name: string; readonly ids: readonly string[] }>;
}

const checksOfRuleCache = new Map<string, ChecksOfRule>();

/**
 * The checks of `tool` that `rule` stands for: every check that a concept of the coverage table
 * whose rules hold `rule` names, exactly or in part, and every range such a concept names. The
 * rule reports what each of them reports (some of it, or more): a configuration of the tool that
 * skips some of them and runs the others still wants its findings.
 */
export function checksOfRule(tool: string, rule: string): ChecksOfRule {
  const key = `${tool}\u0000${rule}`;
  let known = checksOfRuleCache.get(key);
  if (!known) {
    const ids = Object.entries(OTHER_TOOL_CONCEPT_RULES[tool] ?? {}).filter(([, rules]) => rules.includes(rule)).map(([id]) => id);
    const ranges = (OTHER_TOOL_RANGES[tool] ?? [])
      .filter((range) => range.rules.includes(rule))
      .map((range) => {
        const idOf = (n: number) => `${range.prefix}${String(n).padStart(range.width, '0')}`;
        const rangeIds: string[] = [];
        for (let n = range.from; n <= range.to; n++) rangeIds.push(idOf(n));
        return { name: range.from === range.to ? idOf(range.from) : `${idOf(range.from)}..${range.to}`, ids: rangeIds };
      });
    checksOfRuleCache.set(key, (known = { ids, ranges }));
  }
  return known;
}

/** What the rules for `tool`'s check `id` leave out of it, when they check less than it does. */
export function narrowerThan(tool: string, id: string): string | undefined {
  return OTHER_TOOL_NARROWER[tool]?.[id];
}

/** What the rules of the concept of `tool`'s check `id` report beyond it, when they report more (its exemptions then silence only rulesFor). */
export function broaderThan(tool: string, id: string): string | undefined {
  return OTHER_TOOL_BROADER[tool]?.[id];
}

/**
 * For a check of OTHER_TOOL_BROADER that looks at some kinds of object only (Polaris'
 * deploymentMissingReplicas: Deployments), those kinds and the rules that judge objects of those
 * kinds as it does: on such an object, its exemption silences them.
 */
export function rulesOnKinds(tool: string, id: string): { readonly kinds: readonly string[]; readonly rules: readonly string[] } | undefined {
  return OTHER_TOOL_ON_KINDS[tool]?.[id];
}

/** The rules an exemption for `tool`'s check `id` silences on an object of `kind`. */
export function rulesForKind(tool: string, id: string, kind: string): readonly string[] {
  const scoped = rulesOnKinds(tool, id);
  const rules = rulesFor(tool, id);
  return scoped?.kinds.includes(kind) ? [...rules, ...scoped.rules] : rules;
}

/**
 * Every rule equivalent to some check of `tool`: "all checks" of that tool, in Rampart's terms;
 * on an object of `kind`, also the rules its checks of that kind only silence there (rulesOnKinds).
 */
export function rulesForAll(tool: string, kind?: string): string[] {
  const rules = Object.values(OTHER_TOOL_RULES[tool] ?? {}).flat();
  if (kind !== undefined) for (const scoped of Object.values(OTHER_TOOL_ON_KINDS[tool] ?? {})) if (scoped.kinds.includes(kind)) rules.push(...scoped.rules);
  return [...new Set(rules)].sort();
}

/** Per rule, the checks of other tools that check exactly the same thing, by tool. */
let byRule: Map<string, Record<string, string[]>> | undefined;

export function equivalentsOf(ruleId: string): Readonly<Record<string, readonly string[]>> {
  if (!byRule) {
    byRule = new Map();
    for (const [tool, ids] of Object.entries(OTHER_TOOL_RULES)) {
      for (const [id, rules] of Object.entries(ids)) {
        for (const rule of rules) {
          let tools = byRule.get(rule);
          if (!tools) byRule.set(rule, (tools = {}));
          (tools[tool] ??= []).push(id);
        }
      }
    }
  }
  return byRule.get(ruleId) ?? {};
}

/**
 * The other tools' checks a user may mean by `text`, with the Rampart rules for each. Ids are
 * matched as the tools write them (Checkov's, Kubescape's and Trivy's in any case); Trivy's also
 * in their older (`KSV017`) and AVD (`AVD-KSV-0017`) spellings.
 */
export function otherToolChecks(text: string): Array<OtherToolCheck & { readonly rules: readonly string[] }> {
  const wanted = normalize(text);
  const found: Array<OtherToolCheck & { readonly rules: readonly string[] }> = [];
  for (const [tool, ids] of Object.entries(OTHER_TOOL_RULES)) {
    for (const [id, rules] of Object.entries(ids)) if (normalize(id) === wanted) found.push({ tool, id, rules });
  }
  return found;
}

/** Another tool's check that the coverage table names only within a range of its ids, with the range's concept and rules. */
export interface CheckInRange extends OtherToolCheck {
  readonly first: string;
  readonly last: string;
  readonly concept: string;
  /** The concept's rules; none when no rule checks this one (see notChecked). */
  readonly rules: readonly string[];
  /** Why no Rampart rule checks it, for a check of the range that the rules leave out. */
  readonly notChecked?: string;
}

/** The ranges of the coverage table (`CKV_K8S_68..151`) that hold the check `text` names. */
export function checksInRanges(text: string): CheckInRange[] {
  const id = normalize(text);
  const found: CheckInRange[] = [];
  for (const [tool, ranges] of Object.entries(OTHER_TOOL_RANGES)) {
    for (const range of ranges) {
      const digits = id.startsWith(range.prefix) ? id.slice(range.prefix.length) : '';
      if (!/^\d+$/.test(digits) || Number(digits) < range.from || Number(digits) > range.to) continue;
      const idOf = (n: number) => `${range.prefix}${String(n).padStart(range.width, '0')}`;
      const written = idOf(Number(digits));
      const notChecked = OTHER_TOOL_NOT_CHECKED[tool]?.[written];
      const common = { tool, id: written, first: idOf(range.from), last: idOf(range.to), concept: range.concept };
      found.push(notChecked === undefined ? { ...common, rules: range.rules } : { ...common, rules: [], notChecked });
    }
  }
  return found;
}

/** Another tool's check of no concept of the coverage table that no Rampart rule checks, and why. */
export function uncheckedOutsideRanges(text: string): Array<OtherToolCheck & { readonly notChecked: string }> {
  const id = normalize(text);
  if (checksInRanges(id).length > 0) return [];
  const found: Array<OtherToolCheck & { readonly notChecked: string }> = [];
  for (const [tool, ids] of Object.entries(OTHER_TOOL_NOT_CHECKED)) {
    for (const [known, why] of Object.entries(ids)) if (normalize(known) === id) found.push({ tool, id: known, notChecked: why });
  }
  return found;
}

/**
 * A Trivy Kubernetes check id in the form the table uses (`KSV-0017`), from any of its spellings;
 * undefined for other ids. Trivy numbers most checks with three digits (`KSV017`, written
 * `KSV-0017` in its AVD form) and a few with five that keep their leading zero (`KSV01010`,
 * `AVD-KSV-01010`); its checks of Kubernetes manifests outside the KSV series are KCV
 * (`KCV0094`, `AVD-KCV-0094`).
 */
export function trivyCheckId(id: string): string | undefined {
  const trivy = /^(?:AVD-)?(KSV|KCV)-?(\d+)$/i.exec(id.trim());
  if (!trivy) return undefined;
  const digits = trivy[2] ?? '';
  return `${(trivy[1] ?? '').toUpperCase()}-${digits.length >= 5 ? digits : digits.padStart(4, '0')}`;
}

function normalize(id: string): string {
  const text = id.trim();
  const trivy = trivyCheckId(text);
  if (trivy) return trivy;
  // Checkov's and Kubescape's ids are upper case; the other tools' ids are matched as written.
  return /^(?:CKV2?_K8S_\d+|C-\d+)$/i.test(text) ? text.toUpperCase() : text;
}
