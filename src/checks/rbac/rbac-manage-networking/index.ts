import { cve, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { NETWORKING_WRITE } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-manage-networking',
  title: 'Role allows changing network policies or where Service traffic goes',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "Writing NetworkPolicies (or AdminNetworkPolicies, or Calico and Cilium policies) removes the isolation between workloads. Writing Endpoints or EndpointSlices, or a Service's status, redirects a Service's traffic (or a load balancer IP's) to a pod of the holder's choosing, a man-in-the-middle position (CVE-2020-8554, CVE-2021-25740).",
  remediation:
    'Grant write access to network policies only to the platform team or its controllers; leave Endpoints and EndpointSlices to the endpoint controllers and Service status to the load balancer controller.',
  references: [
    NSA_AUTHZ,
    mitre('T1557', 'Adversary-in-the-Middle'),
    cve('CVE-2020-8554'),
    cve('CVE-2021-25740'),
    k8sDocs('Network policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, NETWORKING_WRITE);
  },
});
