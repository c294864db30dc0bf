import { k8sDocs, mitre } from '../../../core/references.js';
import { isBootstrapRole } from '../../../rbac/bootstrap.js';
import { bootstrapBindingNamed } from '../../../rbac/model.js';
import { describePrincipal, principalOf, subjectsOf } from '../../../rbac/subjects.js';
import { defineCheck } from '../../api.js';
import { bindingView, describeRef } from '../shared/bindings.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { describeObject } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-binding-missing-role',
  title: 'Binding refers to a role that does not exist',
  severity: 'low',
  category: 'rbac',
  target: 'rbac-binding',
  description:
    "A binding to a Role or ClusterRole that is neither in the input nor one of Kubernetes' default roles grants nothing today, but whoever later creates a role of that name (anyone who can create Roles in the namespace, for a Role) hands its rules to every subject of the binding at once. Leftover bindings also hide what access was meant. Scan the whole cluster (or every manifest of it) so that roles defined elsewhere are found.",
  remediation: 'Delete the binding, or create the role it means with the rules its subjects need.',
  references: [
    NSA_AUTHZ,
    mitre('T1098', 'Account Manipulation'),
    rbacGoodPractices('Periodic review', 'periodic-review'),
    k8sDocs('RBAC: RoleBinding and ClusterRoleBinding', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding'),
  ],
  run(ctx) {
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
    ctx.report({
      path: ['roleRef', 'name'],
      message: `${describeObject(ctx.object)} refers to ${describeRef(ref)}, which is not in the input nor a Kubernetes default role: whoever creates ${describeRef(ref)}${where} grants its rules${to}`,
    });
  },
});
