import { mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { WORKLOADS_DELETE } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-delete-workloads',
  title: 'Role allows deleting workloads, Services or Secrets',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  enabledByDefault: false,
  admission: true,
  description:
    "Delete and deletecollection on pods, Secrets, Services, Deployments, ReplicaSets, DaemonSets, StatefulSets, Jobs or CronJobs let whoever holds the role take an application down, or destroy the credentials and configuration it runs with, in one request (deletecollection removes every object of that resource in the namespace at once): the data-destruction and denial-of-service techniques of MITRE ATT&CK, and what Kubescape's control C-0007 reports. Controllers and CI deployers often need some of these rights; the check is off by default so that a team turns it on to review who holds them. Grants through '*' are read as the API server reads them; a rule limited by resourceNames to particular objects is not reported.",
  remediation:
    'Grant delete only to the controllers and deployers that must remove these objects, on the resources and in the namespaces they manage (a RoleBinding rather than a ClusterRoleBinding), and avoid deletecollection and \'*\' verbs; people get read access and change workloads through the deployment pipeline.',
  references: [
    NSA_AUTHZ,
    mitre('T1485', 'Data Destruction'),
    mitre('T1499', 'Endpoint Denial of Service'),
    rbacGoodPractices('Least privilege', 'least-privilege'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, WORKLOADS_DELETE, {
      note: (grant) =>
        grant.verbs.includes('deletecollection')
          ? 'whoever holds it can remove all of them in a namespace with one request'
          : 'whoever holds it can take applications down, or destroy what they run with',
    });
  },
});
