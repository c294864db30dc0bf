import { k8sDocs, mitre } from '../../../core/references.js';
import { isDashboardComponentImage, isDashboardName } from '../../../k8s/kubernetes-dashboard.js';
import { podServiceAccount } from '../../../k8s/service-account.js';
import { defineCheck } from '../../api.js';
import { containerImages } from '../../supply-chain/images.js';
import { NSA_AUTHZ } from '../shared/references.js';

export default defineCheck({
  id: 'kubernetes-dashboard-service-account-shared',
  title: "Workload runs as the Kubernetes Dashboard's ServiceAccount",
  severity: 'medium',
  category: 'rbac',
  target: 'workload',
  admission: true,
  description:
    "A workload other than the Kubernetes Dashboard that runs as the dashboard's ServiceAccount (`kubernetes-dashboard`, or `kubernetes-dashboard-*` in its Helm chart) gets the dashboard's token mounted, and with it the dashboard's rights: its Secrets, and whatever more was bound to the account, cluster-admin in many old installs. Whoever controls that workload acts as the dashboard, and the audit log cannot tell them apart. The dashboard's own parts are not reported: workloads named `kubernetes-dashboard*` or `dashboard-metrics-scraper*`, and those running its images (`kubernetesui/dashboard*`, `kubernetesui/metrics-scraper`).",
  remediation: 'Give the workload a ServiceAccount of its own (spec.serviceAccountName) with only the rights it needs.',
  references: [
    NSA_AUTHZ,
    mitre('T1078', 'Valid Accounts'),
    k8sDocs('Configure Service Accounts for Pods', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/'),
  ],
  run({ object, pod, report }) {
    const account = podServiceAccount(pod);
    if (!isDashboardName(account.name) || isDashboardName(object.name) || object.name.startsWith('dashboard-metrics-scraper')) return;
    if (containerImages(pod).some(({ ref }) => isDashboardComponentImage(ref))) return;
    report({
      path: account.path,
      message: `${object.kind} "${object.name}" runs as ServiceAccount "${account.name}", the Kubernetes Dashboard's, so its pods hold the dashboard's token and rights`,
    });
  },
});
