import { k8sDocs, mitre } from '../../../core/references.js';
import { bindingErrors } from '../../../rbac/binding-validation.js';
import { isDashboardName } from '../../../k8s/kubernetes-dashboard.js';
import { roleRefOf } from '../../../rbac/model.js';
import { describePrincipal, principalOf, subjectsOf } from '../../../rbac/subjects.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ } from '../shared/references.js';

export default defineCheck({
  id: 'kubernetes-dashboard-role-shared',
  title: "Binding gives the Kubernetes Dashboard's role to another subject",
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-binding',
  admission: true,
  description:
    "The Kubernetes Dashboard's Role and ClusterRole (`kubernetes-dashboard`, and `kubernetes-dashboard-*` in its Helm chart) hold what the dashboard itself needs: its Secrets (the key that signs its CSRF tokens, its TLS certificate, the JWE key holder), its settings, the proxy to its metrics scraper, the metrics API. A user, group or other ServiceAccount bound to one of them can read and replace those Secrets, forge the dashboard's tokens or serve its certificate, and shows up in audit logs with the dashboard's rights. Only the dashboard's own ServiceAccounts should be bound to them. Each subject that is not one of them is reported, at its entry in the binding's subjects.",
  remediation: "Give the subject a role of its own with the rights it needs, and keep the dashboard's roles bound to the dashboard's ServiceAccounts (`kubernetes-dashboard`, `kubernetes-dashboard-*`) only.",
  references: [
    NSA_AUTHZ,
    mitre('T1078', 'Valid Accounts'),
    k8sDocs('Deploy and Access the Kubernetes Dashboard', 'https://kubernetes.io/docs/tasks/access-application-cluster/web-ui-dashboard/'),
  ],
  run({ object, index, report }) {
    // A binding the API server refuses grants nothing (rbac-binding-missing-role reports it).
    if (bindingErrors(object).length > 0) return;
    const ref = roleRefOf(object);
    if (!ref || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') || !isDashboardName(ref.name)) return;
    const bindingNamespace = object.kind === 'RoleBinding' ? index.namespaceOf(object) : '';
    for (const subject of subjectsOf(object)) {
      if (subject.kind === 'ServiceAccount' && isDashboardName(subject.name)) continue;
      const principal = principalOf(subject, bindingNamespace);
      const who = principal ? describePrincipal(principal) : `${subject.kind || 'a subject without a kind'} ${subject.name}`.trim();
      report({
        path: subject.path,
        message: `${object.kind} "${object.name}" gives ${ref.kind} "${ref.name}", the Kubernetes Dashboard's, to ${who}, which is not one of the dashboard's ServiceAccounts`,
      });
    }
  },
});
