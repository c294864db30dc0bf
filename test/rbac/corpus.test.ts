/*
 * The RBAC of five real-world projects from test/corpus (kube-prometheus, Argo CD, ingress-nginx,
 * Kyverno, cert-manager), each read on its own with the bootstrap policy: its RBAC findings,
 * escalation paths to cluster-admin and a few who-can answers, compared with snapshots in
 * corpus/ that were reviewed by hand (see corpus/README.md). UPDATE_SNAPSHOT=1 rewrites them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { loadFiles } from '../../src/inputs/load.js';
import { RbacModel } from '../../src/rbac/model.js';
import { escalationPaths } from '../../src/rbac/paths/paths.js';
import { describeNode } from '../../src/rbac/paths/render.js';
import { resourceRequest } from '../../src/rbac/matching.js';
import { describePrincipal } from '../../src/rbac/subjects.js';
import { whoCan, type WhoCanScope } from '../../src/rbac/who-can.js';
import { runChecks } from '../../src/scan/engine.js';

const REAL_WORLD = path.relative(process.cwd(), path.join(import.meta.dirname, '../corpus/real-world'));
const PROJECTS: Record<string, readonly string[]> = {
  'kube-prometheus': ['kube-prometheus/manifests'],
  'argo-cd': ['argo-cd/manifests/install.yaml'],
  'ingress-nginx': ['ingress-nginx/deploy/static/provider/cloud/deploy.yaml'],
  kyverno: ['kyverno/config/install-latest-testing.yaml'],
  'cert-manager': ['cert-manager/cert-manager-v1.14.4.yaml'],
};

const QUESTIONS: ReadonlyArray<{ title: string; request: ReturnType<typeof resourceRequest>; scope: WhoCanScope }> = [
  { title: 'list secrets cluster-wide', request: resourceRequest({ verb: 'list', resource: 'secrets' }), scope: { kind: 'request' } },
  { title: 'create pods in some namespace', request: resourceRequest({ verb: 'create', resource: 'pods' }), scope: { kind: 'all-namespaces' } },
  { title: 'create pods/exec in some namespace', request: resourceRequest({ verb: 'create', resource: 'pods', subresource: 'exec' }), scope: { kind: 'all-namespaces' } },
  { title: 'update mutatingwebhookconfigurations', request: resourceRequest({ verb: 'update', apiGroup: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations' }), scope: { kind: 'request' } },
];

const rbacChecks = CHECKS.all().filter((c) => c.category === 'rbac');

function summarize(paths: readonly string[]) {
  const inputs = loadFiles(paths);
  expect(inputs.problems).toEqual([]);
  const model = new RbacModel(inputs.objects, { defaults: true });
  const risks: string[] = [];
  runChecks(inputs.objects, { checks: rbacChecks.map((check) => ({ check, severityOverride: undefined, params: check.parseParams({}).ok ? {} : {} })), settings: {}, exemptions: [], allowAnnotationIgnore: true, allowOtherToolAnnotations: true }, (findings) => {
    for (const f of findings) risks.push(`${f.severity} ${f.ruleId} ${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name} ${f.path}`);
  });
  const answer = escalationPaths(model, { to: 'cluster-admin', includeBuiltIn: false, getSufficesForExec: true });
  const paths_ = answer.paths.map((p) => `${describeNode(p.from)}: ${p.steps.map((s) => `${s.technique} → ${describeNode(s.to)}`).join('; ')}`);
  const whoCanAnswers = Object.fromEntries(
    QUESTIONS.map((q) => [
      q.title,
      whoCan(model, q.request, q.scope).allowed.flatMap((s) => {
        const own = s.via.filter((v) => !v.binding.bootstrap);
        return own.length === 0 ? [] : [`${describePrincipal(s.principal)} via ${own.map((v) => `${v.binding.kind} ${v.binding.namespace ? `${v.binding.namespace}/` : ''}${v.binding.name} → ${v.role.kind} ${v.role.name}`).join(', ')}`];
      }),
    ]),
  );
  return { bindings: model.bindings.filter((b) => !b.bootstrap).length, risks, paths: paths_, whoCan: whoCanAnswers };
}

describe.each(Object.entries(PROJECTS))('%s', (project, files) => {
  it('matches the reviewed RBAC snapshot', () => {
    const summary = summarize(files.map((f) => path.join(REAL_WORLD, f)));
    const file = path.join(import.meta.dirname, 'corpus', `${project}.json`);
    if (process.env.UPDATE_SNAPSHOT) writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    expect(summary).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
