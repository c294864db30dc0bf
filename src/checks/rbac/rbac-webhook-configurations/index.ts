import { cis, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { ADMISSION_CONFIG_WRITE } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-webhook-configurations',
  title: 'Role allows changing admission webhooks or admission policies',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "Writing admission webhook configurations or admission policies (and their bindings) controls what the API server accepts: a holder can delete the policies that enforce security, or register a mutating webhook that sees every object written, Secrets included, and rewrites pods to run their own code. Write access limited with resourceNames to a controller's own configuration is not reported.",
  remediation:
    'Grant write access to admission configurations only to the controller that owns them, limited with resourceNames to its own objects where it only patches its CA bundle.',
  references: [
    cis('5.1.12', 'Minimize access to webhook configuration objects'),
    NSA_AUTHZ,
    mitre('T1562.001', 'Impair Defenses: Disable or Modify Tools'),
    rbacGoodPractices('Control admission webhooks', 'control-admission-webhooks'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, ADMISSION_CONFIG_WRITE);
  },
});
