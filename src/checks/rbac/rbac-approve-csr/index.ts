import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { CSR_APPROVE, CSR_CREATE, powerGrants, SIGNER_APPROVE_CLIENT } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants, scopeOfRole } from '../shared/roles.js';
import type { PolicyRule } from '../../../rbac/rules.js';

export default defineCheck({
  id: 'rbac-approve-csr',
  title: 'Role allows approving certificate signing requests',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "Updating certificatesigningrequests/approval approves CSRs. Together with approve on the signer (signers kubernetes.io/kube-apiserver-client, or every kubernetes.io signer), the holder can get a client certificate for any user or group, system:masters included: cluster-admin that cannot be revoked until the certificate expires. That combination is reported as critical, and the message says when the role can also create the request itself.",
  remediation:
    'Leave CSR approval to the controller manager and trusted approvers; grant approve on signers only for specific signer names that cannot issue API client certificates.',
  references: [
    cis('5.1.11', 'Minimize access to the approval sub-resource of certificatesigningrequests objects'),
    NSA_AUTHZ,
    mitre('T1649', 'Steal or Forge Authentication Certificates'),
    rbacGoodPractices('CSRs and certificate issuing', 'csrs-and-certificate-issuing'),
    k8sDocs('Certificate signing requests: authorization', 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization'),
  ],
  run(ctx) {
    const scope = scopeOfRole(ctx.object);
    const signsClientCerts = (rules: readonly PolicyRule[]) => powerGrants(rules, SIGNER_APPROVE_CLIENT, scope).length > 0;
    const createsRequests = (rules: readonly PolicyRule[]) => powerGrants(rules, CSR_CREATE, scope).length > 0;
    reportRoleGrants(ctx, CSR_APPROVE, {
      note: (_grant, rules) => {
        if (!signsClientCerts(rules)) return undefined;
        const own = createsRequests(rules) ? ', and it can create that request itself' : '';
        return `with approve on the kubernetes.io/kube-apiserver-client signer it can issue a certificate for system:masters${own}`;
      },
      severity: (_grant, rules) => (signsClientCerts(rules) ? 'critical' : undefined),
    });
  },
});
