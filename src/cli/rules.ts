import pc from 'picocolors';
import { CHECKS } from '../checks/index.js';
import type { CheckRegistry } from '../checks/registry.js';
import { loadConfigFile } from '../config/load.js';
import { formatProblem } from '../core/result.js';
import { withCustomRules } from '../custom-rules/index.js';
import { renderRulesMarkdown } from '../checks/docs.js';
import type { Check } from '../checks/api.js';
import { broaderThan, checksInRanges, equivalentsOf, narrowerThan, otherToolChecks, rulesOnKinds, uncheckedOutsideRanges } from '../checks/equivalents.js';
import { kindsOfGroup } from '../k8s/kind-groups.js';
import { writeReport } from '../report/write.js';
import { useColor } from './color.js';
import { defineCommand } from './command.js';
import { outputFile } from './output-option.js';

const CONFIG_OPTION = { flags: '-c, --config <file>', description: 'also list the custom rules (customRules) of this configuration file' };

const explainCommand = defineCommand({
  name: 'explain',
  description: 'Show everything about one rule: why it matters, how to fix it, parameters and references',
  arguments: '<rule-id>',
  options: [{ flags: '--format <format>', description: 'output format', defaultValue: 'text', choices: ['text', 'json'] }, CONFIG_OPTION],
  async run(args, options, io) {
    const id = args[0] ?? '';
    const registry = await registryOf(options, io);
    if (!registry) return 2;
    const check = registry.get(id);
    const others = check ? [] : otherToolChecks(id);
    if (others.length > 0) {
      const color = useColor(io, undefined, false);
      if (options.format === 'json') {
        const answer = others.map((o) => {
          const narrower = narrowerThan(o.tool, o.id);
          const broader = broaderThan(o.tool, o.id);
          const onKinds = rulesOnKinds(o.tool, o.id);
          return {
            tool: o.tool,
            id: o.id,
            rules: o.rules.flatMap((id) => checkNamed(id)).map(ruleJson),
            ...(narrower ? { narrower } : {}),
            ...(broader ? { broader } : {}),
            ...(onKinds ? { onKinds: { kinds: onKinds.kinds, rules: onKinds.rules } } : {}),
          };
        });
        writeReport(undefined, `${JSON.stringify(answer, null, 2)}\n`);
      } else {
        const intro = others.map((o) => {
          const narrower = narrowerThan(o.tool, o.id);
          const broader = broaderThan(o.tool, o.id);
          const onKinds = rulesOnKinds(o.tool, o.id);
          const checked = onKinds
            ? `${o.tool} ${o.id} is checked on ${onKinds.kinds.join(', ')} objects by Rampart ${onKinds.rules.length === 1 ? 'rule' : 'rules'} ${onKinds.rules.join(', ')} (its exemptions silence ${onKinds.rules.length === 1 ? 'it' : 'them'} there only)`
            : o.rules.length === 0
              ? `${o.tool} ${o.id} has no exact equivalent in Rampart (its exemptions silence no rule)`
              : `${o.tool} ${o.id} is checked by Rampart ${o.rules.length === 1 ? 'rule' : 'rules'} ${o.rules.join(', ')}`;
          const count = onKinds ? onKinds.rules.length : o.rules.length;
          const less = `${checked}${narrower ? `, which ${count === 1 ? 'checks' : 'check'} less: ${narrower}` : ''}`;
          return broader ? `${less.replace(/\.$/, '')}; ${broader}` : less;
        });
        const rules = [...new Set(others.flatMap((o) => [...o.rules, ...(rulesOnKinds(o.tool, o.id)?.rules ?? [])]))].flatMap((id) => checkNamed(id)).map((c) => explainText(c, color));
        writeReport(undefined, `${intro.join('\n')}\n\n${rules.join('\n')}`);
      }
      return 0;
    }
    const inRanges = check ? [] : checksInRanges(id);
    if (inRanges.length > 0) {
      const answer = inRanges.map((r) => ({ tool: r.tool, id: r.id, range: `${r.first}..${r.last}`, concept: r.concept, rules: r.rules, ...(r.notChecked === undefined ? {} : { notChecked: r.notChecked }) }));
      if (options.format === 'json') writeReport(undefined, `${JSON.stringify(answer, null, 2)}\n`);
      else {
        const lines = inRanges.map((r) => {
          const among = r.first === r.last ? `one of its checks of "${r.concept}"` : `one of its checks ${r.first}..${r.last} ("${r.concept}")`;
          return r.notChecked === undefined
            ? `${r.tool} ${r.id} is ${among}, which Rampart checks as a whole with ${r.rules.join(', ')}. No one of these rules is its exact equivalent, so its exemptions silence no rule; \`rampart rules explain RULE\` shows what each checks.`
            : `${r.tool} ${r.id} is ${among}, but no Rampart rule checks what it checks: ${r.notChecked}. Its exemptions silence no rule.`;
        });
        writeReport(undefined, `${lines.join('\n')}\n`);
      }
      return 0;
    }
    const unchecked = check ? [] : uncheckedOutsideRanges(id);
    if (unchecked.length > 0) {
      if (options.format === 'json') writeReport(undefined, `${JSON.stringify(unchecked.map((u) => ({ tool: u.tool, id: u.id, rules: [], notChecked: u.notChecked })), null, 2)}\n`);
      else writeReport(undefined, unchecked.map((u) => `${u.tool} ${u.id} is not checked by any Rampart rule: ${u.notChecked}. Its exemptions silence no rule.\n`).join(''));
      return 0;
    }
    if (!check) {
      const close = registry.all().filter((c) => c.id.includes(id) || id.includes(c.id)).map((c) => c.id).slice(0, 5);
      io.error(`rampart rules explain: unknown rule "${id}"${close.length ? ` (did you mean: ${close.join(', ')}?)` : ''}`);
      return 2;
    }
    if (options.format === 'json') writeReport(undefined, `${JSON.stringify(ruleJson(check), null, 2)}\n`);
    else writeReport(undefined, explainText(check, useColor(io, undefined, false)));
    return 0;
  },
});

export const rulesCommand = defineCommand({
  name: 'rules',
  description: 'List the checks Rampart runs, or explain one (rampart rules explain ID)',
  options: [
    { flags: '--format <format>', description: 'output format', defaultValue: 'table', choices: ['table', 'json', 'markdown'] },
    { flags: '-o, --output <file>', description: 'write to a file instead of stdout', writesFile: true },
    CONFIG_OPTION,
  ],
  subcommands: [explainCommand],
  async run(_args, options, io) {
    const registry = await registryOf(options, io);
    if (!registry) return 2;
    const checks = registry.all();
    let text: string;
    if (options.format === 'json') text = `${JSON.stringify(checks.map(ruleJson), null, 2)}\n`;
    else if (options.format === 'markdown') text = renderRulesMarkdown(checks);
    else text = rulesTable(checks, useColor(io, undefined, outputFile(options) !== undefined));
    writeReport(outputFile(options), text);
    return 0;
  },
});

/** The built-in rules, and the custom rules of `--config`; undefined (after saying why) when that file is wrong. */
async function registryOf(options: Record<string, unknown>, io: { error(line: string): void }): Promise<CheckRegistry | undefined> {
  if (typeof options.config !== 'string') return CHECKS;
  const loaded = loadConfigFile(options.config);
  const custom = loaded.ok ? await withCustomRules(CHECKS, loaded.value.config.customRules, options.config) : { ok: false as const, errors: [loaded.error] };
  if (custom.ok) return custom.registry;
  for (const problem of custom.errors) io.error(formatProblem(problem));
  return undefined;
}

/** The rule of that id, as a list of none or one. */
function checkNamed(id: string): Check[] {
  const check = CHECKS.get(id);
  return check ? [check] : [];
}

function ruleJson(check: Check) {
  return {
    id: check.id,
    title: check.title,
    severity: check.severity,
    category: check.category,
    target: check.target,
    enabledByDefault: check.enabledByDefault,
    admission: check.admission,
    description: check.description,
    remediation: check.remediation,
    references: check.references,
    /** The checks of other tools that check exactly the same thing, by tool. */
    equivalents: equivalentsOf(check.id),
  };
}

function rulesTable(checks: readonly Check[], color: boolean): string {
  const c = pc.createColors(color);
  const width = Math.max(...checks.map((k) => k.id.length));
  const lines = checks.map((k) => {
    const state = k.enabledByDefault ? '   ' : c.dim('off');
    const admission = k.admission ? 'yes' : '   ';
    return `${k.id.padEnd(width)}  ${k.severity.padEnd(8)}  ${state}  ${admission}  ${k.category.padEnd(13)}  ${k.title}`;
  });
  const header = c.bold(`${'RULE'.padEnd(width)}  SEVERITY  DEF  ADM  CATEGORY       TITLE`);
  const footer =
    `\n${checks.length} rules (${checks.filter((k) => !k.enabledByDefault).length} off by default; enable with --enable-all or .rampart.yaml;` +
    ` ADM: decided on one object, so it can be bound to the admission webhook)\n`;
  return `${header}\n${lines.join('\n')}\n${footer}`;
}

function explainText(check: Check, color: boolean): string {
  const c = pc.createColors(color);
  const refs = check.references.map((r) => `  - ${r.title}\n    ${c.dim(r.url)}`).join('\n');
  const same = Object.entries(equivalentsOf(check.id))
    .map(([tool, ids]) => `  ${tool}: ${ids.join(', ')}`)
    .join('\n');
  return [
    `${c.bold(check.id)}  ${check.severity}  (${check.category}${check.enabledByDefault ? '' : ', off by default'})`,
    check.title,
    '',
    c.bold('Why it matters'),
    `  ${check.description}`,
    '',
    c.bold('How to fix it'),
    `  ${check.remediation}`,
    '',
    c.bold('Applies to'),
    `  ${check.target}${appliesToKinds(check)}${check.admission ? ' (can be enforced by the admission webhook)' : ''}`,
    ...(check.paramsSchema ? ['', c.bold('Parameters'), `  ${JSON.stringify(defaultParams(check))}`] : []),
    ...(check.condition ? ['', c.bold(`Condition (${check.condition.language}, on ${check.condition.target})`), indent(conditionText(check.condition.value))] : []),
    ...Object.entries(check.condition?.additional ?? {}).flatMap(([key, value]) => ['', c.bold(`And some ${key} in the namespace passes (additionalSchemas${typeof value === 'string' ? ', a Go template rendered with the target' : ''})`), indent(conditionText(value))]),
    ...(refs ? ['', c.bold('References'), refs] : []),
    ...(same ? ['', c.bold('The same check in other tools'), same] : []),
    '',
  ].join('\n');
}

const conditionText = (value: unknown) => (typeof value === 'string' ? value.trimEnd() : JSON.stringify(value, null, 2));

export function defaultParams(check: Check): unknown {
  const parsed = check.parseParams({});
  return parsed.ok ? parsed.params : {};
}

/** The kinds of a check's target group, as `rules explain` lists them (`any` kind lists none). */
function appliesToKinds(check: Check): string {
  const kinds = kindsOfGroup(check.target);
  return kinds ? `: ${kinds.join(', ')}` : '';
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
