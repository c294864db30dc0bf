import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { CSR_APPROVE, powerGrants, SIGNER_APPROVE_CLIENT } from '../shared/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants, scopeOfRole } from '../shared/roles.js';
import type { PolicyRule } from '../shared/rules.js';

export default defineCheck({
  id: 'rbac-approve-csr',
  title: 'Role allows approving certificate signing requests',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "Updating certificatesigningrequests/approval approves CSRs. Together with approve on the signer (signers kubernetes.io/kube-apiserver-client, or every kubernetes.io signer), the holder can get a client certificate for any user or group, system:masters included: cluster-admin that cannot be revoked until the certificate expires. That combination is reported as critical.",
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
    const signsClientCerts = (rules: readonly PolicyRule[]) => powerGrants(rules, SIGNER_APPROVE_CLIENT, scopeOfRole(ctx.object)).length > 0;
    reportRoleGrants(ctx, CSR_APPROVE, {
      note: (_grant, rules) =>
        signsClientCerts(rules) ? 'with approve on the kubernetes.io/kube-apiserver-client signer it can issue a certificate for system:masters' : undefined,
      severity: (_grant, rules) => (signsClientCerts(rules) ? 'critical' : undefined),
    });
  },
});
