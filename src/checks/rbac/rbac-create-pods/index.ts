import { cis, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { CREATE_PODS } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-create-pods',
  title: 'Role allows creating pods or changing pod templates',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "Creating a pod, or creating or updating a controller that creates pods (Deployment, ReplicaSet, StatefulSet, DaemonSet, CronJob, ReplicationController, Argo Rollout, OpenShift DeploymentConfig; a Job by creating it, as its pod template cannot change afterwards), runs any image as any ServiceAccount of the namespace with that account's token mounted, and mounts any Secret or ConfigMap of the namespace. Updating or patching a pod replaces the images of a running pod, which then run with the token it mounts. Without a restrictive Pod Security admission level it also reaches the node (privileged pods, hostPath).",
  remediation:
    'Grant create on pods and write access to workload controllers only to deployment tooling; enforce a Pod Security Standard on the namespace and keep powerful ServiceAccounts out of namespaces where others can create pods.',
  references: [
    cis('5.1.4', 'Minimize access to create pods'),
    NSA_AUTHZ,
    mitre('T1610', 'Deploy Container'),
    rbacGoodPractices('Workload creation', 'workload-creation'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, CREATE_PODS);
  },
});
