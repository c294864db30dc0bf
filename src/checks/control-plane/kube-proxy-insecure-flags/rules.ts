import type { FlagRule } from '../flag-rules.js';

/** CIS Kubernetes Benchmark v1.12 section 4.3 (kube-proxy). */
export const PROXY_RULES: readonly FlagRule[] = [
  {
    cis: '4.3.1', title: 'Ensure that the kube-proxy metrics service is bound to localhost', test: 'loopback', flag: 'metrics-bind-address',
    defaultValue: '127.0.0.1:10249',
    // kube-proxy reads every setting but logging from its --config file when it has one, ignoring the flags.
    ignoredWhen: 'config',
    // Without --config, the deprecated --metrics-port=0 turns the metrics server off.
    satisfiedBy: { flag: 'metrics-port', when: 'zero' },
    file: { path: ['metricsBindAddress'], defaultValue: '127.0.0.1:10249' },
    risk: 'its metrics and /proxyMode endpoints, which describe the Services and endpoints of the node, are served to the network without authentication',
  },
];
