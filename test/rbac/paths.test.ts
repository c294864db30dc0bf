/*
 * Escalation techniques, one small cluster each: which technique the shortest path uses and where
 * it leads. Paths run over the input plus the bootstrap policy unless a case says otherwise.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/inputs/load.js';
import { RbacModel } from '../../src/rbac/model.js';
import { escalationPaths, type PathsQuery } from '../../src/rbac/paths/paths.js';
import { describeNode } from '../../src/rbac/paths/render.js';
import { parsePrincipal } from '../../src/rbac/subjects.js';

const HEAD = 'apiVersion: rbac.authorization.k8s.io/v1';

/** A ClusterRole (or Role, with a namespace) with these rules, bound to `subject`. */
function grant(name: string, subject: string, rules: string, namespace?: string): string {
  const role = namespace ? `kind: Role\nmetadata: {name: ${name}, namespace: ${namespace}}` : `kind: ClusterRole\nmetadata: {name: ${name}}`;
  const binding = namespace
    ? `kind: RoleBinding\nmetadata: {name: ${name}, namespace: ${namespace}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${name}}`
    : `kind: ClusterRoleBinding\nmetadata: {name: ${name}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}`;
  return `${HEAD}\n${role}\nrules: ${rules}\n---\n${HEAD}\n${binding}\nsubjects: [${subject}]\n---\n`;
}

const ALICE = '{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}';

function paths(yaml: string, query: Partial<PathsQuery> = {}, defaults = true) {
  const loaded = loadSources([{ name: 'cluster.yaml', text: yaml }]);
  expect(loaded.problems).toEqual([]);
  const model = new RbacModel(loaded.objects, { defaults });
  return escalationPaths(model, { to: 'cluster-admin', includeBuiltIn: false, getSufficesForExec: true, ...query });
}

/** `technique → destination` for each step of alice's path. */
function aliceChain(yaml: string, query: Partial<PathsQuery> = {}, defaults = true): string[] {
  const answer = paths(yaml, { from: { kind: 'User', name: 'alice' }, ...query }, defaults);
  return answer.paths[0]?.steps.map((s) => `${s.technique} → ${describeNode(s.to)}`) ?? [];
}

const SA = (namespace: string, name: string) => `${HEAD.replace('rbac.authorization.k8s.io/v1', 'v1')}\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${namespace}}\n---\n`;

describe('escalation techniques', () => {
  it('holding every permission is cluster-admin', () => {
    expect(aliceChain(grant('all', ALICE, '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]'))).toEqual(['holds-everything → cluster-admin']);
  });

  it('creating pods in a namespace becomes its ServiceAccounts (kube-system controllers lead on to cluster-admin)', () => {
    const yaml = grant('runner', ALICE, '[{apiGroups: [batch], resources: [jobs], verbs: [create]}]', 'kube-system');
    expect(aliceChain(yaml)).toEqual([
      'create-pods → ServiceAccount kube-system/clusterrole-aggregation-controller',
      'escalate → cluster-admin',
    ]);
    // Without the bootstrap policy nothing in kube-system leads anywhere.
    expect(aliceChain(yaml, {}, false)).toEqual([]);
  });

  it('says whether the pods are created or come from a rewritten pod template', () => {
    const firstAction = (rules: string) => paths(grant('r', ALICE, rules, 'kube-system'), { from: { kind: 'User', name: 'alice' } }).paths[0]?.steps[0]?.action;
    expect(firstAction('[{apiGroups: [apps], resources: [daemonsets], verbs: [patch]}]')).toBe('rewrites the pod templates of existing pod controllers in namespace kube-system');
    expect(firstAction('[{apiGroups: [apps], resources: [deployments], verbs: [patch, create]}]')).toBe('creates pods or pod controllers in namespace kube-system');
    expect(firstAction('[{apiGroups: [""], resources: [pods], verbs: [create]}, {apiGroups: [apps], resources: [deployments], verbs: [update]}]')).toBe(
      'creates pods or pod controllers in namespace kube-system',
    );
  });

  it('exec reaches only the ServiceAccounts of running workloads that mount a token', () => {
    const workload = (name: string, automount: boolean) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop}\nspec: {serviceAccountName: ${name}, automountServiceAccountToken: ${automount}, containers: [{name: c, image: x}]}\n---\n`;
    const yaml =
      grant('exec', ALICE, '[{apiGroups: [""], resources: [pods/exec], verbs: [create]}]', 'shop') +
      workload('mounted', true) +
      workload('unmounted', false) +
      grant('mounted-admin', '{kind: ServiceAccount, name: mounted, namespace: shop}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]') +
      grant('unmounted-admin', '{kind: ServiceAccount, name: unmounted, namespace: shop}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]');
    expect(aliceChain(yaml)).toEqual(['exec-pods → ServiceAccount shop/mounted', 'holds-everything → cluster-admin']);
  });

  it("updating pods replaces a running pod's images, which reaches only the accounts of running workloads; updating a Job rewrites no pod", () => {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {serviceAccountName: web, containers: [{name: c, image: x}]}\n---\n`;
    const admin = grant('web-admin', '{kind: ServiceAccount, name: web, namespace: shop}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]');
    const patcher = grant('patcher', ALICE, '[{apiGroups: [""], resources: [pods], verbs: [patch]}]');
    expect(aliceChain(patcher + pod + admin)).toEqual(['replace-pod-images → ServiceAccount shop/web', 'holds-everything → cluster-admin']);
    // No pod runs as a powerful account: a pod's ServiceAccount cannot be changed, so kube-system's controllers are out of reach.
    expect(aliceChain(patcher)).toEqual([]);
    expect(aliceChain(grant('jobs', ALICE, '[{apiGroups: [batch], resources: [jobs], verbs: [update, patch]}]', 'kube-system'))).toEqual([]);
    // A CronJob's job template can be rewritten.
    expect(aliceChain(grant('cronjobs', ALICE, '[{apiGroups: [batch], resources: [cronjobs], verbs: [patch]}]', 'kube-system'))).toEqual([
      'create-pods → ServiceAccount kube-system/clusterrole-aggregation-controller',
      'escalate → cluster-admin',
    ]);
  });

  it('nodes/proxy reaches the pods of every namespace', () => {
    const yaml =
      grant('kubelet', ALICE, '[{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}]') +
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: far}\nspec: {serviceAccountName: agent, containers: [{name: c, image: x}]}\n---\n' +
      grant('agent-admin', '{kind: ServiceAccount, name: agent, namespace: far}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]');
    expect(aliceChain(yaml)).toEqual(['nodes-proxy → ServiceAccount far/agent', 'holds-everything → cluster-admin']);
  });

  it('tokens: serviceaccounts/token create (by name), a legacy token Secret, or a token Secret created and read back', () => {
    const admin = grant('bot-admin', '{kind: ServiceAccount, name: bot, namespace: ops}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]') + SA('ops', 'bot');
    const token = grant('t', ALICE, '[{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [bot], verbs: [create]}]', 'ops');
    expect(aliceChain(admin + token)).toEqual(['create-token → ServiceAccount ops/bot', 'holds-everything → cluster-admin']);
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: bot-token, namespace: ops, annotations: {kubernetes.io/service-account.name: bot}}\ntype: kubernetes.io/service-account-token\n---\n';
    const read = grant('r', ALICE, '[{apiGroups: [""], resources: [secrets], resourceNames: [bot-token], verbs: [get]}]', 'ops');
    expect(aliceChain(admin + secret + read)).toEqual(['read-token-secret → ServiceAccount ops/bot', 'holds-everything → cluster-admin']);
    const forge = grant('f', ALICE, '[{apiGroups: [""], resources: [secrets], verbs: [create, get]}]', 'ops');
    expect(aliceChain(admin + forge)).toEqual(['create-token-secret → ServiceAccount ops/bot', 'holds-everything → cluster-admin']);
    // Reading another Secret by name is not a token.
    expect(aliceChain(admin + secret + grant('o', ALICE, '[{apiGroups: [""], resources: [secrets], resourceNames: [other], verbs: [get]}]', 'ops'))).toEqual([]);
  });

  it('says how each technique that reaches every account of a namespace becomes the one the path goes on from', () => {
    const admin = grant('bot-admin', '{kind: ServiceAccount, name: bot, namespace: ops}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]') + SA('ops', 'bot');
    const through = (rules: string) => paths(admin + grant('g', ALICE, rules, 'ops'), { from: { kind: 'User', name: 'alice' } }).paths[0]?.steps[0]?.how?.action;
    expect(through('[{apiGroups: [""], resources: [pods], verbs: [create]}]')).toBe('runs a pod as it, with its token mounted');
    expect(through('[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]')).toBe('requests a token for it');
    expect(through('[{apiGroups: [""], resources: [secrets], verbs: [create, get]}]')).toBe('has the token controller fill a token Secret for it, and reads it');
    expect(through('[{apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}]')).toBe('impersonates it');
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: bot, namespace: ops}\nspec: {serviceAccountName: bot, containers: [{name: c, image: x}]}\n---\n`;
    const patched = paths(admin + pod + grant('p', ALICE, '[{apiGroups: [""], resources: [pods], verbs: [patch]}]', 'ops'), { from: { kind: 'User', name: 'alice' } });
    expect(patched.paths[0]?.steps[0]?.how?.action).toBe('replaces the images of a pod that mounts its token');
  });

  it('constrained impersonation needs both impersonate:<mode> on the identity and impersonate-on:<mode>:<verb> on a request, and not before 1.36', () => {
    const bob = grant('b', '{kind: User, name: bob}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]');
    const identity = '{apiGroups: [authentication.k8s.io], resources: [users], resourceNames: [bob], verbs: ["impersonate:user-info"]}';
    const onPods = '{apiGroups: [""], resources: [pods], verbs: ["impersonate-on:user-info:create"]}';
    const onConfigMaps = '{apiGroups: [""], resources: [configmaps], verbs: ["impersonate-on:user-info:get"]}';
    expect(aliceChain(grant('u', ALICE, `[${identity}, ${onPods}]`) + bob)).toEqual(['impersonate → User bob', 'holds-everything → cluster-admin']);
    // impersonate-on in another role of the same holder counts too.
    expect(aliceChain(grant('u', ALICE, `[${identity}]`) + grant('impersonate-on', ALICE, `[${onPods}]`) + bob)).toEqual(['impersonate → User bob', 'holds-everything → cluster-admin']);
    expect(aliceChain(grant('u', ALICE, `[${identity}]`) + bob)).toEqual([]);
    expect(aliceChain(grant('u', ALICE, `[${identity}, ${onConfigMaps}]`) + bob)).toEqual([]);
    expect(aliceChain(grant('u', ALICE, `[${identity}, ${onPods}]`) + bob, { constrainedImpersonation: false })).toEqual([]);
    // system:masters cannot be impersonated this way; a ServiceAccount only through the serviceaccount mode.
    const masters = grant('m', ALICE, '[{apiGroups: [authentication.k8s.io], resources: [users, groups], verbs: ["impersonate:user-info"]}, {apiGroups: ["*"], resources: ["*"], verbs: ["impersonate-on:user-info:create"]}]');
    expect(aliceChain(masters).some((s) => s.endsWith('cluster-admin') && s.startsWith('impersonate'))).toBe(false);
    const sa =
      grant('s', ALICE, '[{apiGroups: [authentication.k8s.io], resources: [serviceaccounts], verbs: ["impersonate:serviceaccount"]}, {apiGroups: [""], resources: [secrets], verbs: ["impersonate-on:serviceaccount:get"]}]', 'kube-system');
    expect(aliceChain(sa)[0]).toBe('impersonate → ServiceAccount kube-system/clusterrole-aggregation-controller');
  });

  it('impersonation: system:masters needs a user to impersonate too', () => {
    const groupsOnly = grant('g', ALICE, '[{apiGroups: [""], resources: [groups], resourceNames: ["system:masters"], verbs: [impersonate]}]');
    expect(aliceChain(groupsOnly)).toEqual([]);
    const both = grant('g', ALICE, '[{apiGroups: [""], resources: [groups, users], verbs: [impersonate]}]');
    expect(aliceChain(both)).toEqual(['impersonate → cluster-admin']);
    const user = grant('u', ALICE, '[{apiGroups: [""], resources: [users], resourceNames: [bob], verbs: [impersonate]}]') + grant('b', '{kind: User, name: bob}', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]');
    expect(aliceChain(user)).toEqual(['impersonate → User bob', 'holds-everything → cluster-admin']);
  });

  it('a named create counts when the role can apply that name (server-side apply creates it)', () => {
    const named = (verbs: string) => grant('b', ALICE, `[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], resourceNames: [mine], verbs: [${verbs}]}]`);
    expect(aliceChain(named('create'))).toEqual([]);
    expect(aliceChain(named('create, patch'))).toEqual(['bind → cluster-admin']);
  });

  it('escalate needs update on the roles too; bind needs to create the binding', () => {
    expect(aliceChain(grant('e', ALICE, '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]'))).toEqual([]);
    expect(aliceChain(grant('e', ALICE, '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, patch]}]'))).toEqual(['escalate → cluster-admin']);
    expect(aliceChain(grant('b', ALICE, '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]'))).toEqual([]);
    expect(
      aliceChain(grant('b', ALICE, '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [cluster-admin], verbs: [bind]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}]')),
    ).toEqual(['bind → cluster-admin']);
    // Binding edit through RoleBindings anywhere leads through kube-system.
    expect(
      aliceChain(grant('b', ALICE, '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [edit], verbs: [bind]}, {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}]')),
    ).toEqual(['bind → holder of ClusterRole edit in every namespace', 'create-pods → ServiceAccount kube-system/clusterrole-aggregation-controller', 'escalate → cluster-admin']);
  });

  it('issuing a system:masters certificate needs create, approval and the client signer', () => {
    const csr = (extra: string) =>
      grant('c', ALICE, `[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests, certificatesigningrequests/approval], verbs: [create, update]}${extra}]`);
    expect(aliceChain(csr(''))).toEqual([]);
    expect(aliceChain(csr(', {apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: ["kubernetes.io/kube-apiserver-client"], verbs: [approve]}'))).toEqual(['issue-certificate → cluster-admin']);
  });

  it('a mutating webhook rewrites the pods of any namespace', () => {
    expect(aliceChain(grant('w', ALICE, '[{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create]}]'))).toEqual([
      'mutating-admission → ServiceAccount kube-system/clusterrole-aggregation-controller',
      'escalate → cluster-admin',
    ]);
  });

  it('members of system:masters need no binding', () => {
    const answer = paths('', { from: { kind: 'Group', name: 'system:masters' } });
    expect(answer.paths[0]?.steps.map((s) => s.technique)).toEqual(['system-masters']);
  });
});

describe('path queries', () => {
  const yaml = grant('runner', ALICE, '[{apiGroups: [""], resources: [pods], verbs: [create]}]', 'shop') + SA('shop', 'web');

  it('reach another identity with --to, and list only the input’s identities unless asked', () => {
    const to = parsePrincipal('system:serviceaccount:shop:web');
    const answer = paths(yaml, { ...(to ? { to } : {}) });
    expect(answer.paths.map((p) => describeNode(p.from))).toEqual(['User alice']);
    const all = paths(yaml, { ...(to ? { to } : {}), includeBuiltIn: true });
    expect(all.paths.length).toBeGreaterThan(1);
  });

  it('finds no target that is not in the graph', () => {
    const answer = paths(yaml, { to: { kind: 'User', name: 'nobody' } });
    expect(answer.target).toBeUndefined();
    expect(answer.paths).toEqual([]);
  });
});
