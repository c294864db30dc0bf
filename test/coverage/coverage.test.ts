import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { OTHER_TOOL_RULES } from '../../src/checks/other-tool-rules.js';
import { idsOfPart } from '../oracles/scanner-inputs.js';

/*
 * The issue's coverage requirement, checked: every concept that two or more of the seven
 * scanners or the Pod Security Standards check ("core") is covered by Rampart rules that exist.
 * docs/coverage.md, the migration table, is generated from the same data.
 */

const here = import.meta.dirname;
const DOC = path.join(here, '../../docs/coverage.md');
const OTHER_TOOL_RULES_FILE = path.join(here, '../../src/checks/other-tool-rules.ts');

interface ReferenceRow {
  readonly category: string;
  readonly concept: string;
  readonly tools: Readonly<Record<string, string>>;
  readonly n_scanners_incl_partial: number;
  readonly in_pss: boolean;
}
interface Reference {
  readonly tools: readonly string[];
  readonly rows: readonly ReferenceRow[];
}
interface CoverageRow {
  readonly category: string;
  /** The reference's concept name, or Rampart's own concept. */
  readonly concept: string;
  /** Shown instead of the concept name. */
  readonly title?: string;
  /** Tool ids of Rampart's own concepts (reference concepts take theirs from the reference). */
  readonly tools?: Readonly<Record<string, string>>;
  /** Ids of a reference concept that the reference lacks (a tool's newer checks of the same thing), added to its cells. */
  readonly alsoTools?: Readonly<Record<string, string>>;
  /** The ids of a compound cell written out (ranges as `A..B`), for lookups only: the cell is shown as the reference writes it. */
  readonly lookupIds?: Readonly<Record<string, string>>;
  readonly rules: readonly string[];
}

const reference = JSON.parse(readFileSync(path.join(here, 'check-concepts.json'), 'utf8')) as Reference;
interface Broader {
  /** The concept's rules the check's exemptions still silence (those that report no more than it). */
  readonly silences: readonly string[];
  readonly why: string;
  /** The kinds the check looks at, where it judges them as the rules do: on them, it silences these rules too. */
  readonly onKinds?: { readonly kinds: readonly string[]; readonly silences: readonly string[] };
}
const rampartRules = JSON.parse(readFileSync(path.join(here, 'rampart-rules.json'), 'utf8')) as {
  rows: CoverageRow[];
  narrower: Record<string, Record<string, string> | string>;
  broader: Record<string, Record<string, Broader> | string>;
  notChecked: Record<string, Record<string, string> | string>;
};
const coverage = rampartRules.rows;
/** Per tool and check id, what the mapped Rampart rules leave out of that check. */
const narrower = Object.fromEntries(Object.entries(rampartRules.narrower).filter((e): e is [string, Record<string, string>] => typeof e[1] === 'object'));
/** Per tool and check id, the rules its exemptions silence where the concept's rules report more than it. */
const broader = Object.fromEntries(Object.entries(rampartRules.broader).filter((e): e is [string, Record<string, Broader>] => typeof e[1] === 'object'));
const referenceRows = new Map(reference.rows.map((r) => [r.concept, r]));
/** Per tool, the ids inside ranges that no rule checks (keys are ids or ranges `A..B`), and why. */
const notCheckedEntries = Object.fromEntries(Object.entries(rampartRules.notChecked).filter((e): e is [string, Record<string, string>] => typeof e[1] === 'object'));

/** A row's tool cells: the reference's (or the row's own for Rampart's concepts), with the ids the row adds. */
function toolsOf(row: CoverageRow): Readonly<Record<string, string>> {
  const tools: Record<string, string> = { ...(referenceRows.get(row.concept)?.tools ?? row.tools ?? {}) };
  for (const [tool, ids] of Object.entries(row.alsoTools ?? {})) tools[tool] = tools[tool] ? `${tools[tool]}, ${ids}` : ids;
  return tools;
}
/** The cells ids are read from: the shown cells, with the ids a compound cell (`10 checks: CKV_K8S_1-7, 24`) names spelled out. */
function idCellsOf(row: CoverageRow): Readonly<Record<string, string>> {
  const tools: Record<string, string> = { ...toolsOf(row) };
  for (const [tool, ids] of Object.entries(row.lookupIds ?? {})) tools[tool] = tools[tool] ? `${tools[tool]}, ${ids}` : ids;
  return tools;
}
const isCore = (r: ReferenceRow) => r.n_scanners_incl_partial >= 2 || r.in_pss;

describe('coverage of other scanners', () => {
  it('lists every reference concept once, in its category, and only rules that exist', () => {
    const named = coverage.map((r) => r.concept).filter((c) => referenceRows.has(c));
    expect(new Set(named).size).toBe(named.length);
    expect([...referenceRows.keys()].filter((c) => !named.includes(c))).toEqual([]);
    for (const row of coverage) {
      const ref = referenceRows.get(row.concept);
      if (ref) expect(row.category).toBe(ref.category);
      for (const id of row.rules) expect(CHECKS.get(id), `${row.concept}: unknown rule ${id}`).toBeDefined();
    }
  });

  it('covers every core concept (94: two or more scanners, or the Pod Security Standards) with at least one rule', () => {
    const core = reference.rows.filter(isCore);
    expect(core).toHaveLength(94);
    const uncovered = core.filter((r) => (coverage.find((c) => c.concept === r.concept)?.rules.length ?? 0) === 0).map((r) => r.concept);
    expect(uncovered).toEqual([]);
    const coreRules = new Set(core.flatMap((r) => coverage.find((c) => c.concept === r.concept)?.rules ?? []));
    expect(coreRules.size).toBeGreaterThanOrEqual(90);
  });

  it('generates the table that maps other tools\' check ids to Rampart rules (for their exemption annotations and for rules explain)', () => {
    const derived = otherToolRules();
    if (process.env.UPDATE_COVERAGE) writeFileSync(OTHER_TOOL_RULES_FILE, renderOtherToolRules(derived));
    expect(OTHER_TOOL_RULES).toEqual(derived);
    expect(readFileSync(OTHER_TOOL_RULES_FILE, 'utf8')).toBe(renderOtherToolRules(derived));
    // Spot checks of the derivation: exact equivalents only, never the partial (~) ones.
    expect(derived['kube-linter']?.['privileged-container']).toEqual(['privileged-container']);
    expect(derived['kube-linter']?.['run-as-non-root']).toEqual(['root-group', 'run-as-non-root-not-set']);
    expect(derived.Polaris?.['runAsPrivileged']).toEqual(['privileged-container']);
    expect(derived['kube-score']?.['container-security-context-privileged']).toEqual(['privileged-container']);
    expect(derived.Checkov?.['CKV_K8S_16']).toEqual(['privileged-container']);
    expect(derived.Checkov?.['CKV_K8S_23']).toEqual(['run-as-non-root-not-set']);
    expect(derived.Kubescape?.['C-0057']).toEqual(['privileged-container']);
    expect(derived.Trivy?.['KSV-0017']).toEqual(['privileged-container']);
    expect(derived.kubesec?.['Privileged']).toEqual(['privileged-container']);
    // A check whose concept's rules report more than it silences only a subset of them.
    for (const [tool, ids] of Object.entries(broader)) {
      for (const [id, entry] of Object.entries(ids)) {
        const concept = coverage.filter((row) => (idCellsOf(row)[tool] ?? '').split(/,(?![^(]*\))/).some((p) => idsOfPart(p.trim().replace(/\s*\(.*\)$/, '')).includes(id)));
        const all = new Set(concept.flatMap((row) => row.rules));
        // kube-score is configured by annotations only: where its check looks at fewer objects, its
        // annotation (on one object) still silences every rule of the concept there.
        if (tool === 'kube-score') expect(all.size, `${tool} ${id}`).toBeGreaterThanOrEqual(entry.silences.length);
        else expect(all.size, `${tool} ${id}`).toBeGreaterThan(entry.silences.length);
        for (const rule of entry.silences) expect(all.has(rule), `${tool} ${id} ${rule}`).toBe(true);
        expect(derived[tool]?.[id]).toEqual([...entry.silences].sort());
        if (entry.onKinds) {
          expect(entry.onKinds.kinds.length, `${tool} ${id} onKinds`).toBeGreaterThan(0);
          expect(entry.onKinds.silences.length, `${tool} ${id} onKinds`).toBeGreaterThan(0);
          for (const rule of entry.onKinds.silences) {
            expect(all.has(rule), `${tool} ${id} onKinds ${rule}`).toBe(true);
            expect(entry.silences, `${tool} ${id} onKinds ${rule}`).not.toContain(rule);
          }
        }
      }
    }
    expect(derived.Checkov?.['CKV_K8S_157']).toEqual(['rbac-bind']);
    // The checks a rule stands for: those of every concept whose rules hold it, the broader and partial ones too.
    const concepts = otherToolConceptRules();
    expect(concepts.Checkov?.['CKV_K8S_39']).toEqual(['dangerous-capability']);
    expect(concepts.Kubescape?.['C-0055']).toContain('seccomp-not-set');
    for (const [tool, ids] of Object.entries(derived)) for (const [id, rules] of Object.entries(ids)) for (const rule of rules) expect(concepts[tool]?.[id], `${tool} ${id}`).toContain(rule);
    // Each check said to be unchecked is mapped to no rule.
    const ranges = otherToolRanges();
    for (const [tool, ids] of Object.entries(notCheckedIds())) {
      for (const id of Object.keys(ids)) {
        const inside = (ranges[tool] ?? []).some((r) => id.startsWith(r.prefix) && /^\d+$/.test(id.slice(r.prefix.length)) && Number(id.slice(r.prefix.length)) >= r.from && Number(id.slice(r.prefix.length)) <= r.to);
        // Outside the ranges, a check no rule checks is one the table does not map.
        if (!inside) expect(Object.values(toolIdsByConcept(tool)).flat(), `${tool} ${id}`).not.toContain(id);
        expect(derived[tool]?.[id], `${tool} ${id}`).toBeUndefined();
      }
    }
    // Each check said to be narrower in Rampart is one the table maps.
    for (const [tool, ids] of Object.entries(narrower)) for (const id of Object.keys(ids)) expect(derived[tool]?.[id], `${tool} ${id}`).toBeDefined();
  });

  it('generates docs/coverage.md', () => {
    const text = renderCoverage();
    if (process.env.UPDATE_COVERAGE) writeFileSync(DOC, text);
    expect(readFileSync(DOC, 'utf8')).toBe(text);
  });
});

function renderCoverage(): string {
  const lines = [
    '# Coverage of other scanners',
    '',
    '<!-- Generated from test/coverage/*.json by test/coverage/coverage.test.ts. Do not edit by hand. -->',
    '',
    'For each check concept of kube-score, Polaris, kube-linter, Kubescape, Trivy, Checkov, kubesec and the',
    "Pod Security Standards, the Rampart rules that cover it, next to each tool's own check id (`~` marks",
    'partial coverage in that tool). Concepts are marked **core** when two or more of those tools or the Pod',
    'Security Standards check them; every core concept is covered. Rules that are off by default are',
    'marked *(off)*: enable them in `.rampart.yaml` or with `--enable-all`.',
  ];
  const categories = [...new Set(coverage.map((r) => r.category))];
  for (const category of categories) {
    lines.push('', `## ${category}`, '', `| concept | Rampart | ${reference.tools.join(' | ')} |`, `|---|---|${reference.tools.map(() => '---|').join('')}`);
    for (const row of coverage.filter((r) => r.category === category)) {
      const ref = referenceRows.get(row.concept);
      const tools = toolsOf(row);
      const name = `${row.title ?? row.concept}${ref && isCore(ref) ? ' **core**' : ''}`;
      const rules = row.rules.length === 0 ? '—' : row.rules.map((id) => `\`${id}\`${CHECKS.get(id)?.enabledByDefault === false ? ' *(off)*' : ''}`).join(', ');
      lines.push(`| ${[name, rules, ...reference.tools.map((t) => tools[t] ?? '')].join(' | ')} |`);
    }
  }
  lines.push('', '## Where the rules report more than the other tool', '');
  lines.push("An exemption written for one of these checks (an annotation, or `config import`) silences only the rules named; the others report more than the check did. A kube-score check whose rules only look at more objects keeps silencing them: kube-score's exemptions are annotations, each on one object, where it means the same concept. A check that looks at some kinds of object only silences the rules in parentheses on objects of those kinds:", '');
  for (const [tool, ids] of Object.entries(broader)) {
    for (const [id, entry] of Object.entries(ids)) {
      const silences = entry.silences.length === 0 ? 'no rule' : entry.silences.map((r) => `\`${r}\``).join(', ');
      const onKinds = entry.onKinds ? ` (on ${entry.onKinds.kinds.join(', ')} objects: ${entry.onKinds.silences.map((r) => `\`${r}\``).join(', ')})` : '';
      lines.push(`- ${tool} \`${id}\`: silences ${silences}${onKinds}; ${entry.why}`);
    }
  }
  lines.push('', '## Where a rule checks less than the other tool', '');
  lines.push("A user of the tool gets fewer findings from these rules than from its check (a parameter named here closes part of the gap):", '');
  for (const [tool, ids] of Object.entries(narrower)) for (const [id, text] of Object.entries(ids)) lines.push(`- ${tool} \`${id}\`: ${text}`);
  lines.push('', '## Checks that no rule checks', '');
  lines.push('The ranges above (such as Checkov `CKV_K8S_68..151`) are checked as a whole, except for these checks; no Rampart rule checks them, nor the checks of no concept listed here, and their exemptions silence no rule:', '');
  for (const [tool, ids] of Object.entries(notCheckedEntries)) for (const [id, why] of Object.entries(ids)) lines.push(`- ${tool} \`${id}\`: ${why}`);
  return `${lines.join('\n')}\n`;
}

/** Per concept, the check ids of `tool` its cells name one by one (ranges left out). */
function toolIdsByConcept(tool: string): Record<string, string[]> {
  return Object.fromEntries(
    coverage.map((row) => [row.concept, (idCellsOf(row)[tool] ?? '').split(/,(?![^(]*\))/).flatMap((part) => idsOfPart(part.trim().replace(/\s*\(.*\)$/, '')))]),
  );
}

/** The form of each tool's check ids. */
const TOOL_ID_FORMS: Readonly<Record<string, RegExp>> = {
  'kube-linter': /^[a-z0-9-]+$/,
  'kube-score': /^[a-z0-9-]+$/,
  Polaris: /^[a-zA-Z]+$/,
  Checkov: /^CKV2?_K8S_\d+$/,
  Kubescape: /^C-\d{4}$/,
  // Trivy's five-digit ids keep their leading zero (KSV-01010); KCV ids are its other manifest checks.
  Trivy: /^K[SC]V-(?:\d{4}|0\d{4})$/,
  kubesec: /^[A-Za-z]+$/,
};

/**
 * Per tool, each check id to the Rampart rules of the concepts it checks exactly. Partial (`~`)
 * equivalents and compound cells (ranges, "10 checks: ...") are left out: an exemption written
 * for another tool's check must not silence more than that check did.
 */
function otherToolRules(): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [tool, form] of Object.entries(TOOL_ID_FORMS)) {
    const ids: Record<string, Set<string>> = {};
    for (const row of coverage) {
      if (row.rules.length === 0) continue;
      const cell = idCellsOf(row)[tool] ?? '';
      for (const part of cell.split(/,(?![^(]*\))/)) {
        for (const id of idsOfPart(part.trim().replace(/\s*\(.*\)$/, ''))) {
          if (!form.test(id)) continue;
          const rules = (ids[id] ??= new Set());
          for (const rule of row.rules) rules.add(rule);
        }
      }
    }
    out[tool] = Object.fromEntries(Object.keys(ids).sort().map((id) => [id, broader[tool]?.[id]?.silences.slice().sort() ?? [...(ids[id] ?? [])].sort()]));
  }
  return out;
}

/**
 * Per tool, each check id a concept's cell names one by one, exactly or in part (`~`), to the rules
 * of those concepts: the checks each rule stands for. A configuration that skips some of them
 * turns a rule off only when it skips every one (config import).
 */
function otherToolConceptRules(): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [tool, form] of Object.entries(TOOL_ID_FORMS)) {
    const ids: Record<string, Set<string>> = {};
    for (const row of coverage) {
      if (row.rules.length === 0) continue;
      for (const part of (idCellsOf(row)[tool] ?? '').split(/,(?![^(]*\))/)) {
        for (const id of idsOfPart(part.trim().replace(/^~\s*/, '').replace(/\s*\(.*\)$/, ''))) {
          if (!form.test(id)) continue;
          const rules = (ids[id] ??= new Set());
          for (const rule of row.rules) rules.add(rule);
        }
      }
    }
    out[tool] = Object.fromEntries(Object.keys(ids).sort().map((id) => [id, [...(ids[id] ?? [])].sort()]));
  }
  return out;
}

/** A range of another tool's check ids a concept names as a whole (`CKV_K8S_68..151`), with the concept's rules. */
interface IdRange {
  readonly prefix: string;
  readonly from: number;
  readonly to: number;
  /** How many digits the ids are written with (`KCV-0001`: 4), or 0 when they are not padded. */
  readonly width: number;
  readonly concept: string;
  readonly rules: readonly string[];
}

const ID_RANGE = /^([A-Z][A-Z0-9_]*?[-_])(\d+)\.\.(?:\1)?(\d+)$/;

/** The ids of a range `A..B` written as in the tables (digits as wide as the first one's), or the one id. */
function expandIds(text: string): string[] {
  const range = ID_RANGE.exec(text);
  if (!range) return [text];
  const [, prefix = '', from = '', to = ''] = range;
  const width = from.startsWith('0') ? from.length : 0;
  const ids: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) ids.push(`${prefix}${String(n).padStart(width, '0')}`);
  return ids;
}

/** Per tool, each id of notChecked (ranges expanded) and why no rule checks it. */
function notCheckedIds(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [tool, entries] of Object.entries(notCheckedEntries)) {
    for (const [key, why] of Object.entries(entries)) for (const id of expandIds(key)) (out[tool] ??= {})[id] = why;
  }
  return out;
}

/** Per tool, the ranges of check ids in its cells (not within parentheses, which say what a range leaves out). */
function otherToolRanges(): Record<string, IdRange[]> {
  const out: Record<string, IdRange[]> = {};
  for (const tool of Object.keys(TOOL_ID_FORMS)) {
    for (const row of coverage) {
      if (row.rules.length === 0) continue;
      for (const part of (idCellsOf(row)[tool] ?? '').split(/,(?![^(]*\))/)) {
        const range = ID_RANGE.exec(part.trim().replace(/\s*\(.*\)$/, ''));
        const from = range?.[2] ?? '';
        if (range) (out[tool] ??= []).push({ prefix: range[1] ?? '', from: Number(from), to: Number(range[3]), width: from.startsWith('0') ? from.length : 0, concept: row.concept, rules: row.rules });
      }
    }
  }
  return out;
}

function renderOtherToolRules(table: Record<string, Record<string, string[]>>): string {
  const lines = [
    '// Generated from test/coverage/*.json by test/coverage/coverage.test.ts (UPDATE_COVERAGE=1). Do not edit by hand.',
    '',
    '/** Per tool, each check id to the Rampart rules that check the same thing (or, per OTHER_TOOL_NARROWER, part of it). */',
    'export const OTHER_TOOL_RULES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {',
  ];
  for (const [tool, ids] of Object.entries(table)) {
    lines.push(`  ${JSON.stringify(tool)}: {`);
    for (const [id, rules] of Object.entries(ids)) lines.push(`    ${JSON.stringify(id)}: [${rules.map((r) => JSON.stringify(r)).join(', ')}],`);
    lines.push('  },');
  }
  lines.push('};', '', "/** Per tool, the checks whose concept's Rampart rules report more than they do (their exemptions silence only OTHER_TOOL_RULES' subset), and why. */");
  lines.push('export const OTHER_TOOL_BROADER: Readonly<Record<string, Readonly<Record<string, string>>>> = {');
  for (const [tool, ids] of Object.entries(broader)) {
    lines.push(`  ${JSON.stringify(tool)}: {`);
    for (const [id, entry] of Object.entries(ids)) lines.push(`    ${JSON.stringify(id)}: ${JSON.stringify(entry.why)},`);
    lines.push('  },');
  }
  lines.push('};', '', '/** Per tool, the checks of OTHER_TOOL_BROADER that look at some kinds of object only: on objects of those kinds, their exemptions silence these rules too. */');
  lines.push('export const OTHER_TOOL_ON_KINDS: Readonly<Record<string, Readonly<Record<string, { readonly kinds: readonly string[]; readonly rules: readonly string[] }>>>> = {');
  for (const [tool, ids] of Object.entries(broader)) {
    const scoped = Object.entries(ids).filter(([, entry]) => entry.onKinds);
    if (scoped.length === 0) continue;
    lines.push(`  ${JSON.stringify(tool)}: {`);
    for (const [id, entry] of scoped) lines.push(`    ${JSON.stringify(id)}: { kinds: ${JSON.stringify(entry.onKinds?.kinds)}, rules: ${JSON.stringify(entry.onKinds?.silences)} },`);
    lines.push('  },');
  }
  lines.push('};', '', "/** Per tool, the checks whose Rampart rules check less than they do, and what is left out. */");
  lines.push('export const OTHER_TOOL_NARROWER: Readonly<Record<string, Readonly<Record<string, string>>>> = {');
  for (const [tool, ids] of Object.entries(narrower)) {
    lines.push(`  ${JSON.stringify(tool)}: {`);
    for (const [id, text] of Object.entries(ids)) lines.push(`    ${JSON.stringify(id)}: ${JSON.stringify(text)},`);
    lines.push('  },');
  }
  lines.push('};', '', '/** Per tool, ranges of check ids a concept of the coverage table names as a whole (no one of them has an exact equivalent), and its rules. */');
  lines.push('export const OTHER_TOOL_RANGES: Readonly<Record<string, ReadonlyArray<{ readonly prefix: string; readonly from: number; readonly to: number; readonly width: number; readonly concept: string; readonly rules: readonly string[] }>>> = {');
  for (const [tool, ranges] of Object.entries(otherToolRanges())) {
    lines.push(`  ${JSON.stringify(tool)}: [`);
    for (const r of ranges) lines.push(`    { prefix: ${JSON.stringify(r.prefix)}, from: ${r.from}, to: ${r.to}, width: ${r.width}, concept: ${JSON.stringify(r.concept)}, rules: ${JSON.stringify(r.rules)} },`);
    lines.push('  ],');
  }
  lines.push('};', '', '/** Per tool, the checks inside those ranges that no Rampart rule checks, and why. */');
  lines.push('export const OTHER_TOOL_NOT_CHECKED: Readonly<Record<string, Readonly<Record<string, string>>>> = {');
  for (const [tool, ids] of Object.entries(notCheckedIds())) {
    lines.push(`  ${JSON.stringify(tool)}: {`);
    for (const [id, why] of Object.entries(ids)) lines.push(`    ${JSON.stringify(id)}: ${JSON.stringify(why)},`);
    lines.push('  },');
  }
  lines.push('};', '', '/** Per tool, each check a concept names one by one (exactly or in part) to the rules of its concepts: the checks a rule stands for (ranges aside). */');
  lines.push('export const OTHER_TOOL_CONCEPT_RULES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {');
  for (const [tool, ids] of Object.entries(otherToolConceptRules())) {
    lines.push(`  ${JSON.stringify(tool)}: {`);
    for (const [id, rules] of Object.entries(ids)) lines.push(`    ${JSON.stringify(id)}: [${rules.map((r) => JSON.stringify(r)).join(', ')}],`);
    lines.push('  },');
  }
  lines.push('};');
  return `${lines.join('\n')}\n`;
}
