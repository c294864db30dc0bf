import { type CanAnswer, canList } from '../rbac/can.js';
import { CLUSTER_OPTIONS } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { describeGrantPath, grantJson, principalJson, ruleLabel, ruleLocation, shortLocation } from '../rbac/describe.js';
import { qualifiedResource } from '../rbac/resources.js';
import { describePrincipal, parsePrincipal, type Principal, type UserInfo, userOfPrincipal } from '../rbac/subjects.js';
import { writeReportWith } from '../report/write.js';
import { defineCommand } from './command.js';
import { DEFAULTS_OPTION, formatOption, loadRbacInput, requirePaths } from './rbac-input.js';
import { columns } from './rbac-table.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';

const list = (values: readonly string[]) => `[${values.join(' ')}]`;

function resourcesCell(apiGroups: readonly string[], resources: readonly string[]): string {
  const out: string[] = [];
  for (const group of apiGroups) for (const resource of resources) out.push(group === '*' || resource === '*' ? `${resource}.${group}` : qualifiedResource(group, resource));
  return out.join(', ');
}

function table(principal: Principal, user: UserInfo, answer: CanAnswer, scope: string): string {
  const rows: string[][] = [['NAMESPACE', 'RESOURCES', 'NON-RESOURCE URLS', 'RESOURCE NAMES', 'VERBS', 'BINDING → ROLE', 'RULE']];
  const shown = new Set<string>();
  for (const g of answer.grants) {
    const r = g.rule;
    const where = `${ruleLabel(r, g.role)} ${shortLocation(ruleLocation(r, g.role.object))}`;
    const row = [g.namespace || '*', resourcesCell(r.apiGroups, r.resources), list(r.nonResourceURLs), list(r.resourceNames), list(r.verbs), describeGrantPath(g.binding, g.role), where];
    // Copies of one binding in several files (alternative installs) reaching the same rule: one row (JSON lists each).
    const key = row.join('\u0000');
    if (shown.has(key)) continue;
    shown.add(key);
    rows.push(row);
  }
  const lines = [`What ${describePrincipal(principal)} can do ${scope} (${user.name ? `as user "${user.name}", ` : ''}groups ${user.groups.join(', ')}):`, ''];
  if (answer.bypassesRbac) lines.push(`As a member of system:masters it can do everything: that group is allowed before RBAC is asked.`, '');
  lines.push(answer.grants.length > 0 ? columns(rows) : 'No RBAC rule reaches it.');
  return `${lines.join('\n')}\n`;
}

export const rbacCanCommand = defineCommand({
  name: 'can',
  description: 'Everything a user, group or ServiceAccount can do (like kubectl auth can-i --list, offline and for anyone), with the binding and role of each rule',
  arguments: '<subject> [paths...]',
  options: [
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    ...CLUSTER_OPTIONS,
    { flags: '-n, --namespace <namespace>', description: 'also the rules of this namespace (default: cluster-wide rules only)' },
    { flags: '-A, --all-namespaces', description: 'the rules of every namespace' },
    { flags: '--group <group>', description: 'a group the user belongs to, besides the implied ones (repeatable)', repeatable: true },
    formatOption(['table', 'json']),
    DEFAULTS_OPTION,
    OUTPUT_OPTION,
  ],
  examples: [
    'rampart rbac can system:serviceaccount:monitoring:prometheus-k8s -A ./manifests',
    'rampart rbac can alice --group developers -n shop ./manifests',
    'rampart rbac can Group:system:authenticated cluster-dump.yaml --format json',
  ],
  async run(args, options, io) {
    const [subject = '', ...paths] = args;
    const principal = parsePrincipal(subject);
    if (!principal) {
      io.error(`rampart rbac can: "${subject}" is not a subject; give a user name, User:NAME, Group:NAME or system:serviceaccount:NAMESPACE:NAME`);
      return 2;
    }
    const namespace = typeof options.namespace === 'string' ? options.namespace : undefined;
    if (namespace !== undefined && options.allNamespaces === true) {
      io.error('rampart rbac can: --namespace and --all-namespaces exclude each other');
      return 2;
    }
    if (!requirePaths('can', paths, options, io)) return 2;
    const input = await loadRbacInput('can', paths, options, io);
    if (!input) return 2;
    const user = userOfPrincipal(principal, Array.isArray(options.group) ? options.group.filter((g): g is string => typeof g === 'string') : []);
    const answer = canList(input.model, user, options.allNamespaces === true ? { all: true } : (namespace ?? ''));
    const scope = options.allNamespaces === true ? 'in every namespace' : namespace ? `in namespace ${namespace}` : 'cluster-wide';
    writeReportWith(outputFile(options), (out) => {
      if (options.format === 'json') {
        const json = {
          subject: principalJson(principal),
          user: { name: user.name, groups: user.groups },
          ...(namespace !== undefined ? { namespace } : {}),
          allNamespaces: options.allNamespaces === true,
          bypassesRbac: answer.bypassesRbac,
          rules: answer.grants.map((g) => ({
            namespace: g.namespace,
            verbs: g.rule.verbs,
            apiGroups: g.rule.apiGroups,
            resources: g.rule.resources,
            resourceNames: g.rule.resourceNames,
            nonResourceURLs: g.rule.nonResourceURLs,
            via: grantJson(g.binding, g.role, g.rule),
          })),
        };
        out.write(`${JSON.stringify(json, null, 2)}\n`);
      } else out.write(table(principal, user, answer, scope));
    });
    return input.failed ? 2 : 0;
  },
});
