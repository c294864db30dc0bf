import { cis, k8sDocs } from '../../../core/references.js';
import type { K8sObject } from '../../../k8s/object.js';
import { isStaticPod } from '../../../k8s/static-pods.js';
import { defineCheck } from '../../api.js';

/** Objects that belong in kube-system by Kubernetes' own design. */
function belongsInKubeSystem(object: K8sObject): boolean {
  // The static Pods of the control plane (their mirrors, or as kubeadm labels them).
  if (isStaticPod(object)) return true;
  // Roles and RoleBindings in kube-system grant access to kube-system itself (leader election,
  // monitoring, the extension-apiserver-authentication ConfigMap aggregated API servers read): they
  // cannot live anywhere else, and the RBAC rules judge what they grant.
  if (object.group === 'rbac.authorization.k8s.io' && (object.kind === 'Role' || object.kind === 'RoleBinding')) return true;
  return false;
}

export default defineCheck({
  id: 'kube-system-namespace',
  title: 'Object is placed in kube-system',
  severity: 'low',
  category: 'hygiene',
  target: 'any',
  admission: true,
  enabledByDefault: false,
  description:
    "kube-system holds the control plane's own components and ServiceAccounts with cluster-wide power (the controller manager's controllers, kube-proxy, the CNI). Anyone who may create pods or read Secrets in kube-system can run with those accounts, so access to it is kept to cluster administrators; application objects put there either widen that access or inherit it, and escape the quotas, network policies and Pod Security levels set for application namespaces. Cluster add-ons (CNI, CoreDNS, metrics-server, cloud and CSI controllers) are commonly installed there on purpose, which is why the check is off by default. Not reported: the control plane's static Pods, and Roles and RoleBindings, which grant access to kube-system itself and so cannot live elsewhere (the RBAC checks judge what they grant).",
  remediation:
    'Create a namespace for the application (or for each add-on) and set metadata.namespace to it; if an add-on must stay in kube-system, exempt it from this check.',
  references: [
    cis('5.6.1', 'Create administrative boundaries between resources using namespaces'),
    k8sDocs('Namespaces: initial namespaces', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces'),
    k8sDocs('RBAC good practices: workload creation', 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'),
  ],
  run({ object, report }) {
    if (object.namespace !== 'kube-system' || belongsInKubeSystem(object)) return;
    report({
      path: ['metadata', 'namespace'],
      message: `${object.kind} "${object.name}" is in kube-system, the namespace of the control plane and its powerful ServiceAccounts: move it to a namespace of its own`,
    });
  },
});
