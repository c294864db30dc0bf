import { k8sDocs, mitre } from '../../../core/references.js';
import { bindingErrors, describeFieldError } from '../../../rbac/binding-validation.js';
import { isBootstrapRole } from '../../../rbac/bootstrap.js';
import { bootstrapBindingNamed } from '../../../rbac/model.js';
import { describePrincipal, principalOf, subjectsOf } from '../../../rbac/subjects.js';
import { defineCheck } from '../../api.js';
import { bindingView, describeRef } from '../shared/bindings.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { describeObject } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-binding-missing-role',
  title: 'Binding refers to a role that does not exist, or the API server refuses it',
  severity: 'low',
  category: 'rbac',
  target: 'rbac-binding',
  description:
    "A binding to a Role or ClusterRole that is neither in the input nor one of Kubernetes' default roles grants nothing today, but whoever later creates a role of that name (anyone who can create Roles in the namespace, for a Role) hands its rules to every subject of the binding at once. Leftover bindings also hide what access was meant. Scan the whole cluster (or every manifest of it) so that roles defined elsewhere are found. A binding the API server refuses is reported too: one invalid subject (no name, a kind other than User, Group and ServiceAccount, a User or Group whose apiGroup is not rbac.authorization.k8s.io, a ServiceAccount with an apiGroup, an invalid name or, in a ClusterRoleBinding, no namespace) or an invalid roleRef (an apiGroup other than rbac.authorization.k8s.io, a kind other than Role or ClusterRole, or ClusterRole in a ClusterRoleBinding, a name that is missing or not a valid path segment), or a binding name that is not a valid path segment (`.`, `..`, or one with `/` or `%`), makes the apply fail, so the binding grants nothing to any of its subjects, the valid ones included; the other binding rules leave such a binding alone. A role the API server refuses (a name that is not a valid path segment, a rule without verbs, a resource rule without apiGroups or resources, a rule for both resources and non-resource URLs, non-resource URLs in a Role, an aggregationRule without selectors or with an invalid label selector) never exists either: a binding to it is reported with the reason, and the role rules leave such a role alone.",
  remediation: 'Delete the binding, or create the role it means with the rules its subjects need; for a refused binding or role, fix the field the finding names (`kubectl apply --dry-run=server` confirms it).',
  references: [
    NSA_AUTHZ,
    mitre('T1098', 'Account Manipulation'),
    rbacGoodPractices('Periodic review', 'periodic-review'),
    k8sDocs('RBAC: RoleBinding and ClusterRoleBinding', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding'),
  ],
  run(ctx) {
    const refused = bindingErrors(ctx.object);
    const [first] = refused;
    if (first) {
      ctx.report({
        path: first.path,
        message: `${describeObject(ctx.object)} is refused by the API server (${refused.map(describeFieldError).join('; ')}), so it grants nothing to any of its subjects`,
      });
      return;
    }
    // The API server's own binding: a roleRef other than its own is reset when the API server
    // reconciles it, unless autoupdate is turned off. A system: name alone is no such binding.
    if (bootstrapBindingNamed(ctx.object) && ctx.object.annotations['rbac.authorization.kubernetes.io/autoupdate'] !== 'false') return;
    const view = bindingView(ctx);
    const ref = view.ref;
    // A ClusterRoleBinding to a Role, or a roleRef of another kind, is refused by the API server.
    if (!ref || view.role || (ref.kind !== 'ClusterRole' && !(ref.kind === 'Role' && view.namespace !== ''))) return;
    const kind = ref.kind === 'Role' ? 'Role' : 'ClusterRole';
    if (isBootstrapRole(kind, kind === 'Role' ? view.namespace : '', ref.name)) return;
    const who = subjectsOf(ctx.object).flatMap((s) => {
      const p = principalOf(s, view.namespace);
      return p ? [describePrincipal(p)] : [];
    });
    const where = kind === 'Role' ? ` in namespace ${view.namespace}` : '';
    const to = who.length > 0 ? ` to ${who.slice(0, 3).join(', ')}${who.length > 3 ? ` and ${who.length - 3} more` : ''}` : '';
    // The input holds the role, but the API server refuses it: say why.
    const refusedRole = view.model.rejectedRole(ref, view.namespace);
    if (refusedRole) {
      ctx.report({
        path: ['roleRef', 'name'],
        message: `${describeObject(ctx.object)} refers to ${describeRef(ref)}${where}, which the API server refuses (${refusedRole.errors.map(describeFieldError).join('; ')}), so it grants nothing; fixing the role grants its rules${to}`,
      });
      return;
    }
    ctx.report({
      path: ['roleRef', 'name'],
      message: `${describeObject(ctx.object)} refers to ${describeRef(ref)}, which is not in the input nor a Kubernetes default role: whoever creates ${describeRef(ref)}${where} grants its rules${to}`,
    });
  },
});
