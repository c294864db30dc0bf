import { k8sDocs } from '../../../core/references.js';
import { describeFieldError } from '../../../rbac/binding-validation.js';
import { roleErrors } from '../../../rbac/role-validation.js';
import { defineCheck } from '../../api.js';
import { kubernetesSchema, SCHEMA_KUBERNETES_VERSION } from './schema-data.js';
import { SchemaValidator } from './validate.js';

const validator = new SchemaValidator();
const RBAC_ROLES = new Set(['Role', 'ClusterRole']);

export default defineCheck({
  id: 'schema-validation',
  title: 'Object does not match the Kubernetes API schema',
  severity: 'medium',
  category: 'hygiene',
  target: 'any',
  admission: true,
  description:
    `Built-in objects are checked against the Kubernetes ${SCHEMA_KUBERNETES_VERSION} API schema. A field of the wrong type or a missing required field makes the API server reject the object, so the deploy fails. A misspelled field is worse: unless the client asks for strict validation, Kubernetes drops it without a word, and a misspelled securityContext silently removes every setting inside it. Roles and ClusterRoles are also checked against the rules the API server validates beyond the schema (a name that is not a valid path segment, such as one with \`/\` or \`%\`, a rule without verbs, a resource rule without apiGroups or resources, a rule for both resources and non-resource URLs, non-resource URLs in a Role, an aggregationRule without selectors or with an invalid label selector): such a role is refused, and grants nothing.`,
  remediation:
    'Fix the field named in the finding: correct the spelling of unknown fields, quote values that must be strings (and unquote numbers and booleans), and add the required field. `kubectl apply --dry-run=server --validate=strict` confirms the fix.',
  references: [
    k8sDocs('Kubernetes API reference', 'https://kubernetes.io/docs/reference/kubernetes-api/'),
    k8sDocs('Field validation (kubectl --validate)', 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation'),
  ],
  run({ object, report }) {
    // Custom resources and API versions this Kubernetes release does not serve are not in the schema.
    const definition = kubernetesSchema().kinds.get(object.apiVersion)?.get(object.kind);
    if (!definition) return;
    let matches = true;
    validator.validate(object.body, definition, (issue) => {
      matches = false;
      report(issue);
    });
    // A role that fits the schema can still break the rules the API server validates
    // (ValidateRole, ValidateClusterRole): then it is refused as well, and grants nothing.
    if (matches && RBAC_ROLES.has(object.kind) && object.apiVersion === 'rbac.authorization.k8s.io/v1') {
      for (const error of roleErrors(object)) report({ path: error.path, message: `${describeFieldError(error)}; the API server rejects the ${object.kind}, which then grants nothing` });
    }
  },
});
