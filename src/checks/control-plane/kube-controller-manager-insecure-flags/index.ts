import type { Severity } from '../../../core/severity.js';
import type { FlagRule } from '../flag-rules.js';
import { cisReferences } from '../flag-rules.js';
import { defineCheck } from '../../api.js';
import { checkComponent } from '../component-check.js';

/** CIS Kubernetes Benchmark v1.12 section 1.3 (controller manager). */
export const CONTROLLER_MANAGER_RULES: readonly FlagRule[] = [
  {
    cis: '1.3.1', title: 'Ensure that the --terminated-pod-gc-threshold argument is set as appropriate', test: 'set', flag: 'terminated-pod-gc-threshold',
    severity: 'low', risk: 'up to 12500 terminated pods accumulate before any is garbage-collected, loading etcd and the API server',
  },
  {
    cis: '1.3.2', title: 'Ensure that the --profiling argument is set to false', test: 'bool', flag: 'profiling', want: false, defaultValue: true,
    severity: 'low', risk: 'the /debug/pprof endpoints expose internals and accept CPU-heavy profiling requests',
  },
  {
    cis: '1.3.3', title: 'Ensure that the --use-service-account-credentials argument is set to true', test: 'bool', flag: 'use-service-account-credentials',
    want: true, defaultValue: false,
    risk: "every controller acts with the controller manager's own broad credentials instead of its own least-privilege service account",
  },
  {
    cis: '1.3.4', title: 'Ensure that the --service-account-private-key-file argument is set as appropriate', test: 'set', flag: 'service-account-private-key-file',
    severity: 'low', risk: 'no explicit service account token signing key is configured, so it cannot be managed and rotated as CIS requires',
  },
  {
    cis: '1.3.5', title: 'Ensure that the --root-ca-file argument is set as appropriate', test: 'set', flag: 'root-ca-file',
    risk: "service account token secrets carry no cluster CA, so pods cannot verify the API server's certificate before sending their token",
  },
  {
    cis: '1.3.6', title: 'Ensure that the RotateKubeletServerCertificate argument is set to true', test: 'feature-gate-on', gate: 'RotateKubeletServerCertificate',
    risk: 'kubelet serving certificates are not rotated, so a leaked certificate stays valid until it expires',
  },
  {
    cis: '1.3.7', title: 'Ensure that the --bind-address argument is set to 127.0.0.1', test: 'loopback', flag: 'bind-address',
    // NewSecureServingOptions (k8s.io/apiserver) binds to 0.0.0.0, every interface, unless told otherwise.
    defaultValue: '0.0.0.0',
    risk: 'its secure port (health, metrics, profiling) listens on the network instead of on localhost only',
  },
];

const SEVERITY: Severity = 'medium';

export default defineCheck({
  id: 'kube-controller-manager-insecure-flags',
  title: 'kube-controller-manager runs with insecure flags',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'workload',
  admission: true,
  description:
    'The controller manager holds cluster-wide credentials and signs service account tokens. Flags that share one identity across all controllers, expose its port on the network or stop kubelet certificate rotation widen what an attacker gains from it.',
  remediation:
    'Edit the kube-controller-manager static pod manifest (usually /etc/kubernetes/manifests/kube-controller-manager.yaml) and set each flag named in the findings as the CIS Kubernetes Benchmark recommends.',
  references: cisReferences(CONTROLLER_MANAGER_RULES),
  run(ctx) {
    checkComponent({ component: 'kube-controller-manager', rules: CONTROLLER_MANAGER_RULES, severity: SEVERITY }, ctx);
  },
});
