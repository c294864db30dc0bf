import { cis, k8sDocs, nsa } from '../../../core/references.js';
import { otherInstallsNote } from '../../../k8s/nearest-copy.js';
import { isolatesWithinInstall, netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';
import { describeObject, formatLabels } from '../shared.js';

function whyUnselected(policyCount: number, namespace: string, them: string): string {
  if (policyCount === 0) return `namespace "${namespace}" has no NetworkPolicy`;
  if (policyCount === 1) return `the only NetworkPolicy in namespace "${namespace}" does not select ${them}`;
  return `none of the ${policyCount} NetworkPolicies in namespace "${namespace}" selects ${them}`;
}

export default defineCheck({
  id: 'pod-not-selected-by-network-policy',
  title: 'Pods are not isolated by any NetworkPolicy',
  severity: 'medium',
  category: 'network',
  target: 'workload',
  description:
    'Until a NetworkPolicy selects a pod, the pod accepts connections from every other pod (and from outside the cluster where routing allows) and may connect anywhere, including the cloud metadata service, so one compromised pod can reach it and it can reach the rest of the cluster. A NetworkPolicy isolates the pods of its own namespace that its spec.podSelector matches; an empty podSelector matches them all. An AdminNetworkPolicy or BaselineAdminNetworkPolicy also counts as protection where its rules, in precedence order, deny traffic from any pod, or to any pod and any address (a namespaces peer selects pods only, so external addresses need a networks peer covering 0.0.0.0/0 and ::/0); Allow or Pass rules alone protect nothing. The decision comes from the NetworkPolicy engine (`rampart netpol`); host-network pods are not reported, as NetworkPolicy does not reliably apply to them.',
  remediation:
    'Add a NetworkPolicy in the pods\' namespace whose spec.podSelector matches their labels: at least a default-deny policy (podSelector: {} with policyTypes Ingress and Egress), then policies that allow only the traffic the pods need (`rampart netpol generate` derives them from the manifests).',
  references: [
    cis('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined'),
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('Network Policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'),
  ],
  run({ object, settings, pod, index, report }) {
    if (pod.spec.hostNetwork === true) return;
    const { analysis, workloadsByObject } = netpolView(index, settings.kubeVersion);
    const workload = workloadsByObject.get(object);
    if (!workload) return;
    const others = new Set<string>();
    if (isolatesWithinInstall(index, object, analysis.context('ingress', workload.classId), analysis.classNamedPorts(workload.classId), others)) return;
    if (isolatesWithinInstall(index, object, analysis.context('egress', workload.classId), undefined, others)) return;
    const namespace = workload.namespace;
    const policies = index.ofGroupInNamespace('network-policy', namespace).length;
    const isPod = pod.workloadKind.templatePath.length === 0;
    const subject = isPod ? `${describeObject(object)} is` : `pods of ${describeObject(object)} are`;
    const them = isPod ? 'it' : 'them';
    const why =
      others.size > 0 ? `no NetworkPolicy of its install selects ${them} (those that do are ${otherInstallsNote([...others])})` : whyUnselected(policies, namespace, them);
    report({
      path: [...pod.metadataPath, 'labels'],
      message: `${subject} not isolated (${formatLabels(pod.labels)}): ${why}`,
    });
  },
});
