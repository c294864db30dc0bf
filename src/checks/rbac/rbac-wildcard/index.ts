import { cis } from '../../../core/references.js';
import type { K8sObject } from '../../../k8s/object.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { describeObject, ownRules } from '../shared/roles.js';
import { elementPath, type PolicyRule } from '../../../rbac/rules.js';

const values = (list: readonly string[]) => list.map((v) => (v === '' ? '"" (core)' : v)).join(', ');

/** A rule that names nothing to grant on is inert, whatever its verbs say. */
const grantsSomething = (rule: PolicyRule) => (rule.apiGroups.length > 0 && rule.resources.length > 0) || rule.nonResourceURLs.length > 0;

const hasStar = (list: readonly string[]) => list.includes('*');

/** Whether '*' resources reach roles or identities, where escalate, bind and impersonate apply. */
const coversRbacVerbs = (rule: PolicyRule) =>
  hasStar(rule.resources) && rule.apiGroups.some((g) => g === '*' || g === '' || g === 'rbac.authorization.k8s.io');

function meaning(rule: PolicyRule, list: 'verbs' | 'resources' | 'apiGroups'): string {
  const on = rule.resources.length > 0 ? `resources ${values(rule.resources)}` : `non-resource URLs ${values(rule.nonResourceURLs)}`;
  if (list === 'verbs') return `granting every verb${coversRbacVerbs(rule) ? ' (escalate, bind and impersonate included)' : ''} on ${on}`;
  if (list === 'apiGroups') return `matching every API group, custom ones included, for ${on}`;
  const core = rule.apiGroups.some((g) => g === '' || g === '*') ? ' (secrets and pods/exec included)' : '';
  return `granting every resource and subresource${core} of API groups ${values(rule.apiGroups)} to verbs ${values(rule.verbs)}`;
}

function message(role: K8sObject, rule: PolicyRule, list: 'verbs' | 'resources' | 'apiGroups'): string {
  const everything = hasStar(rule.verbs) && hasStar(rule.resources) && hasStar(rule.apiGroups) && rule.resourceNames.length === 0;
  const equals = role.kind === 'Role' ? 'full control of the namespace' : 'as powerful as cluster-admin';
  const suffix = everything ? `; with '*' verbs, resources and apiGroups the rule is ${equals}` : '';
  return `${describeObject(role)} rules[${rule.index}] has '*' in ${list}, ${meaning(rule, list)}${suffix}`;
}

export default defineCheck({
  id: 'rbac-wildcard',
  title: "Role grants access through a '*' wildcard",
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "A '*' in a rule's verbs, resources or apiGroups grants everything of that kind, including subresources such as pods/exec, dangerous verbs such as escalate and impersonate, and every resource or custom resource added to the cluster later.",
  remediation: "Replace each '*' with the explicit verbs, resources and API groups the subject needs.",
  references: [
    cis('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles'),
    NSA_AUTHZ,
    rbacGoodPractices('Least privilege', 'least-privilege'),
  ],
  run({ object, report }) {
    for (const rule of ownRules(object) ?? []) {
      if (!grantsSomething(rule)) continue;
      for (const list of ['verbs', 'resources', 'apiGroups'] as const) {
        rule[list].forEach((element, i) => {
          if (element !== '*') return;
          report({ path: elementPath(rule, list, i), message: message(object, rule, list) });
        });
      }
    }
  },
});
