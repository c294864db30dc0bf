import { k8sDocs, nsa } from '../../../core/references.js';
import { netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';

/** Problems that make the API server refuse the policy; `named-port-ip-peer` is accepted (see network-policy-rule-never-matches). */
const REJECTED = new Set([
  'invalid-selector', 'invalid-cidr', 'invalid-except', 'invalid-peer', 'invalid-port', 'invalid-protocol', 'invalid-end-port', 'invalid-policy-types',
  'invalid-rule', 'invalid-action', 'invalid-priority', 'duplicate-priority',
]);

export default defineCheck({
  id: 'network-policy-invalid',
  title: 'Network policy is invalid',
  severity: 'high',
  category: 'network',
  target: 'any',
  description:
    'The API server validates NetworkPolicies (and the CRDs validate AdminNetworkPolicies and BaselineAdminNetworkPolicies) beyond their types: CIDRs must parse and every except must lie strictly inside its cidr (from Kubernetes 1.36, the target `--kube-version` unless set lower, the CIDRs of a new policy may also not have bits set beyond the prefix length, leading zeros or an IPv4-mapped IPv6 address; a policy read back from a cluster keeps the value it was stored with), label keys and values must be well-formed, a peer sets podSelector and/or namespaceSelector or ipBlock (never ipBlock with a selector, never nothing), ports are 1-65535 or a valid port name, endPort only follows a numeric port, policyTypes lists only Ingress and Egress; admin policies need a priority from 0 to 1000, exactly one selector per subject, peer and port, and a ports list that is left out or not empty. An invalid policy is refused, so the isolation it was written for does not exist, usually unnoticed when a deploy pipeline ignores one failed object. Two admin policies with the same priority are reported too, as Kubernetes leaves their order undefined.',
  remediation:
    'Fix the field named in the finding (`kubectl apply --dry-run=server` confirms it); `rampart netpol map` then shows the connectivity with the policy in place.',
  references: [
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('NetworkPolicy API reference', 'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/'),
  ],
  run({ object, settings, index, report }) {
    for (const issue of netpolView(index, settings.kubeVersion).issuesByObject.get(object) ?? []) {
      if (issue.level !== 'error' || !REJECTED.has(issue.code)) continue;
      if (issue.issue) report({ path: issue.issue.path, message: issue.issue.message });
      else report({ path: ['metadata', 'name'], message: issue.message.replace(/^[A-Za-z]+ "[^"]*": /, '') });
    }
  },
});
