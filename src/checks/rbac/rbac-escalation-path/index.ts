import { mitre } from '../../../core/references.js';
import type { Severity } from '../../../core/severity.js';
import type { RbacModel } from '../../../rbac/model.js';
import { type EscalationPath, escalationPaths } from '../../../rbac/paths/paths.js';
import { describeNode } from '../../../rbac/paths/render.js';
import { getSufficesForExec, hasConstrainedImpersonation } from '../../../rbac/risks/powers.js';
import { principalKey, principalOf, subjectsOf } from '../../../rbac/subjects.js';
import { defineCheck } from '../../api.js';
import { modelOf } from '../shared/model.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { describeObject } from '../shared/roles.js';
import { isDefaultSubject } from '../../../rbac/model.js';

const found = new WeakMap<RbacModel, Map<string, Map<string, EscalationPath>>>();

/** Each identity of the input that can become cluster-admin, with its shortest path. */
function pathsOf(model: RbacModel, getSuffices: boolean, constrainedImpersonation: boolean): Map<string, EscalationPath> {
  let byVersion = found.get(model);
  if (!byVersion) found.set(model, (byVersion = new Map()));
  const key = `${getSuffices}\u0000${constrainedImpersonation}`;
  let paths = byVersion.get(key);
  if (!paths) {
    const answer = escalationPaths(model, { to: 'cluster-admin', includeBuiltIn: false, getSufficesForExec: getSuffices, constrainedImpersonation });
    paths = new Map(answer.paths.flatMap((p) => (p.from.principal ? [[principalKey(p.from.principal), p] as const] : [])));
    byVersion.set(key, paths);
  }
  return paths;
}

function describeSteps(path: EscalationPath): string {
  return path.steps.map((s, i) => `${i + 1}. ${s.action} → ${describeNode(s.to)}`).join('; ');
}

export default defineCheck({
  id: 'rbac-escalation-path',
  title: 'Binding lets a subject become cluster-admin through a chain of permissions',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-binding',
  description:
    "The subject's permissions, taken together and followed through the identities they let it become (creating a pod that runs as another ServiceAccount, exec into a pod or replacing the image of a running one, minting or reading tokens, impersonation, bind, escalate, certificate requests, mutating webhooks), reach cluster-admin. Each step is decided with the exact RBAC rules of the input and Kubernetes' bootstrap policy; `rampart rbac paths` prints the whole path with the rule behind each step. A path of one step (escalate, bind, impersonate, a system:masters certificate) is reported as critical; holding cluster-admin itself is left to cluster-admin-binding.",
  remediation:
    'Break the first step: remove the permission from the role (or the subject from the binding), or move the powerful identity it leads to out of reach (its own namespace, no token mounted, no pods others can create, update or exec into).',
  references: [
    NSA_AUTHZ,
    mitre('T1078', 'Valid Accounts'),
    mitre('T1098.006', 'Account Manipulation: Additional Container Cluster Roles'),
    rbacGoodPractices('Kubernetes RBAC - privilege escalation risks', 'kubernetes-rbac-privilege-escalation-risks'),
  ],
  run(ctx) {
    const namespace = ctx.object.kind === 'RoleBinding' ? ctx.index.namespaceOf(ctx.object) : '';
    const subjects = subjectsOf(ctx.object);
    if (subjects.length === 0) return;
    const model = modelOf(ctx);
    const paths = pathsOf(model, getSufficesForExec(ctx.settings.kubeVersion), hasConstrainedImpersonation(ctx.settings.kubeVersion));
    for (const subject of subjects) {
      // The API server's own subjects of its bootstrap bindings (control-plane accounts) are not the input's choice.
      if (isDefaultSubject(ctx.object, subject)) continue;
      const principal = principalOf(subject, namespace);
      const path = principal && paths.get(principalKey(principal));
      const first = path?.steps[0];
      if (!path || !first) continue;
      // Reported where the path starts: a binding this subject's first step goes through.
      if (!first.evidence.some((e) => e.binding?.object === ctx.object)) continue;
      if (path.steps.length === 1 && first.technique === 'holds-everything' && first.evidence.every((e) => e.role.name === 'cluster-admin')) continue;
      const severity: Severity | undefined = path.steps.length === 1 ? 'critical' : undefined;
      ctx.report({
        path: subject.path,
        message: `${describeObject(ctx.object)} lets ${describeNode(path.from)} become cluster-admin in ${path.steps.length} step${path.steps.length === 1 ? '' : 's'}: ${describeSteps(path)}`,
        ...(severity ? { severity } : {}),
      });
    }
  },
});
