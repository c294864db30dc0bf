import type { Severity } from '../../../core/severity.js';
import { defineCheck } from '../../api.js';
import { checkComponent } from '../component-check.js';
import { cisReferences } from '../flag-rules.js';
import { API_SERVER_RULES } from './rules.js';

const SEVERITY: Severity = 'high';

export default defineCheck({
  id: 'kube-apiserver-insecure-flags',
  title: 'kube-apiserver runs with insecure flags',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'workload',
  admission: true,
  description:
    'The API server is the front door of the cluster. Its flags decide whether anonymous requests get in, whether RBAC is enforced, whether its links to etcd and kubelets are authenticated, and whether anything is audited; a weak setting exposes the whole cluster.',
  remediation:
    'Edit the kube-apiserver static pod manifest (usually /etc/kubernetes/manifests/kube-apiserver.yaml) and set each flag named in the findings as the CIS Kubernetes Benchmark recommends; the kubelet restarts the API server when the file changes.',
  references: cisReferences(API_SERVER_RULES),
  run(ctx) {
    checkComponent({ component: 'kube-apiserver', rules: API_SERVER_RULES, severity: SEVERITY }, ctx);
  },
});
