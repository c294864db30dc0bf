import { describeRequest, nonResourceRequest, type RequestAttributes, resourceRequest } from '../rbac/matching.js';
import { CLUSTER_OPTIONS } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { builtInResources, customResources, qualifiedResource, resolveResource } from '../rbac/resources.js';
import { describeGrantPath, grantJson, principalJson, ruleLabel, ruleLocation, shortLocation } from '../rbac/describe.js';
import type { AllowedSubject, WhoCanAnswer, WhoCanScope } from '../rbac/who-can.js';
import { isNamespaceRequest, namespaceOfNamespaceRequest, whoCan } from '../rbac/who-can.js';
import { type Principal, principalKey } from '../rbac/subjects.js';
import { stdoutOutput } from '../report/write.js';
import { defineCommand } from './command.js';
import { DEFAULTS_OPTION, formatOption, loadRbacInput, requirePaths } from './rbac-input.js';
import { columns } from './rbac-table.js';

/** Verbs that exist only for authorization, on any resource that uses them. */
const AUTHORIZATION_VERBS = new Set(['*', 'bind', 'escalate', 'impersonate', 'approve', 'sign', 'attest', 'use']);

interface Query {
  readonly request: RequestAttributes;
  readonly scope: WhoCanScope;
  /** -A was given and applies: who can make the request in at least one namespace. */
  readonly allNamespaces: boolean;
  readonly warnings: readonly string[];
}

function buildQuery(verb: string, target: string | undefined, options: Record<string, unknown>, resources: ReturnType<typeof builtInResources>): Query | string {
  const namespace = typeof options.namespace === 'string' ? options.namespace : undefined;
  const name = typeof options.name === 'string' ? options.name : '';
  const all = options.allNamespaces === true;
  if (namespace !== undefined && all) return '--namespace and --all-namespaces exclude each other';
  if (typeof options.url === 'string') {
    if (!options.url.startsWith('/')) return `--url expects a path starting with /, got "${options.url}"`;
    if (namespace !== undefined || all || name) return '--url asks about a non-resource path: --namespace, --all-namespaces and --name do not apply';
    return { request: nonResourceRequest(verb, options.url), scope: { kind: 'request' }, allNamespaces: false, warnings: [] };
  }
  if (target === undefined) return 'give a RESOURCE (e.g. pods, pods/exec, deployments.apps) or --url PATH';
  const resolved = resolveResource(target, resources);
  if (!resolved.ok) return resolved.message;
  const { group, resource, subresource, known } = resolved.value;
  const warnings: string[] = resolved.warning ? [resolved.warning] : [];
  const verbs = known ? (subresource && !known.anySubresource ? known.subresources[subresource] : known.verbs) : undefined;
  if (known && subresource && !verbs) warnings.push(`${qualifiedResource(group, resource)} has no subresource "${subresource}" in Kubernetes' discovery data`);
  else if (verbs && !verbs.includes(verb) && !AUTHORIZATION_VERBS.has(verb)) {
    warnings.push(`the API server never asks "${verb}" for ${qualifiedResource(group, resource)}${subresource ? `/${subresource}` : ''} (its verbs: ${verbs.join(', ')})`);
  }
  let requestNamespace = namespace ?? '';
  let scope: WhoCanScope = all ? { kind: 'all-namespaces' } : { kind: 'request' };
  let allNamespaces = all;
  if (known && !known.namespaced) {
    if (group === '' && resource === 'namespaces') {
      // A request that names namespace N is made in N (RequestInfo), so a RoleBinding there can
      // allow it; without a name, whoCan lists such holders for their own namespace only, which
      // is what -A asks too.
      requestNamespace = namespaceOfNamespaceRequest(verb, name);
      if (namespace !== undefined) warnings.push(`a request on a Namespace is made in the namespace it names: ask with --name NAME, --namespace does not apply`);
      if (name) allNamespaces = false;
    } else {
      if (namespace !== undefined || all) warnings.push(`${qualifiedResource(group, resource)} is cluster-scoped: only ClusterRoleBindings can allow it, --namespace does not apply`);
      requestNamespace = '';
      allNamespaces = false;
    }
    scope = { kind: 'request' };
  }
  const request = resourceRequest({ verb, apiGroup: group, resource, subresource, name, namespace: requestNamespace });
  return { request, scope, allNamespaces, warnings };
}

function describeScope(query: Query): string {
  const r = query.request;
  if (!r.resourceRequest) return describeRequest(r);
  if (query.allNamespaces) return `${describeRequest(r)} in at least one namespace`;
  return r.namespace ? describeRequest(r) : `${describeRequest(r)} (cluster-wide)`;
}

function answerJson(query: Query, answer: WhoCanAnswer) {
  const subject = (s: AllowedSubject) => ({ ...principalJson(s.principal), via: s.via.map((v) => grantJson(v.binding, v.role, v.rule)) });
  const r = query.request;
  return {
    request: r.resourceRequest
      ? { verb: r.verb, apiGroup: r.apiGroup, resource: r.resource, subresource: r.subresource, name: r.name, namespace: r.namespace, allNamespaces: query.allNamespaces }
      : { verb: r.verb, path: r.path },
    allowed: [
      ...answer.bypass.filter((p) => !answer.allowed.some((s) => sameSubject(s, p))).map((p) => ({ ...principalJson(p), via: [], bypassesRbac: true })),
      ...answer.allowed.map((s) => ({ ...subject(s), ...(answer.bypass.some((p) => sameSubject(s, p)) ? { bypassesRbac: true } : {}) })),
    ],
    onlyForNames: answer.restricted.map((s) => ({ ...principalJson(s.principal), via: s.via.map((v) => ({ ...grantJson(v.binding, v.role, v.rule), names: v.names })), names: s.names })),
  };
}

const sameSubject = (s: AllowedSubject, p: Principal) => principalKey(s.principal) === principalKey(p);

function subjectCells(s: AllowedSubject): string[] {
  return [s.principal.kind, s.principal.namespace ?? '', s.principal.name];
}

function answerTable(query: Query, answer: WhoCanAnswer): string {
  const rows: string[][] = [['KIND', 'NAMESPACE', 'NAME', 'BINDING → ROLE', 'RULE']];
  for (const p of answer.bypass) if (!answer.allowed.some((s) => sameSubject(s, p))) rows.push([p.kind, '', p.name, '(allowed before RBAC is asked)', '']);
  const add = (s: AllowedSubject, suffix = '') =>
    s.via.forEach((v, i) => {
      const cells = i === 0 ? subjectCells(s) : ['', '', ''];
      rows.push([...cells, `${describeGrantPath(v.binding, v.role)}${suffix}`, `${ruleLabel(v.rule, v.role)} ${shortLocation(ruleLocation(v.rule, v.role.object))}`]);
    });
  for (const s of answer.allowed) add(s, answer.bypass.some((p) => sameSubject(s, p)) ? ' (not needed: allowed before RBAC)' : '');
  // Members of system:masters are allowed before RBAC is asked: counted apart, even when a binding names the group too.
  const throughRbac = answer.allowed.filter((s) => !answer.bypass.some((p) => sameSubject(s, p))).length;
  const lines = [`Who can ${describeScope(query)}:`, '', columns(rows), '', `${throughRbac} subjects through RBAC, and members of system:masters.`];
  if (answer.restricted.length > 0) {
    const named: string[][] = [['KIND', 'NAMESPACE', 'NAME', 'NAMES', 'BINDING → ROLE']];
    for (const s of answer.restricted) {
      // Each grant's own names, when they are not all of the subject's. Copies of one binding in
      // several files (alternative installs) giving the same names: once (JSON lists each).
      const grants = new Set(s.via.map((v) => `${describeGrantPath(v.binding, v.role)}${v.names.length < s.names.length ? ` (${v.names.join(', ')})` : ''}`));
      named.push([...subjectCells(s), s.names.join(', '), [...grants].join('; ')]);
    }
    lines.push('', 'Only for some names (ask with --name NAME):', '', columns(named));
    if (answer.restricted.some((s) => s.via.some((v) => v.binding.kind === 'RoleBinding' && isNamespaceRequest(query.request)))) {
      lines.push('', 'A RoleBinding allows a request on a Namespace only for its own namespace: the request is made in the namespace it names.');
    }
  }
  return `${lines.join('\n')}\n`;
}

export const rbacWhoCanCommand = defineCommand({
  name: 'who-can',
  description: 'Every user, group and ServiceAccount that can make a request, with the binding and role that allow it',
  arguments: '<verb> [resource-and-paths...]',
  options: [
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    ...CLUSTER_OPTIONS,
    { flags: '-n, --namespace <namespace>', description: 'the namespace of the request (default: cluster-wide, i.e. ClusterRoleBindings only)' },
    { flags: '-A, --all-namespaces', description: 'who can make the request in at least one namespace' },
    { flags: '--name <name>', description: 'the name of the object (rules with resourceNames count only with a name)' },
    { flags: '--url <path>', description: 'a non-resource URL instead of a resource, e.g. /metrics' },
    formatOption(['table', 'json']),
    DEFAULTS_OPTION,
  ],
  examples: [
    'rampart rbac who-can get secrets -n shop ./manifests',
    'rampart rbac who-can create pods/exec -A cluster-dump.yaml',
    'rampart rbac who-can get --url /metrics ./manifests',
    'kubectl get clusterroles,clusterrolebindings,roles,rolebindings -A -o yaml | rampart rbac who-can impersonate users -',
  ],
  async run(args, options, io) {
    const [verb = '', ...rest] = args;
    const target = typeof options.url === 'string' ? undefined : rest[0];
    const paths = typeof options.url === 'string' ? rest : rest.slice(1);
    if (!requirePaths('who-can', paths, options, io)) return 2;
    const input = await loadRbacInput('who-can', paths, options, io);
    if (!input) return 2;
    const query = buildQuery(verb, target, options, [...builtInResources(), ...customResources(input.objects)]);
    if (typeof query === 'string') {
      io.error(`rampart rbac who-can: ${query}`);
      return 2;
    }
    for (const w of query.warnings) io.error(`warning: ${w}`);
    const answer = whoCan(input.model, query.request, query.scope);
    const out = stdoutOutput();
    out.write(options.format === 'json' ? `${JSON.stringify(answerJson(query, answer), null, 2)}\n` : answerTable(query, answer));
    out.finish();
    return input.failed ? 2 : 0;
  },
});
