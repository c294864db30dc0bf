import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { getSufficesForExec, podPortForwardPower } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-pod-portforward',
  title: 'Role allows port-forwarding into pods',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "create on pods/portforward opens a tunnel from the holder's machine to any port of any pod in scope, through the API server: NetworkPolicies and Service exposure do not apply, so admin ports, databases and debug endpoints bound inside pods become reachable. As for exec, WebSocket port-forwarding was authorized with get alone until Kubernetes 1.35, so get is reported unless --kube-version is 1.35 or later.",
  remediation: 'Remove pods/portforward from the role, or grant it only in a dedicated debugging role bound for a limited time.',
  references: [
    NSA_AUTHZ,
    mitre('T1090', 'Proxy'),
    k8sDocs('kubernetes/kubernetes#134577: exec, attach and portforward over WebSockets require create', 'https://github.com/kubernetes/kubernetes/pull/134577'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, podPortForwardPower(getSufficesForExec(ctx.settings.kubeVersion)), {
      note: (grant) =>
        grant.verbs.every((v) => v === 'get') ? 'get alone is enough to port-forward over WebSockets on API servers before Kubernetes 1.35' : undefined,
    });
  },
});
