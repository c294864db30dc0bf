/*
 * The commands that analyse a cluster (netpol, rbac, pss) leave out the objects the API server
 * refuses, each with an input error naming its field, and exit 2: analysed as if they were in the
 * cluster, such objects (a namespace YAML reads as a boolean, a quoted `privileged`) would answer
 * for a cluster that cannot exist.
 */
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';

const FIX = 'test/cli/fixtures-rejected';

describe('objects the API server refuses, in the commands that analyse a cluster', () => {
  it('netpol: a policy whose namespace is `no` isolates nothing, and is an input error', () => {
    const r = rampart(['netpol', 'map', `${FIX}/netpol.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${FIX}/netpol.yaml:11:3: NetworkPolicy deny-all: metadata.namespace must be a string, but is the boolean false (quote it in YAML); the API server rejects the object, so it is left out`,
    ]);
    expect(r.stdout).toContain('0.0.0.0/0    default/web  all');
    expect(r.stdout).toContain('1 workloads, 0 policies');
  });

  it('rbac: a binding whose namespace is `yes` grants nothing', () => {
    const r = rampart(['rbac', 'who-can', 'get', 'pods', '-n', 'default', `${FIX}/rbac.yaml`, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${FIX}/rbac.yaml:4:28: RoleBinding ops-edit: metadata.namespace must be a string, but is the boolean true`);
    const names = (JSON.parse(r.stdout) as { allowed: { name: string }[] }).allowed.map((s) => s.name);
    expect(names).toContain('bob');
    expect(names).not.toContain('alice');
  });

  it('pss check: a workload without a template, or with a quoted boolean, gets no verdict but an error', () => {
    const r = rampart(['pss', 'check', `${FIX}/pss.yaml`, '--level', 'baseline']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('ALLOWED Pod shop/fine');
    expect(r.stdout).not.toContain('quoted');
    expect(r.stdout).toContain('1 allowed, 0 denied');
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${FIX}/pss.yaml:4:1: Deployment shop/no-template: required field "template" of DeploymentSpec is missing in spec; the API server rejects the object, so it is left out`,
      `error: ${FIX}/pss.yaml:20:33: CronJob shop/quoted: spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged must be a boolean, but is the string "true" (remove the quotes); the API server rejects the object, so it is left out`,
    ]);
  });
});
