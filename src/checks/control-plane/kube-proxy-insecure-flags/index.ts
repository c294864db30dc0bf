import type { Severity } from '../../../core/severity.js';
import { defineCheck } from '../../api.js';
import { checkComponent } from '../component-check.js';
import { cisReferences, type FlagRule } from '../flag-rules.js';

/** CIS Kubernetes Benchmark v1.12 section 4.3 (kube-proxy). */
const PROXY_RULES: readonly FlagRule[] = [
  {
    cis: '4.3.1', title: 'Ensure that the kube-proxy metrics service is bound to localhost', test: 'loopback', flag: 'metrics-bind-address',
    defaultValue: '127.0.0.1:10249',
    // kube-proxy reads every setting but logging from its --config file when it has one, ignoring the flags.
    ignoredWhen: 'config',
    // Without --config, the deprecated --metrics-port=0 turns the metrics server off.
    satisfiedBy: { flag: 'metrics-port', when: 'zero' },
    risk: 'its metrics and /proxyMode endpoints, which describe the Services and endpoints of the node, are served to the network without authentication',
  },
];

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
