import type { Severity } from '../../../core/severity.js';
import { defineCheck } from '../../api.js';
import { checkComponent } from '../component-check.js';
import { cisReferences } from '../flag-rules.js';
import { KUBELET_RULES } from './rules.js';

const SEVERITY: Severity = 'medium';

export default defineCheck({
  id: 'kubelet-insecure-flags',
  title: 'kubelet runs with insecure flags',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'workload',
  admission: true,
  description:
    "The kubelet runs every pod of its node and answers an API that can exec into them, read their logs and list their secrets. Where a manifest runs a kubelet in a container (hyperkube, kind-style or appliance nodes, node images built from manifests), its flags decide whether that API takes anonymous requests, whether it authorizes them, whether it serves an unauthenticated read-only port and whether its certificates are rotated.",
  remediation:
    'Move the kubelet settings into its configuration file (--config) and set each one named in the findings as the CIS Kubernetes Benchmark recommends: authentication.anonymous.enabled false, authorization.mode Webhook, authentication.x509.clientCAFile, readOnlyPort 0, podPidsLimit, seccompDefault true; or pass the flags named in the findings.',
  references: cisReferences(KUBELET_RULES),
  run(ctx) {
    checkComponent({ component: 'kubelet', rules: KUBELET_RULES, severity: SEVERITY }, ctx);
  },
});
