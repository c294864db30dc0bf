import { k8sDocs, mitre } from '../../../core/references.js';
import { AWS_AUTH_WRITE } from '../../../rbac/risks/powers.js';
import { defineCheck } from '../../api.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-modify-aws-auth',
  title: 'Role allows changing the EKS aws-auth ConfigMap',
  severity: 'high',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "On Amazon EKS, the aws-auth ConfigMap in kube-system maps AWS IAM roles and users to Kubernetes user names and groups. Whoever can update or patch it can map an IAM identity they control to system:masters, which no RBAC rule limits, and so become cluster administrator; deleting it, or breaking it, locks out every node and user it maps. A ClusterRole, or a Role in kube-system, grants this with create, update, patch, delete or deletecollection on configmaps, unless resourceNames leaves aws-auth out (a create is only limited by resourceNames when the role cannot also apply the object). A role that names aws-auth in resourceNames is always reported; one that may change every ConfigMap (of kube-system, or of all namespaces) only when the input shows an EKS cluster: it holds the aws-auth ConfigMap, or --kube-version is an EKS version (v1.31.2-eks-...). Other clusters have no aws-auth, and EKS clusters in the API authentication mode (access entries only) ignore it.",
  remediation:
    'Manage IAM-to-Kubernetes mappings with EKS access entries and switch the cluster to the API authentication mode; otherwise keep write access to kube-system ConfigMaps to cluster administrators, and list the ConfigMaps a controller needs in resourceNames.',
  references: [
    NSA_AUTHZ,
    mitre('T1078', 'Valid Accounts'),
    k8sDocs('Amazon EKS: grant IAM users access with the aws-auth ConfigMap', 'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html'),
    k8sDocs('Amazon EKS: access entries', 'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html'),
  ],
  run(ctx) {
    // A Role grants in its own namespace only; aws-auth is in kube-system.
    if (ctx.object.kind === 'Role' && ctx.index.namespaceOf(ctx.object) !== 'kube-system') return;
    // Write access to every ConfigMap reaches aws-auth too, but that matters on EKS only: it is
    // reported when the input shows an EKS cluster (its aws-auth ConfigMap, or an EKS version).
    const onEks = /-eks/i.test(ctx.settings.kubeVersion ?? '') || ctx.index.find('config-map', 'kube-system', 'aws-auth') !== undefined;
    reportRoleGrants(ctx, AWS_AUTH_WRITE, {
      keep: (grant) => onEks || grant.names.includes('aws-auth'),
      note: (grant) => (grant.names.length > 0 ? undefined : 'that includes aws-auth in kube-system, which maps IAM identities to Kubernetes groups such as system:masters on EKS'),
    });
  },
});
