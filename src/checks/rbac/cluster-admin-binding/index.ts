import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { bindingErrors } from '../../../rbac/binding-validation.js';
import { defineCheck } from '../../api.js';
import { roleRefOf } from '../../../rbac/model.js';
import { type Subject, subjectsOf } from '../../../rbac/subjects.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { describeObject, isBootstrapPolicy } from '../shared/roles.js';

/** `ServiceAccount monitoring/prometheus`, `Group system:authenticated`. */
function describeSubject(subject: Subject): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
  return `${subject.kind} ${subject.name}`;
}

export default defineCheck({
  id: 'cluster-admin-binding',
  title: 'Binding grants the cluster-admin ClusterRole',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-binding',
  admission: true,
  description:
    'cluster-admin allows every action on every resource. Whoever holds it, or steals the token of a ServiceAccount bound to it, controls the whole cluster (or, through a RoleBinding, everything in the namespace, including its Secrets and its RBAC).',
  remediation: 'Bind a role that grants only the verbs and resources the subjects need, and keep cluster-admin for break-glass access.',
  references: [
    cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
    NSA_AUTHZ,
    mitre('T1098.006', 'Additional Container Cluster Roles'),
    k8sDocs('User-facing roles', 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles'),
  ],
  run({ object, index, report }) {
    // A binding the API server refuses grants nothing (rbac-binding-missing-role reports it).
    if (bindingErrors(object).length > 0) return;
    const ref = roleRefOf(object);
    if (ref?.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') return;
    const bootstrap = isBootstrapPolicy(object);
    // The API server keeps subjects added to its bootstrap binding; only its own system:masters is expected.
    const subjects = subjectsOf(object).filter((s) => !(bootstrap && s.kind === 'Group' && s.name === 'system:masters'));
    const [first] = subjects;
    if (bootstrap && !first) return;
    const to = subjects.length > 0 ? subjects.map(describeSubject).join(', ') : 'no subjects yet';
    const where = object.kind === 'RoleBinding' ? ` in namespace ${index.namespaceOf(object)}` : ' cluster-wide';
    report({
      path: bootstrap && first ? first.path : ['roleRef', 'name'],
      message: `${describeObject(object)} grants cluster-admin${where} to ${to}`,
    });
  },
});
