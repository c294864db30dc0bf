/*
 * End-to-end tests of `rampart rbac`, run as a user runs it, on the small cluster in
 * fixtures/cluster (namespaces shop, ci and monitoring; an aggregated ClusterRole; a legacy token
 * Secret; bindings to users, groups and ServiceAccounts) plus the bootstrap policy. Text, DOT and
 * Mermaid outputs are compared with golden files (UPDATE_GOLDEN=1 rewrites them).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const CLUSTER = 'test/rbac/fixtures/cluster';
const FIXTURES = 'test/rbac/fixtures/who-can';
const DEMO_LOG = 'test/conformance/rbac/audit2rbac/demo.log';
const GOLDEN = path.join(import.meta.dirname, 'golden');
const json = (stdout: string) => JSON.parse(stdout);

function golden(name: string, text: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const scratch = tempDir('rampart-rbac-cli-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('rampart rbac who-can', () => {
  it('prints the JSON contract: subjects by kind, ServiceAccounts by name and namespace, each with binding and role', () => {
    const r = rampart(['rbac', 'who-can', 'get', 'secrets', '-n', 'shop', CLUSTER, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.request).toMatchObject({ verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'shop' });
    const names = out.allowed.map((s: { kind: string; name: string; namespace?: string }) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`);
    expect(names).toEqual([
      'User dana@example.com',
      'User system:kube-controller-manager',
      'Group platform',
      'Group shop-team',
      'Group system:masters',
      'ServiceAccount kube-system/generic-garbage-collector',
      'ServiceAccount kube-system/namespace-controller',
    ]);
    const dana = out.allowed[0];
    expect(dana.via).toEqual([
      expect.objectContaining({
        binding: 'shop-team',
        bindingKind: 'RoleBinding',
        bindingNamespace: 'shop',
        role: 'debugger',
        roleKind: 'ClusterRole',
        rule: { index: 0, aggregatedFrom: 'debugger-secrets', file: 'test/rbac/fixtures/cluster/cluster.yaml', line: 28 },
      }),
    ]);
    expect(out.allowed.find((s: { name: string }) => s.name === 'system:masters')).toMatchObject({ bypassesRbac: true });
    // The api ServiceAccount may read one Secret by name only.
    expect(out.onlyForNames).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: 'api', namespace: 'shop', names: ['api-credentials'] })]);
  });

  it('answers for a named object, a subresource, all namespaces and a non-resource URL', () => {
    const named = json(rampart(['rbac', 'who-can', 'get', 'secret', '--name', 'api-credentials', '-n', 'shop', CLUSTER, '-f', 'json']).stdout);
    expect(named.allowed.map((s: { name: string }) => s.name)).toContain('api');
    const exec = rampart(['rbac', 'who-can', 'create', 'po/exec', '-A', CLUSTER]);
    expect(exec.code).toBe(0);
    golden('who-can-exec.txt', exec.stdout);
    const url = json(rampart(['rbac', 'who-can', 'get', '--url', '/metrics', CLUSTER, '-f', 'json', '--no-defaults']).stdout);
    expect(url.allowed.map((s: { name: string }) => s.name)).toEqual(['system:masters', 'prometheus']);
  });

  it('counts the subjects allowed through RBAC without system:masters, which a bootstrap binding also names', () => {
    const r = rampart(['rbac', 'who-can', 'create', 'pods/exec', '-n', 'shop', `${FIXTURES}/edit-in-shop.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ClusterRoleBinding cluster-admin → ClusterRole cluster-admin \(not needed: allowed before RBAC\)/);
    expect(r.stdout).toContain('\n1 subjects through RBAC, and members of system:masters.\n');
  });

  it("reads userextras/KEY as the extra's key, '/' included, without a warning", () => {
    const extras = `${FIXTURES}/impersonate-userextras.yaml`;
    for (const [target, subresource] of [['userextras/scopes', 'scopes'], ['userextras.authentication.k8s.io/example.com/team', 'example.com/team']] as const) {
      const r = rampart(['rbac', 'who-can', 'impersonate', target, extras, '--no-defaults', '-f', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = json(r.stdout);
      expect(out.request).toMatchObject({ apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource });
      expect(out.allowed.map((s: { name: string }) => s.name)).toEqual(['system:masters', 'proxy']);
    }
    const other = json(rampart(['rbac', 'who-can', 'impersonate', 'userextras/other', extras, '--no-defaults', '-f', 'json']).stdout);
    expect(other.allowed.map((s: { name: string }) => s.name)).toEqual(['system:masters']);
    // Other resources still take one segment, and a verb the API server never asks still warns.
    expect(rampart(['rbac', 'who-can', 'get', 'pods/exec/x', extras]).code).toBe(2);
    expect(rampart(['rbac', 'who-can', 'get', 'userextras/scopes', extras, '--no-defaults']).stderr).toContain('never asks "get"');
  });

  it('lists every name any rule of a role allows, once and in order, for each binding → role and for the subject', () => {
    const named = `${FIXTURES}/named-rules.yaml`;
    const r = rampart(['rbac', 'who-can', 'get', 'secrets', '-n', 'shop', named, '--no-defaults', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    const grants = (s: { via: { binding: string; rule: { index: number }; names: string[] }[] }) => s.via.map((v) => `${v.binding} rules[${v.rule.index}] ${v.names.join(',')}`);
    expect(out.onlyForNames.map((s: { name: string; names: string[] }) => `${s.name}: ${s.names.join(',')}`)).toEqual(['ivan: ca,tls-a,tls-b,tls-c', 'judy: ca']);
    expect(grants(out.onlyForNames[0])).toEqual(['tls-reader rules[0] tls-a,tls-b,tls-c', 'ca-reader rules[0] ca']);
    const table = rampart(['rbac', 'who-can', 'get', 'secrets', '-n', 'shop', named, '--no-defaults']).stdout;
    expect(table).toMatch(/\nUser +ivan +ca, tls-a, tls-b, tls-c +RoleBinding shop\/tls-reader → Role shop\/tls-reader \(tls-a, tls-b, tls-c\); RoleBinding shop\/ca-reader → ClusterRole ca-reader \(ca\)\n/);
    // list is allowed by the third rule alone; delete by none of these.
    const list = json(rampart(['rbac', 'who-can', 'list', 'secrets', '-n', 'shop', named, '--no-defaults', '-f', 'json']).stdout);
    expect(list.onlyForNames.map((s: { name: string; names: string[] }) => `${s.name}: ${s.names.join(',')}`)).toEqual(['ivan: tls-b,tls-c']);
  });

  it('names a grant for some names once in the table when copies of its binding in several installs give it (JSON keeps each)', () => {
    const copies = `${FIXTURES}/copies`;
    const table = rampart(['rbac', 'who-can', 'get', 'secrets', '-n', 'shop', copies, '--no-defaults']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\nServiceAccount +shop +notifications +notifications-secret +RoleBinding shop\/notifications → Role shop\/notifications\n/);
    const out = json(rampart(['rbac', 'who-can', 'get', 'secrets', '-n', 'shop', copies, '--no-defaults', '-f', 'json']).stdout);
    expect(out.onlyForNames[0].via.map((v: { bindingLocation: { file: string } }) => v.bindingLocation.file)).toEqual([
      `${copies}/install/rbac.yaml`,
      `${copies}/namespace-install/rbac.yaml`,
    ]);
  });

  describe('requests on Namespace objects, made in the namespace they name', () => {
    const NS = `${FIXTURES}/namespace-rolebindings.yaml`;
    const ask = (...args: string[]) => {
      const r = rampart(['rbac', 'who-can', ...args, NS, '--no-defaults', '-f', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return json(r.stdout);
    };
    const who = (subjects: { name: string; names?: string[] }[]) => subjects.map((s) => (s.names ? `${s.name}: ${s.names.join(',')}` : s.name));

    it("count a RoleBinding in N for N itself, with a name, and list its holders for N without one, with or without -A", () => {
      expect(who(ask('delete', 'ns', '--name', 'shop').allowed)).toEqual(['system:masters', 'ned', 'olga']);
      expect(who(ask('delete', 'ns', '--name', 'web').allowed)).toEqual(['system:masters', 'ned', 'olga']);
      expect(who(ask('delete', 'ns', '--name', 'ci').allowed)).toEqual(['system:masters']);
      for (const all of [[], ['-A']]) {
        const out = ask('delete', 'ns', ...all);
        expect(out.request).toMatchObject({ namespace: '', name: '', allNamespaces: all.length > 0 });
        expect(who(out.allowed)).toEqual(['system:masters']);
        expect(who(out.onlyForNames)).toEqual(['ned: shop,web', 'olga: shop,web']);
        const ned = out.onlyForNames[0];
        expect(ned.via.map((v: { binding: string; bindingNamespace?: string; names: string[] }) => `${v.binding} ${v.bindingNamespace ?? ''} ${v.names.join(',')}`)).toEqual([
          'sec shop shop',
          'delete-shop  shop,web',
        ]);
      }
    });

    it('leave RoleBindings out of list and create, which make no request in the Namespace', () => {
      for (const verb of ['list', 'create']) {
        const out = ask(verb, 'namespaces', '-A');
        expect(who(out.allowed)).toEqual(['system:masters']);
        expect(out.onlyForNames).toEqual([]);
      }
      // A list names the Namespace only through a field selector, which sets no namespace.
      const list = ask('list', 'namespaces', '--name', 'shop');
      expect(list.request).toMatchObject({ name: 'shop', namespace: '' });
      expect(who(list.allowed)).toEqual(['system:masters']);
    });

    it('say so in the table, as rbac can lists the rule in namespace N', () => {
      const table = rampart(['rbac', 'who-can', 'delete', 'ns', '-A', NS, '--no-defaults']);
      expect(table.stderr).toBe('');
      expect(table.stdout).toMatch(/Who can delete namespaces in at least one namespace:/);
      expect(table.stdout).toMatch(/\nUser +ned +shop, web +RoleBinding shop\/sec → ClusterRole sec \(shop\); ClusterRoleBinding delete-shop → ClusterRole delete-shop\n/);
      expect(table.stdout).toContain('A RoleBinding allows a request on a Namespace only for its own namespace');
      const can = json(rampart(['rbac', 'can', 'ned', '-A', NS, '--no-defaults', '-f', 'json']).stdout);
      expect(can.rules.map((r: { namespace: string; resourceNames: string[]; verbs: string[] }) => `${r.namespace} ${r.resourceNames.join(',')} ${r.verbs.join(',')}`)).toEqual([
        ' shop,web delete',
        'shop  delete,list,create',
      ]);
    });
  });

  it('reads RESOURCE.VERSION.GROUP and RESOURCE.GROUP as kubectl does, and warns of a group or resource it does not know', () => {
    const args = `${FIXTURES}/resource-arguments.yaml`;
    const ask = (verb: string, target: string) => {
      const r = rampart(['rbac', 'who-can', verb, target, args, '--no-defaults', '-f', 'json']);
      expect(r.code, target).toBe(0);
      const out = json(r.stdout);
      return { stderr: r.stderr, request: `${out.request.resource}.${out.request.apiGroup}/${out.request.subresource}`, who: out.allowed.map((s: { name: string }) => s.name) };
    };
    for (const target of ['deployments.v1.apps', 'Deployments.V1.Apps', 'deploy.v1.apps', 'deployments.apps']) {
      expect(ask('update', target), target).toEqual({ stderr: '', request: 'deployments.apps/', who: ['system:masters', 'jane'] });
    }
    expect(ask('update', 'deploy.v1.apps/scale')).toEqual({ stderr: '', request: 'deployments.apps/scale', who: ['system:masters', 'jane'] });
    // Two dots, but no group "com" serving widgets in version "example": the group is example.com.
    for (const target of ['widgets.v1.example.com', 'widgets.example.com', 'wd.example.com']) {
      expect(ask('get', target), target).toEqual({ stderr: '', request: 'widgets.example.com/', who: ['system:masters', 'ned'] });
    }
    // A version that is not served leaves RESOURCE.GROUP, whose group nothing serves: answered as written, with a warning.
    const v9 = ask('update', 'deployments.v9.apps');
    expect(v9.who).toEqual(['system:masters']);
    expect(v9.request).toBe('deployments.v9.apps/');
    expect(v9.stderr).toBe(
      'warning: unknown group "v9.apps": no built-in resource of Kubernetes 1.37 nor CustomResourceDefinition in the input is in it (read as RESOURCE.VERSION.GROUP: deployments.apps is served in v1, not v9); answering for deployments.v9.apps as written\n',
    );
    expect(ask('get', 'widgets.v1beta1.example.com').stderr).toContain('widgets.example.com is served in v1, not v1beta1');
    expect(ask('get', 'gadgets.example.com').stderr).toBe(
      'warning: unknown resource "gadgets" in group "example.com": not a built-in resource of Kubernetes 1.37 nor defined by a CustomResourceDefinition in the input; answering for gadgets.example.com as written\n',
    );
    expect(ask('get', 'gadgets.example.org').stderr).toMatch(/^warning: unknown group "example.org": .*; answering for gadgets.example.org as written\n$/);
  });

  it('rejects an unknown resource and a missing input with exit 2 and one line', () => {
    const unknown = rampart(['rbac', 'who-can', 'get', 'widgets', CLUSTER]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('RESOURCE.GROUP');
    const none = rampart(['rbac', 'who-can', 'get', 'pods']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no input');
  });

  it('names a binding the API server refuses, grants nothing through it, and exits 2', () => {
    const refused = 'test/rbac/fixtures/refused-bindings.yaml';
    const r = rampart(['rbac', 'who-can', 'create', 'pods/exec', '-n', 'shop', refused, '--no-defaults', '-f', 'json']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(9);
    // A subject without a name fails to decode: the input check leaves it out before the model sees it.
    expect(lines).toContain(
      'error: test/rbac/fixtures/refused-bindings.yaml:21:36: RoleBinding shop/unnamed-subject: required field "name" of Subject is missing in subjects[1]; the API server rejects the object, so it is left out',
    );
    expect(lines).toContain(
      'error: test/rbac/fixtures/refused-bindings.yaml:13:56: RoleBinding shop/sa-api-group is refused by the API server (subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""; subjects[2].kind: Unsupported value: "user": supported values: "ServiceAccount", "User", "Group"), so it grants nothing to any of its subjects',
    );
    expect(json(r.stdout).allowed.map((s: { name: string }) => s.name)).toEqual(['system:masters', 'ok-user', 'ok-group', 'ok.sa-1']);
    for (const command of [['can', 'u1', '-n', 'shop'], ['paths'], ['risks', '--no-config-file', '-f', 'json']]) {
      const other = rampart(['rbac', ...command, refused, '--no-defaults']);
      expect(other.code, command.join(' ')).toBe(2);
      expect(other.stderr).toContain('refused-bindings.yaml:13:56: RoleBinding shop/sa-api-group is refused by the API server');
    }
  });

  it('names a role the API server refuses, grants nothing through it, and exits 2, as every rbac command and the scan see it', () => {
    const refused = 'test/rbac/fixtures/refused-roles.yaml';
    const r = rampart(['rbac', 'who-can', 'get', 'pods', '-n', 'shop', refused, '--no-defaults', '-f', 'json']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(
      'error: test/rbac/fixtures/refused-roles.yaml:7:5: Role shop/urls-in-role is refused by the API server (rules[0].nonResourceURLs: Invalid value: ["/metrics"]: namespaced rules cannot apply to non-resource URLs), so it never exists and grants nothing',
    );
    expect(lines).toContain(
      'error: test/rbac/fixtures/refused-roles.yaml:29:5: ClusterRole mixed is refused by the API server (rules[0].nonResourceURLs: Invalid value: ["*"]: rules cannot apply to both regular resources and non-resource URLs), so it never exists and grants nothing',
    );
    expect(json(r.stdout).allowed.map((s: { name: string }) => s.name)).toEqual(['system:masters', 'copied-user', 'ok-user']);
    const mixed = 'refused-roles.yaml:29:5: ClusterRole mixed is refused by the API server';
    const can = rampart(['rbac', 'can', 'u3', refused, '--no-defaults', '-f', 'json']);
    expect(can.code).toBe(2);
    expect(can.stderr).toContain(mixed);
    expect(json(can.stdout).rules).toEqual([]);
    // u3 would hold everything through the refused ClusterRole: no path.
    const paths = rampart(['rbac', 'paths', refused, '--no-defaults', '-f', 'json']);
    expect(paths.code).toBe(2);
    expect(paths.stderr).toContain(mixed);
    expect(json(paths.stdout).paths).toEqual([]);
    // rbac risks: an input error, no role rule judges the refused roles, and their bindings refer to a missing role.
    const risks = rampart(['rbac', 'risks', refused, '--no-defaults', '--no-config-file', '-f', 'json']);
    expect(risks.code).toBe(2);
    expect(risks.stderr).toContain(mixed);
    type Finding = { ruleId: string; category: string; object: { name: string } };
    const findings = (stdout: string) => (json(stdout).findings as Finding[]).filter((f) => f.category === 'rbac').map((f) => `${f.ruleId} ${f.object.name}`);
    const expected = ['urls-in-role', 'mixed-in-role', 'mixed', 'named-urls', 'no-verbs', 'no-api-groups', 'no-resources', 'empty-rule'].map((n) => `rbac-binding-missing-role ${n}`);
    expect(findings(risks.stdout)).toEqual(expected);
    // The scan reports the same findings (the bootstrap view stands in for the refused one), as a
    // finding only, as for a refused binding.
    const scan = rampart(['scan', refused, '--no-config-file', '-f', 'json']);
    expect(scan.code).toBe(0);
    expect(json(scan.stdout).errors).toEqual([]);
    expect(findings(scan.stdout)).toEqual(expected);
  });

  it('still answers when an input file is broken, names it, and exits 2', () => {
    const broken = path.join(scratch, 'broken.yaml');
    writeFileSync(broken, 'kind: Role\nmetadata: {name: x\n');
    const r = rampart(['rbac', 'who-can', 'get', 'secrets', '-n', 'shop', CLUSTER, broken, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(json(r.stdout).allowed.length).toBeGreaterThan(3);
  });
});

describe('rampart rbac can', () => {
  it('lists what a ServiceAccount can do, with the binding of each rule', () => {
    const r = rampart(['rbac', 'can', 'system:serviceaccount:shop:api', '-n', 'shop', CLUSTER]);
    expect(r.code).toBe(0);
    golden('can-api.txt', r.stdout);
  });

  it('answers for a group in every namespace as JSON', () => {
    const out = json(rampart(['rbac', 'can', 'Group:shop-team', '-A', CLUSTER, '-f', 'json', '--no-defaults']).stdout);
    expect(out.subject).toEqual({ kind: 'Group', name: 'shop-team' });
    expect(out.rules.map((r: { namespace: string; resources: string[]; verbs: string[] }) => `${r.namespace} ${r.resources.join(',')} ${r.verbs.join(',')}`)).toEqual([
      'shop pods,pods/log get,list',
      'shop pods/exec create',
      'shop secrets get,list',
    ]);
  });
});

describe('rampart rbac risks', () => {
  it('reports the RBAC rules as findings in the scan report formats', () => {
    const r = rampart(['rbac', 'risks', CLUSTER, '--no-config-file', '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = json(r.stdout).findings.map((f: { ruleId: string; location: { file: string; line: number } }) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
    expect(findings).toEqual([
      'rbac-pod-exec test/rbac/fixtures/cluster/cluster.yaml:19',
      'rbac-read-secrets test/rbac/fixtures/cluster/cluster.yaml:29',
      'rbac-create-pods test/rbac/fixtures/cluster/cluster.yaml:38',
      'rbac-escalation-path test/rbac/fixtures/cluster/cluster.yaml:46',
      'cluster-admin-binding test/rbac/fixtures/cluster/cluster.yaml:78',
    ]);
    const sarif = rampart(['rbac', 'risks', CLUSTER, '--no-config-file', '--format', 'sarif', '--fail-on', 'never']);
    expect(sarif.code).toBe(0);
    expect(json(sarif.stdout).runs[0].tool.driver.rules.every((rule: { properties: { category?: string } }) => rule.properties.category === undefined || rule.properties.category === 'rbac')).toBe(true);
  });
});

describe('rampart rbac paths', () => {
  it('prints each path step by step and exits 1 when an identity reaches cluster-admin', () => {
    const r = rampart(['rbac', 'paths', CLUSTER]);
    expect(r.code).toBe(1);
    golden('paths.txt', r.stdout);
  });

  it('writes JSON, Graphviz DOT and Mermaid', () => {
    const r = rampart(['rbac', 'paths', CLUSTER, '--to', 'system:serviceaccount:shop:payments', '--format', 'json']);
    const out = json(r.stdout);
    expect(out.target).toEqual({ kind: 'ServiceAccount', name: 'payments', namespace: 'shop' });
    const shopTeam = out.paths.find((p: { from: { name: string } }) => p.from.name === 'shop-team');
    expect(shopTeam.steps).toEqual([
      expect.objectContaining({
        technique: 'read-token-secret',
        to: { kind: 'ServiceAccount', name: 'payments', namespace: 'shop' },
        grants: [expect.objectContaining({ binding: 'shop-team', role: 'debugger' })],
      }),
    ]);
    golden('paths.dot', rampart(['rbac', 'paths', CLUSTER, '--format', 'dot']).stdout);
    golden('paths.mermaid', rampart(['rbac', 'paths', CLUSTER, '--format', 'mermaid']).stdout);
  });
});

describe('rampart rbac minimize', () => {
  it('generates the least-privilege Role and RoleBinding from an audit log', () => {
    const r = rampart(['rbac', 'minimize', '--audit-log', DEMO_LOG, '--subject', 'alice', '--name', 'audit2rbac:alice']);
    expect(r.code).toBe(0);
    golden('minimize-alice.yaml', r.stdout);
  });

  it('compares with what the manifests grant, and reports malformed events by line', () => {
    const log = path.join(scratch, 'audit.log');
    const event = (verb: string, resource: string) =>
      JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb, user: { username: 'system:serviceaccount:shop:api', groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'] }, objectRef: { resource, namespace: 'shop', apiVersion: 'v1' } });
    writeFileSync(log, `${event('get', 'configmaps')}\nnot json\n${event('list', 'configmaps')}\n`);
    const r = rampart(['rbac', 'minimize', '--audit-log', log, '--compare', CLUSTER, '--no-defaults', '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${log}:2:1: not a JSON audit event (the log backend writes one JSON object per line)`);
    const [result] = json(r.stdout).results;
    expect(result.objects.map((o: { kind: string }) => o.kind)).toEqual(['Role', 'RoleBinding']);
    expect(result.compare.rules).toEqual([
      expect.objectContaining({ namespace: 'shop', resources: ['configmaps'], usedBy: 2, unused: [{ verbs: ['watch'], apiGroups: [''], resources: ['configmaps'] }] }),
      expect.objectContaining({ namespace: 'shop', resources: ['secrets'], usedBy: 0, unused: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['api-credentials'] }] }),
    ]);
  });
});
