import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { getSufficesForExec, podExecPower } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-pod-exec',
  title: 'Role allows running commands in existing pods',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "create on pods/exec or pods/attach (and update on pods/ephemeralcontainers, which kubectl debug uses) runs commands inside any pod in scope, with that pod's ServiceAccount token, mounted Secrets and network position. Until Kubernetes 1.35, exec and attach over WebSockets were authorized with get alone; 1.35 requires create for them too (feature gate AuthorizePodWebsocketUpgradeCreatePermission, on by default), so get is reported unless --kube-version is 1.35 or later.",
  remediation:
    'Remove pods/exec, pods/attach and pods/ephemeralcontainers from the role, or grant them only in a dedicated debugging role bound for a limited time.',
  references: [
    NSA_AUTHZ,
    mitre('T1609', 'Container Administration Command'),
    k8sDocs('kubernetes/kubernetes#134577: exec, attach and portforward over WebSockets require create', 'https://github.com/kubernetes/kubernetes/pull/134577'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, podExecPower(getSufficesForExec(ctx.settings.kubeVersion)), {
      note: (grant) =>
        grant.verbs.every((v) => v === 'get') ? 'get alone is enough to exec over WebSockets on API servers before Kubernetes 1.35' : undefined,
    });
  },
});
