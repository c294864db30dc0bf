import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { bindingErrors } from '../../../rbac/binding-validation.js';
import { defineCheck } from '../../api.js';
import { isDefaultSubject, roleRefOf } from '../../../rbac/model.js';
import { type Subject, subjectsOf } from '../../../rbac/subjects.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { describeObject } from '../shared/roles.js';

/** Who a system identity stands for, keyed by `kind/name`. */
const SYSTEM_IDENTITIES: Readonly<Record<string, string>> = {
  'User/system:anonymous': 'every request without credentials',
  'Group/system:anonymous': 'meant as every request without credentials',
  'Group/system:unauthenticated': 'every request without credentials',
  'Group/system:authenticated': 'every authenticated identity, including every ServiceAccount of every namespace',
  'Group/system:masters': 'a group that bypasses RBAC entirely; certificates naming it cannot be revoked',
};

const whoIs = (subject: Subject) => SYSTEM_IDENTITIES[`${subject.kind}/${subject.name}`];

export default defineCheck({
  id: 'binding-to-system-group',
  title: 'Binding grants a role to anonymous, all authenticated users or system:masters',
  severity: 'critical',
  category: 'rbac',
  target: 'rbac-binding',
  admission: true,
  description:
    "Binding a role to system:anonymous or system:unauthenticated gives its permissions to anyone who can reach the API server; system:authenticated gives them to every user and every ServiceAccount token, so one compromised pod anywhere is enough. system:masters needs no binding at all (its members bypass RBAC), and using it in bindings suggests credentials are being issued for it.",
  remediation:
    "Bind the role to the specific users, groups or ServiceAccounts that need it. Leave the API server's own bootstrap bindings (system:public-info-viewer, system:discovery, system:basic-user) as they are.",
  references: [
    cis('5.1.7', 'Avoid use of system:masters group'),
    NSA_AUTHZ,
    mitre('T1078', 'Valid Accounts'),
    k8sDocs('Anonymous requests', 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests'),
  ],
  run({ object, report }) {
    // A binding the API server refuses grants nothing (rbac-binding-missing-role reports it).
    if (bindingErrors(object).length > 0) return;
    const ref = roleRefOf(object);
    const role = ref ? `${ref.kind} "${ref.name}"` : 'its role';
    for (const subject of subjectsOf(object)) {
      // The API server's own bindings for discovery and public info name these groups on purpose;
      // a subject added to them is not the API server's.
      if (isDefaultSubject(object, subject)) continue;
      const who = whoIs(subject);
      if (who) report({ path: subject.path, message: `${describeObject(object)} grants ${role} to ${subject.kind} ${subject.name} (${who})` });
    }
  },
});
