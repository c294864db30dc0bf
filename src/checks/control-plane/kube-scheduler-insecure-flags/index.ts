import type { Severity } from '../../../core/severity.js';
import type { FlagRule } from '../flag-rules.js';
import { cisReferences } from '../flag-rules.js';
import { defineCheck } from '../../api.js';
import { checkComponent } from '../component-check.js';

/** CIS Kubernetes Benchmark v1.12 section 1.4 (scheduler). */
export const SCHEDULER_RULES: readonly FlagRule[] = [
  {
    cis: '1.4.1', title: 'Ensure that the --profiling argument is set to false', test: 'bool', flag: 'profiling', want: false, defaultValue: true,
    // With --config, kube-scheduler takes enableProfiling from the file and ignores --profiling.
    ignoredWhen: 'config',
    severity: 'low', risk: 'the /debug/pprof endpoints expose internals and accept CPU-heavy profiling requests',
  },
  {
    cis: '1.4.2', title: 'Ensure that the --bind-address argument is set to 127.0.0.1', test: 'loopback', flag: 'bind-address',
    // NewSecureServingOptions (k8s.io/apiserver) binds to 0.0.0.0, every interface, unless told otherwise.
    defaultValue: '0.0.0.0',
    risk: 'its secure port (health, metrics, profiling) listens on the network instead of on localhost only',
  },
];

const SEVERITY: Severity = 'medium';

export default defineCheck({
  id: 'kube-scheduler-insecure-flags',
  title: 'kube-scheduler runs with insecure flags',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'workload',
  admission: true,
  description:
    'The scheduler decides where every pod runs. Exposing its port on the network or leaving profiling on gives attackers information about the control plane and a way to load it.',
  remediation:
    'Edit the kube-scheduler static pod manifest (usually /etc/kubernetes/manifests/kube-scheduler.yaml): set --profiling=false (or enableProfiling: false in its --config file) and --bind-address=127.0.0.1.',
  references: cisReferences(SCHEDULER_RULES),
  run(ctx) {
    checkComponent({ component: 'kube-scheduler', rules: SCHEDULER_RULES, severity: SEVERITY }, ctx);
  },
});
