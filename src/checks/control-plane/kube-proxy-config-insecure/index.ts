import type { Severity } from '../../../core/severity.js';
import { defineCheck } from '../../api.js';
import { componentConfigsOf, evaluateConfigRules } from '../config-file.js';
import { cisReferences } from '../flag-rules.js';
import { PROXY_RULES } from '../kube-proxy-insecure-flags/rules.js';

const FILE_RULES = PROXY_RULES.filter((rule) => rule.file !== undefined);
const SEVERITY: Severity = 'medium';

export default defineCheck({
  id: 'kube-proxy-config-insecure',
  title: 'KubeProxyConfiguration serves metrics on the network',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'kube-proxy-configuration',
  admission: true,
  description:
    "kube-proxy reads its settings from a KubeProxyConfiguration file (kubeproxy.config.k8s.io) when started with --config, as kubeadm starts it, from the kube-system/kube-proxy ConfigMap. A metricsBindAddress outside localhost (0.0.0.0:10249 is a common change, for Prometheus) serves its metrics and /proxyMode endpoints to anyone who can reach a node, without authentication. The check reads such files in the scanned repository and inside ConfigMaps; an empty or absent metricsBindAddress means 127.0.0.1:10249.",
  remediation:
    'Set metricsBindAddress to 127.0.0.1:10249 (or remove it) and scrape the metrics through an authenticating proxy beside kube-proxy (kube-rbac-proxy) rather than opening the port on every node. With kubeadm, edit the kube-proxy ConfigMap and restart the kube-proxy DaemonSet.',
  references: cisReferences(FILE_RULES),
  run({ object, index, report }) {
    for (const config of componentConfigsOf(object, 'KubeProxyConfiguration', index)) evaluateConfigRules(FILE_RULES, config, SEVERITY, report);
  },
});
