import { k8sDocs, mitre } from '../../../core/references.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { principalOf, subjectsOf } from '../../../rbac/subjects.js';
import { defineCheck } from '../../api.js';
import { bindingView, describeRef } from '../shared/bindings.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { describeObject, isBootstrapPolicy } from '../shared/roles.js';

/** The input describes the namespace's ServiceAccounts: it holds the Namespace or one of its ServiceAccounts. */
function knowsNamespace(index: ObjectIndex, namespace: string): boolean {
  return index.find('namespace', '', namespace) !== undefined || index.ofGroupInNamespace('service-account', namespace).length > 0;
}

export default defineCheck({
  id: 'rbac-binding-missing-subject',
  title: 'Binding grants a role to a ServiceAccount that does not exist',
  severity: 'low',
  category: 'rbac',
  target: 'rbac-binding',
  description:
    "A binding to a ServiceAccount that does not exist waits for it: anyone who can create ServiceAccounts in that namespace creates one with that name and receives the role. It is reported only when the input describes the namespace (it holds the Namespace or some of its ServiceAccounts), so that accounts defined elsewhere are not mistaken for missing ones; the default ServiceAccount, which every namespace gets, is never missing.",
  remediation: 'Remove the subject from the binding, or create the ServiceAccount it means.',
  references: [
    NSA_AUTHZ,
    mitre('T1098', 'Account Manipulation'),
    rbacGoodPractices('Periodic review', 'periodic-review'),
    k8sDocs('Service accounts', 'https://kubernetes.io/docs/concepts/security/service-accounts/'),
  ],
  run(ctx) {
    if (isBootstrapPolicy(ctx.object)) return;
    const view = bindingView(ctx);
    const role = view.ref ? describeRef(view.ref) : 'its role';
    for (const subject of subjectsOf(ctx.object)) {
      const p = principalOf(subject, view.namespace);
      if (p?.kind !== 'ServiceAccount' || p.name === 'default') continue;
      const namespace = p.namespace ?? '';
      if (!knowsNamespace(ctx.index, namespace) || ctx.index.find('service-account', namespace, p.name)) continue;
      ctx.report({
        path: subject.path,
        message: `${describeObject(ctx.object)} grants ${role} to ServiceAccount ${namespace}/${p.name}, which is not in the input: whoever can create ServiceAccounts in namespace ${namespace} can create it and receive the role`,
      });
    }
  },
});
