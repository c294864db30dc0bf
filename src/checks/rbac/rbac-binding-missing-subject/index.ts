import { k8sDocs, mitre } from '../../../core/references.js';
import { bindingErrors } from '../../../rbac/binding-validation.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { serviceAccountOfSubject, subjectsOf } from '../../../rbac/subjects.js';
import { defineCheck } from '../../api.js';
import { bindingView, describeRef } from '../shared/bindings.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { describeObject } from '../shared/roles.js';
import { isDefaultSubject } from '../../../rbac/model.js';

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
    "A binding to a ServiceAccount that does not exist waits for it: anyone who can create ServiceAccounts in that namespace creates one with that name and receives the role. It is reported only when the input describes the namespace (it holds the Namespace or some of its ServiceAccounts), so that accounts defined elsewhere are not mistaken for missing ones; the default ServiceAccount, which every namespace gets, is never missing. A User subject named with a ServiceAccount's username (system:serviceaccount:NAMESPACE:NAME) is that ServiceAccount, since its token authenticates as that user, and is judged the same way. Subjects the API server gives its own bootstrap bindings are left out; subjects added to them are not.",
  remediation: 'Remove the subject from the binding, or create the ServiceAccount it means.',
  references: [
    NSA_AUTHZ,
    mitre('T1098', 'Account Manipulation'),
    rbacGoodPractices('Periodic review', 'periodic-review'),
    k8sDocs('Service accounts', 'https://kubernetes.io/docs/concepts/security/service-accounts/'),
  ],
  run(ctx) {
    // A binding the API server refuses grants nothing (rbac-binding-missing-role reports it).
    if (bindingErrors(ctx.object).length > 0) return;
    const view = bindingView(ctx);
    const role = view.ref ? describeRef(view.ref) : 'its role';
    for (const subject of subjectsOf(ctx.object)) {
      // A User subject named system:serviceaccount:NS:NAME is that ServiceAccount: its token authenticates as that user.
      const account = serviceAccountOfSubject(subject, view.namespace);
      if (!account || account.name === 'default' || isDefaultSubject(ctx.object, subject)) continue;
      const { namespace, name } = account;
      if (!knowsNamespace(ctx.index, namespace) || ctx.index.find('service-account', namespace, name)) continue;
      const who = account.viaUsername ? `User ${subject.name} (the username of ServiceAccount ${namespace}/${name})` : `ServiceAccount ${namespace}/${name}`;
      ctx.report({
        path: subject.path,
        message: `${describeObject(ctx.object)} grants ${role} to ${who}, which is not in the input: whoever can create ServiceAccounts in namespace ${namespace} can create it and receive the role`,
      });
    }
  },
});
