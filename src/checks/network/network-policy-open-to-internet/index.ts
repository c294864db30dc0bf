import { formatPath } from '../../../core/path.js';
import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { NO_NAMED_PORTS, ruleConns } from '../../../netpol/engine/rule-conns.js';
import { ConnSet } from '../../../netpol/ports/conn-set.js';
import type { Rule } from '../../../netpol/policy/types.js';
import { describeRulePorts } from '../../../netpol/policy/types.js';
import { netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';

const DNS = ConnSet.of({ TCP: [53, 53], UDP: [53, 53] });

/** Egress limited to DNS is what almost every policy needs; it is not reported. */
function onlyDns(rule: Rule): boolean {
  return rule.direction === 'egress' && rule.ports !== 'all' && DNS.covers(ruleConns(rule, NO_NAMED_PORTS)) && rule.ports.every((p) => p.kind === 'numbers');
}

export default defineCheck({
  id: 'network-policy-open-to-internet',
  title: 'NetworkPolicy rule allows any address',
  severity: 'medium',
  category: 'network',
  target: 'network-policy',
  description:
    'An ipBlock of 0.0.0.0/0 or ::/0 matches every address outside the cluster, and a rule without `from` (or `to`) matches every source (or destination) at all: every pod of every namespace and the whole internet. In an ingress rule anyone who can route to the pods may connect; in an egress rule the pods may reach any host, the usual path for data exfiltration and command-and-control. Egress rules limited to DNS (port 53) are not reported. Ingress rules are reported as medium, egress rules as low.',
  remediation:
    'List the address ranges that need access (a load balancer or partner range in an ingress rule, the hosts an egress rule must reach) and the ports; for ingress from the internet prefer an Ingress controller as the only open entry point. Add `except` for private and link-local ranges (169.254.0.0/16) when a broad egress range is unavoidable.',
  references: [
    nsa('Network separation and hardening: Network policies'),
    mitre('T1041', 'Exfiltration Over C2 Channel'),
    k8sDocs('Network Policies: ipBlock', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource'),
  ],
  run({ object, settings, index, report }) {
    const policy = netpolView(index, settings.kubeVersion).policyByObject.get(object);
    if (!policy || policy.kind !== 'NetworkPolicy') return;
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.ignored || onlyDns(rule)) continue;
      const on = `on ${describeRulePorts(rule)}`;
      const severity = rule.direction === 'egress' ? { severity: 'low' as const } : {};
      if (rule.peers === 'all') {
        const field = rule.direction === 'ingress' ? 'from' : 'to';
        const what = rule.direction === 'ingress' ? 'admits connections from any source' : 'allows connections to any destination';
        report({ path: rule.path, message: `${formatPath(rule.path)} has no ${field}, so it ${what} (every pod and every address) ${on}`, ...severity });
        continue;
      }
      for (const peer of rule.peers) {
        if (peer.kind !== 'ips' || !peer.cidrs.some((c) => c.prefix === 0)) continue;
        const what = rule.direction === 'ingress' ? 'admits connections from' : 'allows connections to';
        report({ path: peer.path, message: `${formatPath(peer.path)} ${what} ${peer.text}, i.e. any address, ${on}`, ...severity });
      }
    }
  },
});
