import { cis, k8sDocs, mitre, nsa } from '../../../core/references.js';
import { isolatesWithinInstall, netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';
import { describeObject } from '../shared.js';

/** 169.254.169.254 */
const METADATA = 0xa9fea9fen;

export default defineCheck({
  id: 'pod-partially-isolated',
  title: 'Pods are isolated for one direction only',
  severity: 'low',
  category: 'network',
  target: 'workload',
  description:
    'NetworkPolicies isolate ingress and egress separately: a policy without Egress in its (defaulted) policyTypes leaves the pods free to connect to any pod, to the internet and to the cloud metadata service 169.254.169.254, the usual path for exfiltration and lateral movement; one without Ingress leaves them open to connections from every pod of every namespace. Pods no policy selects at all are reported by pod-not-selected-by-network-policy. A missing ingress isolation is reported as medium, a missing egress isolation as low. The decision comes from the NetworkPolicy engine, which also counts AdminNetworkPolicies and the BaselineAdminNetworkPolicy where their rules, in precedence order, deny traffic from any pod, or to any pod and any address: a Deny to namespaces: {} alone leaves external addresses, the metadata service among them, open.',
  remediation:
    'Add the missing direction: a default-deny policy for the namespace (podSelector: {} with policyTypes [Ingress, Egress]) plus rules for the traffic the pods need, e.g. egress to kube-dns on UDP/TCP 53 and to the services they call (`rampart netpol generate` derives them).',
  references: [
    nsa('Network separation and hardening: Network policies'),
    cis('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined'),
    mitre('T1552.005', 'Cloud Instance Metadata API'),
    k8sDocs('Network Policies: default policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'),
  ],
  run({ object, settings, pod, index, report }) {
    if (pod.spec.hostNetwork === true) return;
    const { analysis, workloadsByObject } = netpolView(index, settings.kubeVersion);
    const workload = workloadsByObject.get(object);
    if (!workload) return;
    const ingress = isolatesWithinInstall(index, object, analysis.context('ingress', workload.classId), analysis.classNamedPorts(workload.classId));
    const egress = isolatesWithinInstall(index, object, analysis.context('egress', workload.classId));
    if (ingress === egress) return;
    const isPod = pod.workloadKind.templatePath.length === 0;
    const subject = isPod ? `${describeObject(object)} is` : `pods of ${describeObject(object)} are`;
    const them = isPod ? 'it' : 'they';
    // An admin policy may deny the metadata address alone, which does not isolate egress.
    const atom = analysis.atoms.findIndex((r) => r.family === 4 && r.lo <= METADATA && METADATA <= r.hi);
    const metadata = atom < 0 || !analysis.connection({ kind: 'class', id: workload.classId }, { kind: 'external', atom }).isEmpty();
    report({
      path: [...pod.metadataPath, 'labels'],
      ...(ingress
        ? { message: `${subject} isolated for ingress but not for egress: ${them} can connect to any pod${metadata ? ', to any address and to the cloud metadata service 169.254.169.254' : ' and to any address'}` }
        : { message: `${subject} isolated for egress but not for ingress: every pod of every namespace can connect to ${isPod ? 'it' : 'them'}`, severity: 'medium' as const }),
    });
  },
});
