/*
 * A repository often keeps alternative installs side by side (a Kustomize base, install.yaml,
 * ha-install.yaml) that define the same objects. Relations between objects are resolved within the
 * file that holds both ends when it does: each install is judged as it would be applied.
 */
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';

const DIR = 'test/scan/fixtures/alternative-installs';

interface Finding {
  ruleId: string;
  message: string;
  location: { file: string; line: number };
}

describe('a scan of alternative installs of the same objects', () => {
  const result = rampart(['scan', DIR, '--no-config-file', '--format', 'json', '--fail-on', 'critical']);
  const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
  const of = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => ({ where: `${f.location.file.slice(DIR.length + 1)}:${f.location.line}`, message: f.message }));

  it('says who holds a role with the binding of its own file', () => {
    expect(result.code).toBe(0);
    expect(of('rbac-read-secrets')).toEqual([
      { where: 'install.yaml:14', message: expect.stringMatching(/grants get, list on secrets: .*; bound by ClusterRoleBinding controller \(ServiceAccount default\/controller\)$/) },
    ]);
  });

  it("judges a workload's account with the role and ServiceAccount of its own file, each binding counted once", () => {
    expect(of('workload-powerful-service-account')).toEqual([
      { where: 'install.yaml:42', message: 'ServiceAccount default/controller, whose token the pod mounts, is bound by ClusterRoleBinding controller to ClusterRole "controller", which grants get, list on secrets' },
    ]);
    expect(of('automount-service-account-token').map((f) => f.where)).toEqual(['install.yaml:41']);
  });

  it('lets `rbac who-can` follow each binding to the role written nearest to it', () => {
    const whoCan = rampart(['rbac', 'who-can', 'list', 'secrets', DIR, '--no-defaults', '--format', 'json']);
    const answer = JSON.parse(whoCan.stdout) as { allowed: Array<{ kind: string; name: string; via: Array<{ bindingLocation: { file: string } }> }> };
    const accounts = answer.allowed.filter((a) => a.kind === 'ServiceAccount');
    expect(accounts.map((a) => [a.name, a.via.map((v) => v.bindingLocation.file.slice(DIR.length + 1))])).toEqual([['controller', ['ha-install.yaml', 'install.yaml']]]);
  });

  it('lets `rbac can` show a rule reached through copies of one binding once in the table, and each copy in JSON', () => {
    const subject = 'system:serviceaccount:default:controller';
    const table = rampart(['rbac', 'can', subject, DIR, '--no-defaults']).stdout;
    expect(table.split('\n').filter((line) => line.includes('secrets'))).toEqual([expect.stringMatching(/ClusterRoleBinding controller → ClusterRole controller +rules\[0\] .*install\.yaml:13$/)]);
    const json = JSON.parse(rampart(['rbac', 'can', subject, DIR, '--no-defaults', '--format', 'json']).stdout) as { rules: Array<{ resources: string[] }> };
    expect(json.rules.filter((r) => r.resources.includes('secrets'))).toHaveLength(2);
  });
});


describe('relations by label selector across alternative installs', () => {
  const dir = 'test/scan/fixtures/alternative-installs-selectors';
  const result = rampart(['scan', dir, '--no-config-file', '--format', 'json', '--fail-on', 'critical']);
  const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
  const of = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => ({ where: `${f.location.file.slice(dir.length + 1)}:${f.location.line}`, message: f.message }));
  const full = `${dir}/full/install.yaml`;

  it('counts the pods a budget selects in its own install only', () => {
    expect(result.code).toBe(0);
    expect(of('pdb-blocks-eviction')).toEqual([
      { where: 'full/install.yaml:39', message: expect.stringContaining('requires minAvailable 3 but selects only 3 pods (Deployment "web": 3 replicas)') },
    ]);
  });

  it("does not let another install's budget or policy protect a workload, and says where they are", () => {
    expect(of('missing-pod-disruption-budget')).toEqual([
      {
        where: 'minimal/install.yaml:10',
        message: `Deployment "web" runs 2 replicas but no PodDisruptionBudget of its install selects its pods (those that do are in ${full}, another install of the same objects), so a drain may evict them all at once`,
      },
    ]);
    expect(of('pod-not-selected-by-network-policy')).toEqual([
      { where: 'full/install.yaml:64', message: 'pods of Deployment "metrics" are not isolated (labels app=metrics): the only NetworkPolicy in namespace "shop" does not select them' },
      {
        where: 'minimal/install.yaml:14',
        message: `pods of Deployment "web" are not isolated (labels app=web): no NetworkPolicy of its install selects them (those that do are in ${full}, another install of the same objects)`,
      },
    ]);
  });

  it("resolves a Service's target port against its own install's copy of the workload", () => {
    expect(of('service-target-port-invalid')).toEqual([]);
  });

  it('still lets a Service copied into an install without its workload select the workload written once', () => {
    expect(of('service-selects-nothing')).toEqual([]);
  });
});

describe('a scan of alternative installs that define the same Namespace', () => {
  const dir = 'test/scan/fixtures/alternative-installs-namespaces';
  const result = rampart(['scan', dir, '--no-config-file', '--rule', 'namespace-without-default-deny', '--format', 'json']);
  const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;

  it("judges each copy of a Namespace with its own install's default deny, and one beside both installs counts for both", () => {
    expect(result.stderr).toBe('');
    expect(findings.map((f) => ({ where: `${f.location.file.slice(dir.length + 1)}:${f.location.line}`, message: f.message }))).toEqual([
      {
        where: 'lite/install.yaml:4',
        message: `namespace "shop" has no default-deny NetworkPolicy for ingress and egress of its own install (those in ${dir}/base/install.yaml, another install of the same objects, do not count): a pod that no policy selects (such as a new workload) accepts connections from every pod and can connect anywhere`,
      },
    ]);
  });
});
