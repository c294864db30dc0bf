import yaml from 'js-yaml';
import { CLUSTER_OPTIONS } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { formatProblem } from '../core/result.js';
import { readInput } from '../inputs/read.js';
import { compareUsage, type Comparison } from '../rbac/audit/compare.js';
import { parseAuditLog } from '../rbac/audit/events.js';
import { DEFAULT_VERB_EXPANSIONS } from '../rbac/audit/generate.js';
import { minimize, type MinimizeResult } from '../rbac/audit/minimize.js';
import { describeGrantPath, grantJson, ruleLabel, ruleLocation, shortLocation } from '../rbac/describe.js';
import { qualifiedResource } from '../rbac/resources.js';
import { type PlainRule, plainRule } from '../rbac/rules.js';
import { parsePrincipal, serviceAccountUsername, userOfPrincipal } from '../rbac/subjects.js';
import { writeReportWith } from '../report/write.js';
import type { CommandIO } from './command.js';
import { defineCommand } from './command.js';
import { DEFAULTS_OPTION, formatOption, loadRbacInput } from './rbac-input.js';
import { columns } from './rbac-table.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';

const list = (values: readonly string[]) => (values.length === 0 ? '' : values.join(', '));

function ruleCells(r: PlainRule): string[] {
  const resources = r.resources.length > 0 ? r.apiGroups.flatMap((g) => r.resources.map((res) => qualifiedResource(g, res))).join(', ') : list(r.nonResourceURLs);
  return [resources, list(r.resourceNames), list(r.verbs)];
}

function describePiece(r: PlainRule): string {
  const [what = '', names = '', verbs = ''] = ruleCells(r);
  return `${verbs} on ${what}${names ? ` named ${names}` : ''}`;
}

interface Compared {
  readonly result: MinimizeResult;
  readonly comparison?: Comparison;
}

function asYaml({ result, comparison }: Compared): string {
  const lines = [`# ${result.user}: ${result.requests} requests in the audit log`];
  if (result.objects.length === 0) lines.push('# every request is already allowed by the roles every user has: nothing to grant');
  const docs = result.objects.map((o) => yaml.dump(o, { sortKeys: true, lineWidth: -1, noRefs: true }).trimEnd());
  let text = `${lines.join('\n')}\n${docs.join('\n---\n')}${docs.length > 0 ? '\n' : ''}`;
  if (comparison) {
    const unused = comparison.rules.filter((u) => u.unused.length > 0);
    const notes = [`# granted to ${result.user} but never used in the log (${unused.length} of ${comparison.rules.length} rules):`];
    for (const u of unused) {
      const where = `${describeGrantPath(u.grant.binding, u.grant.role)} ${ruleLabel(u.grant.rule, u.grant.role)} (${shortLocation(ruleLocation(u.grant.rule, u.grant.role.object))})`;
      notes.push(`#   ${u.used === 0 ? 'never used' : `partly used (${u.used} requests)`}: ${where}${u.grant.namespace ? ` in namespace ${u.grant.namespace}` : ''}`);
      for (const piece of u.unused.slice(0, 20)) notes.push(`#     ${describePiece(piece)}`);
      if (u.unused.length > 20) notes.push(`#     and ${u.unused.length - 20} more`);
    }
    text += `${notes.join('\n')}\n`;
  }
  return text;
}

function asTable({ result, comparison }: Compared): string {
  const rows: string[][] = [['KIND', 'NAMESPACE', 'RESOURCES / URLS', 'RESOURCE NAMES', 'VERBS']];
  for (const r of result.generated.clusterRules ?? []) rows.push(['ClusterRole', '', ...ruleCells(r)]);
  for (const [ns, rules] of result.generated.namespaceRules) for (const r of rules) rows.push(['Role', ns, ...ruleCells(r)]);
  const lines = [`${result.user} (${result.requests} requests):`, rows.length > 1 ? columns(rows) : 'nothing beyond what every user has'];
  if (comparison) {
    const unused: string[][] = [['NAMESPACE', 'UNUSED', 'BINDING → ROLE', 'RULE']];
    for (const u of comparison.rules) {
      for (const piece of u.unused) unused.push([u.grant.namespace || '*', describePiece(piece), describeGrantPath(u.grant.binding, u.grant.role), `${ruleLabel(u.grant.rule, u.grant.role)} ${shortLocation(ruleLocation(u.grant.rule, u.grant.role.object))}`]);
    }
    lines.push('', 'Granted but never used:', unused.length > 1 ? columns(unused) : 'nothing: every granted permission was used');
  }
  return `${lines.join('\n')}\n`;
}

function asJson(all: readonly Compared[]): string {
  const json = {
    verbExpansions: DEFAULT_VERB_EXPANSIONS,
    results: all.map(({ result, comparison }) => ({
      user: result.user,
      requests: result.requests,
      objects: result.objects,
      ...(comparison
        ? {
            compare: {
              bypassesRbac: comparison.bypassesRbac,
              rules: comparison.rules.map((u) => ({ namespace: u.grant.namespace, ...plainRule(u.grant.rule), via: grantJson(u.grant.binding, u.grant.role, u.grant.rule), usedBy: u.used, unused: u.unused.map(plainRule) })),
            },
          }
        : {}),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function subjectUser(text: string, io: CommandIO): string | undefined {
  const p = parsePrincipal(text);
  if (!p || p.kind === 'Group') {
    io.error(`rampart rbac minimize: --subject must be a user or a ServiceAccount (system:serviceaccount:NS:NAME), got "${text}"`);
    return undefined;
  }
  return p.kind === 'ServiceAccount' ? serviceAccountUsername(p.namespace ?? '', p.name) : p.name;
}

export const rbacMinimizeCommand = defineCommand({
  name: 'minimize',
  description: 'From an audit log, the least-privilege Role/ClusterRole and binding that allow exactly what each user or ServiceAccount did (as audit2rbac); --compare lists what they are granted but never used',
  arguments: '[paths...]',
  options: [
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    ...CLUSTER_OPTIONS,
    { flags: '--audit-log <file>', description: 'Kubernetes audit log (JSON lines, as the log backend writes it), or - for stdin' },
    { flags: '--subject <subject>', description: 'only this user or system:serviceaccount:NS:NAME (default: every requester in the log)' },
    { flags: '-n, --namespace <namespace>', description: 'only the requests in this namespace' },
    { flags: '--name <name>', description: 'name of the generated roles and bindings (default: rampart:<user>)' },
    { flags: '--compare', description: 'also list what the manifests grant the subject that the log never used (needs manifest paths)' },
    formatOption(['yaml', 'table', 'json'], 'yaml'),
    DEFAULTS_OPTION,
    OUTPUT_OPTION,
  ],
  examples: [
    'rampart rbac minimize --audit-log audit.log --subject system:serviceaccount:shop:api > api-rbac.yaml',
    'rampart rbac minimize --audit-log audit.log --subject alice --compare ./manifests --format table',
  ],
  async run(args, options, io) {
    if (typeof options.auditLog !== 'string') {
      io.error('rampart rbac minimize: --audit-log FILE is required');
      return 2;
    }
    if (options.compare === true && args.length === 0) {
      io.error('rampart rbac minimize: --compare needs the manifests that grant the permissions (give their paths)');
      return 2;
    }
    const user = typeof options.subject === 'string' ? subjectUser(options.subject, io) : undefined;
    if (typeof options.subject === 'string' && user === undefined) return 2;
    const read = readInput(options.auditLog);
    if (!read.ok) {
      io.error(`error: ${formatProblem(read.error)}`);
      return 2;
    }
    const log = parseAuditLog(read.value.text, read.value.name);
    for (const p of log.problems) io.error(`error: ${formatProblem(p)}`);
    const results = minimize(log.requests, {
      ...(user !== undefined ? { user } : {}),
      ...(typeof options.namespace === 'string' ? { namespace: options.namespace } : {}),
      ...(typeof options.name === 'string' ? { name: options.name } : {}),
      defaults: options.defaults !== false,
    });
    if (results.length === 0) {
      io.error(`rampart rbac minimize: no audit events${user !== undefined ? ` of ${user}` : ''}${typeof options.namespace === 'string' ? ` in namespace ${options.namespace}` : ''} in ${read.value.name}`);
      return 2;
    }
    const input = options.compare === true ? await loadRbacInput('minimize', args, options, io) : undefined;
    if (options.compare === true && !input) return 2;
    const compared: Compared[] = results.map((result) => {
      if (!input) return { result };
      const principal = parsePrincipal(result.user) ?? { kind: 'User' as const, name: result.user };
      const groups = [...new Set(log.requests.filter((r) => r.user.name === result.user).flatMap((r) => r.user.groups))];
      const requests = log.requests.filter((r) => r.user.name === result.user).map((r) => r.request);
      return { result, comparison: compareUsage(input.model, userOfPrincipal(principal, groups), requests) };
    });
    writeReportWith(outputFile(options), (out) => {
      if (options.format === 'json') out.write(asJson(compared));
      else out.write(compared.map(options.format === 'table' ? asTable : asYaml).join(options.format === 'table' ? '\n' : '---\n'));
    });
    return log.problems.length > 0 || input?.failed ? 2 : 0;
  },
});
