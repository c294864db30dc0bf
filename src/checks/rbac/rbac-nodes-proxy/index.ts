import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { NODES_PROXY } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-nodes-proxy',
  title: 'Role allows access to the kubelet API through nodes/proxy',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "nodes/proxy reaches the kubelet API of the nodes in scope, through the API server or directly. The kubelet authorizes its endpoints as nodes/proxy, so even get is enough to read every pod's logs and, over WebSockets, to run commands in any container on the node, bypassing pods/exec permissions and admission control; resourceNames only narrow it to some nodes.",
  remediation:
    'Remove nodes/proxy; monitoring agents need nodes/metrics and nodes/stats instead (and, from Kubernetes 1.33 with KubeletFineGrainedAuthz, nodes/pods and nodes/healthz).',
  references: [
    cis('5.1.10', 'Minimize access to the proxy sub-resource of nodes'),
    NSA_AUTHZ,
    mitre('T1609', 'Container Administration Command'),
    rbacGoodPractices('Access to proxy subresource of Nodes', 'access-to-proxy-subresource-of-nodes'),
    k8sDocs('Kubelet authorization', 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, NODES_PROXY);
  },
});
