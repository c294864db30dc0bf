import { k8sDocs } from '../../../core/references.js';
import { CONFIGMAPS_WRITE } from '../../../rbac/risks/powers.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-modify-configmaps',
  title: 'Role allows changing ConfigMaps',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  enabledByDefault: false,
  description:
    "ConfigMaps hold what workloads run with: application settings, feature flags, scripts that containers execute, proxy and DNS configuration (CoreDNS's Corefile), and in kube-system the settings of cluster components (kube-proxy, aws-auth on EKS). Whoever can create, update, patch or delete them can redirect traffic, switch off security features or run their own code in the workloads that read them, at the next restart or reload. Deployment pipelines and operators need this in their own namespaces, so the check is off by default; rbac-modify-aws-auth reports the grants that reach the EKS aws-auth ConfigMap.",
  remediation:
    'Grant write access to ConfigMaps only to the deployment pipeline and the controllers that own them, in their own namespaces; limit update, patch and delete to the ConfigMaps a controller owns with resourceNames.',
  references: [
    NSA_AUTHZ,
    rbacGoodPractices('Least privilege', 'least-privilege'),
    k8sDocs('ConfigMaps', 'https://kubernetes.io/docs/concepts/configuration/configmap/'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, CONFIGMAPS_WRITE);
  },
});
