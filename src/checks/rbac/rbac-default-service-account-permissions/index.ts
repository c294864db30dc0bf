import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { bindingErrors } from '../../../rbac/binding-validation.js';
import type { Severity } from '../../../core/severity.js';
import { getSufficesForExec, hasConstrainedImpersonation } from '../../../rbac/risks/powers.js';
import { powersOfRules } from '../../../rbac/risks/account-powers.js';
import { ALL_SERVICE_ACCOUNTS, serviceAccountOfSubject, type Subject, subjectsOf } from '../../../rbac/subjects.js';
import { defineCheck } from '../../api.js';
import { bindingView, describeRef } from '../shared/bindings.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { describeObject } from '../shared/roles.js';
import { isDefaultSubject } from '../../../rbac/model.js';

/** Who a subject stands for when it includes default ServiceAccounts, or undefined when it does not. */
function defaultAccounts(subject: Subject, bindingNamespace: string): string | undefined {
  if (subject.kind === 'Group' && subject.name === ALL_SERVICE_ACCOUNTS) return 'every ServiceAccount of every namespace (group system:serviceaccounts), the default ones included';
  if (subject.kind === 'Group' && subject.name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`)) {
    return `every ServiceAccount of namespace ${subject.name.slice(ALL_SERVICE_ACCOUNTS.length + 1)} (group ${subject.name}), its default one included`;
  }
  const account = serviceAccountOfSubject(subject, bindingNamespace);
  if (account?.name !== 'default') return undefined;
  // A ServiceAccount's token authenticates as the user system:serviceaccount:<namespace>:<name>.
  return `the default ServiceAccount of namespace ${account.namespace}${account.viaUsername ? ` (User ${subject.name} is the username its token carries)` : ''}`;
}

export default defineCheck({
  id: 'rbac-default-service-account-permissions',
  title: 'Binding grants permissions to default ServiceAccounts',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-binding',
  description:
    "Every pod that names no ServiceAccount runs as its namespace's default ServiceAccount, with its token mounted unless that is turned off, so a permission granted to it (or to the groups of all ServiceAccounts of a namespace or of the cluster) goes to every such pod, present and future, whoever deployed it. It is reported as high when the role grants a dangerous permission (Secrets, pods, exec, tokens, escalation).",
  remediation:
    'Create a dedicated ServiceAccount for the workload that needs the permissions and bind the role to it; leave default ServiceAccounts without bindings (and set automountServiceAccountToken: false on them).',
  references: [
    cis('5.1.5', 'Ensure that default service accounts are not actively used'),
    NSA_AUTHZ,
    mitre('T1078.001', 'Valid Accounts: Default Accounts'),
    rbacGoodPractices('Minimize distribution of privileged tokens', 'minimize-distribution-of-privileged-tokens'),
    k8sDocs('Service accounts: default service accounts', 'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'),
  ],
  run(ctx) {
    // A binding the API server refuses grants nothing (rbac-binding-missing-role reports it).
    if (bindingErrors(ctx.object).length > 0) return;
    const view = bindingView(ctx);
    const role = view.role;
    if (!view.ref || !role || role.rules.length === 0) return;
    const scope = ctx.object.kind === 'RoleBinding' ? 'namespace' : 'cluster';
    const where = scope === 'namespace' ? ` in namespace ${view.namespace}` : ' cluster-wide';
    let judged: { readonly dangerous: string; readonly severity: Severity | undefined } | undefined;
    const judge = () => {
      if (judged) return judged;
      const powers = powersOfRules(role.rules, scope, getSufficesForExec(ctx.settings.kubeVersion), hasConstrainedImpersonation(ctx.settings.kubeVersion));
      const dangerous = powers ? `, which grants ${powers.grants.slice(0, 2).join('; ')}${powers.grants.length > 2 ? '; and more' : ''}` : '';
      judged = { dangerous, severity: powers ? 'high' : undefined };
      return judged;
    };
    for (const subject of subjectsOf(ctx.object)) {
      const who = defaultAccounts(subject, view.namespace);
      if (!who || isDefaultSubject(ctx.object, subject)) continue;
      const { dangerous, severity } = judge();
      ctx.report({
        path: subject.path,
        message: `${describeObject(ctx.object)} grants ${describeRef(view.ref)}${where} to ${who}${dangerous}`,
        ...(severity ? { severity } : {}),
      });
    }
  },
});
