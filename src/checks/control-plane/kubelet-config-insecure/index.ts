import type { Severity } from '../../../core/severity.js';
import { defineCheck } from '../../api.js';
import { componentConfigsOf, evaluateConfigRules } from '../config-file.js';
import { cisReferences } from '../flag-rules.js';
import { KUBELET_RULES } from '../kubelet-insecure-flags/rules.js';

const FILE_RULES = KUBELET_RULES.filter((rule) => rule.file !== undefined);
const SEVERITY: Severity = 'medium';

export default defineCheck({
  id: 'kubelet-config-insecure',
  title: 'KubeletConfiguration file with insecure settings',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'kubelet-configuration',
  admission: true,
  description:
    "The kubelet's configuration file (KubeletConfiguration, kubelet.config.k8s.io) decides whether its API, which can exec into every pod of the node and read their logs and secrets, takes anonymous requests, whether it authorizes them, whether an unauthenticated read-only port is served and whether certificates are rotated. The check reads such files in the scanned repository (node images, kubeadm and Cluster API configurations), inside ConfigMaps (kubeadm's kube-system/kubelet-config, which every node of the cluster reads), and among the files Cluster API's KubeadmConfig and KubeadmControlPlane (and their templates) write on each machine, such as a kubeadm patch for the kubelet's file (kubeletconfiguration+strategic.yaml), judged with kubeadm's defaults under it, as is a patch file of that name in a repository (a patch that names neither apiVersion nor kind is read as the KubeletConfiguration its name says it patches, as kubeadm reads it); encoded content (base64, gzip+base64) is decoded, and files read from a Secret are not in the manifest. Fields the file leaves out take the kubelet's defaults for a configuration file, which are the secure ones for authentication, authorization and the read-only port. A flag on the kubelet's command line would override the file; this check sees the file only.",
  remediation:
    'Set each field named in the findings as the CIS Kubernetes Benchmark recommends: authentication.anonymous.enabled: false, authorization.mode: Webhook, authentication.x509.clientCAFile, readOnlyPort: 0, tlsCertFile and tlsPrivateKeyFile (or serverTLSBootstrap: true), podPidsLimit, seccompDefault: true, protectKernelDefaults: true. For kubeadm, edit the kubelet-config ConfigMap (or the KubeletConfiguration of the kubeadm configuration) and run kubeadm upgrade node phase kubelet-config on each node.',
  references: cisReferences(FILE_RULES),
  run({ object, index, report }) {
    for (const config of componentConfigsOf(object, 'KubeletConfiguration', index)) evaluateConfigRules(FILE_RULES, config, SEVERITY, report);
  },
});
