/*
 * Power requests and the search for the rules that grant them; rule matching itself is pinned by
 * the conformance vectors (test/conformance/rbac.test.ts), a few of which are repeated here for
 * the power requests' "any subresource" form.
 */
import { describe, expect, it } from 'vitest';
import { nonResourceRequest, ruleAllows } from '../matching.js';
import { parseRules, type PolicyRule } from '../rules.js';
import { appliesToUser, type Subject, serviceAccountUser } from '../subjects.js';
import { ANY_SUBRESOURCE, AWS_AUTH_WRITE, BIND, bindPower, CONFIGMAPS_WRITE, describeGrant, EVICT_PODS, hasConstrainedImpersonation, impersonatePower, grants, IMPERSONATE, NODES_PROXY, NODES_WRITE, NAMESPACES_WRITE, podExecPower, powerGrant, type PowerRequest, PV_CREATE, SECRETS_READ } from './powers.js';

type ResourceRequest = PowerRequest;
const grantsNonResource = (rule: PolicyRule, verb: string, path: string) => ruleAllows(nonResourceRequest(verb, path), rule);
const appliesTo = (subject: Subject, user: ReturnType<typeof serviceAccountUser>, ns: string) => appliesToUser(user, subject, ns);

function rule(body: Record<string, unknown>): PolicyRule {
  const [parsed] = parseRules([body]);
  if (!parsed) throw new Error('no rule');
  return parsed;
}

const req = (verb: string, group: string, resource: string, subresource = '', name = ''): ResourceRequest => ({ verb, group, resource, subresource, name });

describe('grants (resource requests)', () => {
  const cases: Array<[string, Record<string, unknown>, ResourceRequest, boolean]> = [
    ['star verb matches any verb', { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] }, req('verb2', 'group1', 'resource1'), true],
    ['star verb still needs the group', { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] }, req('verb1', 'group2', 'resource1'), false],
    ['star group matches any group', { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] }, req('verb1', 'group2', 'resource1'), true],
    ['star group still needs the verb', { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] }, req('verb2', 'group1', 'resource1'), false],
    ['star resource matches any resource', { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] }, req('verb1', 'group1', 'resource2'), true],
    ['star resource still needs the group', { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] }, req('verb1', 'group2', 'resource2'), false],
    ['tuple expansion', { verbs: ['verb1', 'verb2'], apiGroups: ['group1', 'group2'], resources: ['resource1', 'resource2'] }, req('verb2', 'group1', 'resource2'), true],
    ['subresource listed', { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] }, req('verb1', 'group1', 'resource1', 'subresource1'), true],
    ['other subresource', { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] }, req('verb1', 'group2', 'resource1', 'subresource2'), false],
    ['other resource, same subresource', { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] }, req('verb1', 'group1', 'resource2', 'subresource1'), false],
    ["'*' covers pods/exec", { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, req('create', '', 'pods', 'exec'), true],
    ["'*' covers nodes/proxy", { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, req('get', '', 'nodes', 'proxy'), true],
    ["'*/scale' covers deployments/scale", { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, req('get', 'apps', 'deployments', 'scale'), true],
    ["'*/scale' covers pods/scale", { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, req('get', '', 'pods', 'scale'), true],
    ["'*/scale' does not cover the resource", { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, req('get', 'apps', 'deployments'), false],
    ["'*/scale' does not cover status", { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, req('get', 'apps', 'deployments', 'status'), false],
    ['plain resource covers itself', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, req('get', '', 'pods'), true],
    ['plain resource does not cover pods/exec', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, req('create', '', 'pods', 'exec'), false],
    ['plain resource does not cover pods/log', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, req('get', '', 'pods', 'log'), false],
    ['resourceNames: listed name', { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s1'] }, req('get', '', 'secrets', '', 's1'), true],
    ['resourceNames: other name', { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s1'] }, req('get', '', 'secrets', '', 's2'), false],
    ['resourceNames: list has no name', { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s1'] }, req('list', '', 'secrets'), false],
    ['resourceNames: create has no name', { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s1'] }, req('create', '', 'secrets'), false],
    ['verbs are case-sensitive', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req('GET', '', 'pods'), false],
    ['resources are case-sensitive', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req('get', '', 'Pods'), false],
    ['no group aliasing', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req('get', 'apps', 'pods'), false],
    ['a rule without apiGroups grants nothing', { verbs: ['*'], resources: ['*'] }, req('get', '', 'pods'), false],
  ];
  it.each(cases)('%s', (_name, body, request, expected) => {
    expect(grants(rule(body), request)).toBe(expected);
  });

  it('matches any subresource of a resource on request', () => {
    const userextras: ResourceRequest = { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'userextras', subresource: ANY_SUBRESOURCE, name: '' };
    expect(grants(rule({ verbs: ['impersonate'], apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'] }), userextras)).toBe(true);
    expect(grants(rule({ verbs: ['impersonate'], apiGroups: ['authentication.k8s.io'], resources: ['userextras'] }), userextras)).toBe(false);
  });
});

describe('grantsNonResource', () => {
  const cases: Array<[string, Record<string, unknown>, string, string, boolean]> = [
    ["'*' covers every path", { verbs: ['verb1'], nonResourceURLs: ['*'] }, 'verb1', '/foo/bar/one', true],
    ["'*' still needs the verb", { verbs: ['verb1'], nonResourceURLs: ['*'] }, 'verb2', '/foo', false],
    ['subpath star excludes the parent', { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] }, 'verb1', '/foo', false],
    ['subpath star covers children', { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] }, 'verb1', '/foo/bar/one', true],
    ['subpath star is not a sibling prefix', { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] }, 'verb1', '/notfoo/bar', false],
    ['exact path', { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] }, 'verb2', '/foo/bar/one', true],
    ['exact path only', { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] }, 'verb1', '/foo/bar', false],
    ['trailing star is a string prefix', { verbs: ['get'], nonResourceURLs: ['/healthz*'] }, 'get', '/healthzfoo', true],
    ['trailing star needs the prefix', { verbs: ['get'], nonResourceURLs: ['/healthz*'] }, 'get', '/health', false],
    ['every trailing star is trimmed (strings.TrimRight)', { verbs: ['get'], nonResourceURLs: ['/healthz**'] }, 'get', '/healthzfoo', true],
    ['a resource rule never matches a path', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, 'get', '/metrics', false],
  ];
  it.each(cases)('%s', (_name, body, verb, path, expected) => {
    expect(grantsNonResource(rule(body), verb, path)).toBe(expected);
  });
});

describe('appliesTo', () => {
  const sa = (namespace: string | undefined, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace, path: [] });
  const user = serviceAccountUser('ns1', 'sa1');
  it.each<[string, Subject, string, boolean]>([
    ['SA subject in another namespace', sa('ns2', 'sa1'), 'ns1', false],
    ['SA subject without namespace takes the RoleBinding namespace', sa(undefined, 'sa1'), 'ns1', true],
    ['SA subject without namespace in a ClusterRoleBinding', sa(undefined, 'sa1'), '', false],
    ['User subject named like the SA', { kind: 'User', name: 'system:serviceaccount:ns1:sa1', namespace: undefined, path: [] }, 'ns1', true],
    ['Group of every SA in the namespace', { kind: 'Group', name: 'system:serviceaccounts:ns1', namespace: undefined, path: [] }, 'ns1', true],
    ['Group of all authenticated users', { kind: 'Group', name: 'system:authenticated', namespace: undefined, path: [] }, '', true],
    ["'*' user does not match everyone", { kind: 'User', name: '*', namespace: undefined, path: [] }, 'default', false],
    ['unknown subject kind', { kind: 'Robot', name: 'system:serviceaccount:ns1:sa1', namespace: undefined, path: [] }, 'ns1', false],
  ])('%s', (_name, subject, bindingNamespace, expected) => {
    expect(appliesTo(subject, user, bindingNamespace)).toBe(expected);
  });
});

describe('powerGrant', () => {
  it('describes what a wildcard rule grants and points at the resource element', () => {
    const grant = powerGrant(rule({ apiGroups: [''], resources: ['configmaps', '*'], verbs: ['list'] }), SECRETS_READ, 'cluster');
    expect(grant && describeGrant(grant)).toBe("list on secrets (through '*')");
    expect(grant?.path).toEqual(['rules', 0, 'resources', 1]);
  });

  it('ignores cluster-scoped targets in a namespace', () => {
    const r = rule({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] });
    expect(powerGrant(r, NODES_PROXY, 'namespace')).toBeUndefined();
    expect(powerGrant(r, NODES_PROXY, 'cluster')).toBeDefined();
  });

  it('keeps resourceNames restrictions unless the named object is itself dangerous', () => {
    const named = (names: string[]) => rule({ apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: names });
    expect(powerGrant(named(['developers']), IMPERSONATE, 'cluster')).toBeUndefined();
    const masters = powerGrant(named(['developers', 'system:masters']), IMPERSONATE, 'cluster');
    expect(masters && describeGrant(masters)).toBe('impersonate on groups named system:masters');
    expect(masters?.path).toEqual(['rules', 0, 'verbs', 0]);
    const bindAdmin = powerGrant(rule({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['cluster-admin'] }), BIND, 'namespace');
    expect(bindAdmin?.names).toEqual(['cluster-admin']);
  });

  it('lets a RoleBinding in a namespace change that namespace (requests on namespace N are in N)', () => {
    const r = rule({ apiGroups: [''], resources: ['namespaces'], resourceNames: ['team-a'], verbs: ['patch'] });
    expect(powerGrant(r, NAMESPACES_WRITE, 'namespace')?.names).toEqual(['team-a']);
  });

  it('counts deletecollection and patch on secrets as reads (both answer with Secret data), named patch only for those names', () => {
    const secrets = (verbs: string[], resourceNames?: string[]) => rule({ apiGroups: [''], resources: ['secrets'], verbs, ...(resourceNames ? { resourceNames } : {}) });
    const collection = powerGrant(secrets(['deletecollection', 'delete']), SECRETS_READ, 'namespace');
    expect(collection && describeGrant(collection)).toBe('deletecollection on secrets');
    const patch = powerGrant(secrets(['patch', 'update']), SECRETS_READ, 'namespace');
    expect(patch && describeGrant(patch)).toBe('patch on secrets');
    expect(powerGrant(secrets(['patch', 'deletecollection'], ['app-token']), SECRETS_READ, 'namespace')).toBeUndefined();
    expect(powerGrant(secrets(['create', 'update', 'delete']), SECRETS_READ, 'namespace')).toBeUndefined();
  });

  it('never counts deletecollection limited by resourceNames (the request carries no name), even for powers names do not limit', () => {
    const configmaps = (verbs: string[]) => rule({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-auth'], verbs });
    expect(powerGrant(configmaps(['deletecollection']), AWS_AUTH_WRITE, 'cluster')).toBeUndefined();
    expect(powerGrant(configmaps(['deletecollection']), CONFIGMAPS_WRITE, 'cluster')).toBeUndefined();
    const named = powerGrant(configmaps(['delete', 'deletecollection']), AWS_AUTH_WRITE, 'cluster');
    expect(named && describeGrant(named)).toBe('delete on configmaps named aws-auth');
    expect(powerGrant(rule({ apiGroups: [''], resources: ['pods'], resourceNames: ['web-0'], verbs: ['deletecollection'] }), EVICT_PODS, 'namespace')).toBeUndefined();
    const everyConfigMap = powerGrant(rule({ apiGroups: [''], resources: ['configmaps'], verbs: ['deletecollection'] }), CONFIGMAPS_WRITE, 'namespace');
    expect(everyConfigMap && describeGrant(everyConfigMap)).toBe('deletecollection on configmaps');
  });

  it('counts the status subresources of nodes and namespaces, and namespaces/finalize, as relabelling them', () => {
    const nodeStatus = powerGrant(rule({ apiGroups: [''], resources: ['nodes/status'], verbs: ['update', 'patch'] }), NODES_WRITE, 'cluster');
    expect(nodeStatus && describeGrant(nodeStatus)).toBe('update, patch on nodes/status');
    const namespaceSubresources = powerGrant(rule({ apiGroups: [''], resources: ['namespaces/status', 'namespaces/finalize'], verbs: ['update', 'patch'] }), NAMESPACES_WRITE, 'namespace');
    expect(namespaceSubresources && describeGrant(namespaceSubresources)).toBe('update, patch on namespaces/status; update on namespaces/finalize');
    // The finalize subresource cannot be patched (it has no get).
    expect(powerGrant(rule({ apiGroups: [''], resources: ['namespaces/finalize'], verbs: ['patch'] }), NAMESPACES_WRITE, 'cluster')).toBeUndefined();
  });

  it('counts a named create only when the role can also apply that name (patch; update too for RBAC objects)', () => {
    const create = rule({ apiGroups: [''], resources: ['persistentvolumes'], resourceNames: ['pv-data'], verbs: ['create'] });
    expect(powerGrant(create, PV_CREATE, 'cluster')).toBeUndefined();
    expect(powerGrant(create, PV_CREATE, 'cluster', [create, rule({ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'update'] })])).toBeUndefined();
    const withPatch = powerGrant(create, PV_CREATE, 'cluster', [create, rule({ apiGroups: [''], resources: ['persistentvolumes'], resourceNames: ['pv-data', 'other'], verbs: ['patch'] })]);
    expect(withPatch && describeGrant(withPatch)).toBe('create on persistentvolumes named pv-data');
    const binding = rule({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], resourceNames: ['ops'], verbs: ['create', 'update'] });
    const crb = { ...PV_CREATE, targets: [{ group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', clusterScoped: true }] };
    expect(powerGrant(binding, crb, 'cluster')?.names).toEqual(['ops']);
  });

  it('counts constrained impersonation (authentication.k8s.io, impersonate:<mode>) from Kubernetes 1.36, and for an unknown version', () => {
    expect([hasConstrainedImpersonation('1.35'), hasConstrainedImpersonation('v1.36.1'), hasConstrainedImpersonation(undefined)]).toEqual([false, true, true]);
    const userInfo = rule({ apiGroups: ['authentication.k8s.io'], resources: ['users', 'groups'], verbs: ['impersonate:user-info'] });
    const granted = powerGrant(userInfo, impersonatePower(true), 'cluster');
    expect(granted && describeGrant(granted)).toBe('impersonate:user-info on users, groups');
    expect(powerGrant(userInfo, impersonatePower(false), 'cluster')).toBeUndefined();
    // Only the core group is asked for the legacy verb, only authentication.k8s.io for the constrained ones.
    expect(powerGrant(rule({ apiGroups: [''], resources: ['users'], verbs: ['impersonate:user-info'] }), impersonatePower(true), 'cluster')).toBeUndefined();
    // system:masters is refused to constrained impersonation: a grant limited to it grants nothing.
    expect(powerGrant(rule({ apiGroups: ['authentication.k8s.io'], resources: ['groups'], resourceNames: ['system:masters'], verbs: ['impersonate:user-info'] }), impersonatePower(true), 'cluster')).toBeUndefined();
    const sa = rule({ apiGroups: ['authentication.k8s.io'], resources: ['serviceaccounts'], verbs: ['impersonate:serviceaccount', 'impersonate:associated-node'] });
    expect(powerGrant(sa, impersonatePower(true), 'namespace')?.verbs).toEqual(['impersonate:serviceaccount']);
    expect(powerGrant(rule({ apiGroups: ['authentication.k8s.io'], resources: ['nodes'], verbs: ['impersonate:associated-node'] }), impersonatePower(true), 'cluster')).toBeUndefined();
  });

  it('judges bind limited by resourceNames by the ClusterRoles it names', () => {
    const bind = rule({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['view', 'edit'], verbs: ['bind'] });
    expect(powerGrant(bind, bindPower([]), 'cluster')).toBeUndefined();
    expect(powerGrant(bind, bindPower(['edit']), 'cluster')?.names).toEqual(['edit']);
  });

  it('counts get on pods/exec only while WebSocket exec needs get', () => {
    const r = rule({ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] });
    expect(powerGrant(r, podExecPower(true), 'namespace')).toBeDefined();
    expect(powerGrant(r, podExecPower(false), 'namespace')).toBeUndefined();
  });
});
