import type { Check } from '../api.js';
import bindingToSystemGroup from './binding-to-system-group/index.js';
import clusterAdminBinding from './cluster-admin-binding/index.js';
import kubernetesDashboardRoleShared from './kubernetes-dashboard-role-shared/index.js';
import kubernetesDashboardServiceAccountShared from './kubernetes-dashboard-service-account-shared/index.js';
import rbacAggregationLabelInjection from './rbac-aggregation-label-injection/index.js';
import rbacApiExtensions from './rbac-api-extensions/index.js';
import rbacApproveCsr from './rbac-approve-csr/index.js';
import rbacBind from './rbac-bind/index.js';
import rbacBindingMissingRole from './rbac-binding-missing-role/index.js';
import rbacBindingMissingSubject from './rbac-binding-missing-subject/index.js';
import rbacCreatePersistentVolumes from './rbac-create-persistent-volumes/index.js';
import rbacCreatePods from './rbac-create-pods/index.js';
import rbacCreateServiceAccountToken from './rbac-create-service-account-token/index.js';
import rbacDefaultServiceAccountPermissions from './rbac-default-service-account-permissions/index.js';
import rbacDeleteEvents from './rbac-delete-events/index.js';
import rbacDeleteWorkloads from './rbac-delete-workloads/index.js';
import rbacEscalate from './rbac-escalate/index.js';
import rbacEscalationPath from './rbac-escalation-path/index.js';
import rbacImpersonate from './rbac-impersonate/index.js';
import rbacManageNetworking from './rbac-manage-networking/index.js';
import rbacModifyNamespaces from './rbac-modify-namespaces/index.js';
import rbacModifyAwsAuth from './rbac-modify-aws-auth/index.js';
import rbacModifyConfigmaps from './rbac-modify-configmaps/index.js';
import rbacModifyNodes from './rbac-modify-nodes/index.js';
import rbacModifyRbac from './rbac-modify-rbac/index.js';
import rbacNodesProxy from './rbac-nodes-proxy/index.js';
import rbacPodExec from './rbac-pod-exec/index.js';
import rbacPodPortforward from './rbac-pod-portforward/index.js';
import rbacReadSecrets from './rbac-read-secrets/index.js';
import rbacWebhookConfigurations from './rbac-webhook-configurations/index.js';
import rbacWildcard from './rbac-wildcard/index.js';
import workloadPowerfulServiceAccount from './workload-powerful-service-account/index.js';

export const rbacChecks: readonly Check[] = [
  rbacWildcard,
  clusterAdminBinding,
  rbacPodExec,
  rbacPodPortforward,
  rbacReadSecrets,
  rbacCreatePods,
  rbacEscalate,
  rbacBind,
  rbacImpersonate,
  bindingToSystemGroup,
  rbacNodesProxy,
  rbacWebhookConfigurations,
  rbacApproveCsr,
  rbacCreatePersistentVolumes,
  rbacCreateServiceAccountToken,
  rbacDeleteEvents,
  rbacDeleteWorkloads,
  rbacManageNetworking,
  rbacApiExtensions,
  rbacModifyNodes,
  rbacModifyNamespaces,
  rbacModifyRbac,
  rbacModifyAwsAuth,
  rbacModifyConfigmaps,
  rbacAggregationLabelInjection,
  rbacDefaultServiceAccountPermissions,
  rbacBindingMissingRole,
  rbacBindingMissingSubject,
  rbacEscalationPath,
  workloadPowerfulServiceAccount,
  kubernetesDashboardRoleShared,
  kubernetesDashboardServiceAccountShared,
];
