import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import type { Severity } from '../../../core/severity.js';
import { asArray, asRecord, asString } from '../../../k8s/access.js';
import { isDashboardImage } from '../../../k8s/kubernetes-dashboard.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { podServiceAccount, subjectCoversServiceAccount } from '../../../k8s/service-account.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerFlags } from '../../control-plane/command-line.js';
import { parseGoBool } from '../../control-plane/flag-rules.js';
import { containerImages } from '../images.js';

/** Bindings that give the ServiceAccount the cluster-admin ClusterRole. */
function clusterAdminBindings(index: ObjectIndex, namespace: string, serviceAccount: string): K8sObject[] {
  return index.ofGroup('rbac-binding').filter((binding) => {
    const roleRef = asRecord(binding.body.roleRef);
    if (roleRef?.kind !== 'ClusterRole' || asString(roleRef.name) !== 'cluster-admin') return false;
    const bindingNamespace = index.namespaceOf(binding);
    return asArray(binding.body.subjects).some((s) => subjectCoversServiceAccount(s, bindingNamespace, namespace, serviceAccount));
  });
}

export default defineCheck({
  id: 'kubernetes-dashboard-deployed',
  title: 'Kubernetes Dashboard is deployed',
  severity: 'medium',
  category: 'supply-chain',
  target: 'workload',
  admission: true,
  description:
    'The Kubernetes Dashboard is a web UI that can create workloads, exec into pods and read Secrets with the rights of the token it is given, and exposed dashboards are a classic way into clusters (the 2018 Tesla cryptojacking). It becomes critical when `--enable-skip-login` lets visitors act as the dashboard\'s own ServiceAccount and that account is bound to cluster-admin; `--enable-insecure-login` sends login tokens over plain HTTP. Reported as high with one of these, critical with skip-login and cluster-admin together.',
  remediation:
    'Remove the Dashboard if it is not needed (kubectl, Headlamp or a read-only tool on workstations avoid an in-cluster UI). Otherwise keep login mandatory (no `--enable-skip-login` or `--enable-insecure-login`), bind its ServiceAccount only to the minimal RBAC it needs, never cluster-admin, and reach it through `kubectl proxy` or an authenticating proxy rather than a public Service or Ingress.',
  references: [
    mitre('T1133', 'External Remote Services'),
    mitre('T1609', 'Container Administration Command'),
    nsa('Authentication and authorization: Role-based access control'),
    k8sDocs('Kubernetes documentation: Deploy and Access the Kubernetes Dashboard', 'https://kubernetes.io/docs/tasks/access-application-cluster/web-ui-dashboard/'),
  ],
  run({ object, pod, index, report }) {
    const dashboard = containerImages(pod).find(({ ref }) => isDashboardImage(ref));
    if (!dashboard) return;
    const { container, image, path } = dashboard;
    const serviceAccount = podServiceAccount(pod).name;
    // pflag reads a boolean's value with strconv.ParseBool and keeps the last occurrence.
    const flags = containerFlags(container, false);
    const skipLogin = parseGoBool(flags.bool('enable-skip-login')) === true;
    const insecureLogin = parseGoBool(flags.bool('enable-insecure-login')) === true;
    const admin = clusterAdminBindings(index, index.namespaceOf(object), serviceAccount);
    const risks: string[] = [];
    if (skipLogin) risks.push(`--enable-skip-login lets anyone use it as ServiceAccount "${serviceAccount}"`);
    if (admin.length > 0) risks.push(`ServiceAccount "${serviceAccount}" is bound to cluster-admin by ${admin.map((b) => `${b.kind} "${b.name}"`).join(', ')}`);
    if (insecureLogin) risks.push('--enable-insecure-login accepts logins over plain HTTP');
    let severity: Severity | undefined;
    if (skipLogin && admin.length > 0) severity = 'critical';
    else if (risks.length > 0) severity = 'high';
    report({
      path,
      severity,
      message: `${describeContainer(container)} runs the Kubernetes Dashboard (image "${image}")${risks.length > 0 ? `; ${risks.join('; ')}` : ''}`,
    });
  },
});
