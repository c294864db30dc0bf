import { k8sDocs, mitre } from '../../../core/references.js';
import { API_EXTENSIONS_WRITE } from '../../../rbac/risks/powers.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-api-extensions',
  title: 'Role allows changing CustomResourceDefinitions or APIServices',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "An APIService sends every request for an API group and version, with the caller's identity, to a Service the holder chooses, which can answer anything (or simply read what clients send). Writing a CustomResourceDefinition sets its schema and conversion webhook (which receives every object of the kind), and deleting one deletes every object of that kind, such as all the policies of Kyverno or Gatekeeper. Write access limited with resourceNames to specific definitions is not reported.",
  remediation:
    'Grant write access to CustomResourceDefinitions and APIServices only to whatever installs the platform, and to controllers that patch their own definitions (CA bundles) limited with resourceNames.',
  references: [
    NSA_AUTHZ,
    mitre('T1557', 'Adversary-in-the-Middle'),
    mitre('T1562.001', 'Impair Defenses: Disable or Modify Tools'),
    k8sDocs('Kubernetes API aggregation layer', 'https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/apiserver-aggregation/'),
    k8sDocs('CustomResourceDefinition webhook conversion', 'https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definition-versioning/#webhook-conversion'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, API_EXTENSIONS_WRITE);
  },
});
