import type { Severity } from '../../../core/severity.js';
import { defineCheck } from '../../api.js';
import { checkComponent } from '../component-check.js';
import { cisReferences } from '../flag-rules.js';
import { PROXY_RULES } from './rules.js';

const SEVERITY: Severity = 'medium';

export default defineCheck({
  id: 'kube-proxy-insecure-flags',
  title: 'kube-proxy serves its metrics on the network',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'workload',
  admission: true,
  description:
    'kube-proxy runs on every node, usually as a DaemonSet in kube-system, with the host network. Its metrics port (10249) has no authentication: bound to every address, it tells anyone who can reach a node how Services are routed there, and it is one more open port on every node.',
  remediation:
    'Remove --metrics-bind-address or set it to 127.0.0.1:10249 (metricsBindAddress in the --config file). To scrape the metrics, run a local proxy with authentication beside it (kube-rbac-proxy) rather than opening the port.',
  references: cisReferences(PROXY_RULES),
  run(ctx) {
    checkComponent({ component: 'kube-proxy', rules: PROXY_RULES, severity: SEVERITY }, ctx);
  },
});
