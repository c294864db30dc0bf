import { formatPath } from '../../../core/path.js';
import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { NO_NAMED_PORTS, ruleConns } from '../../../netpol/engine/rule-conns.js';
import { parseIp } from '../../../netpol/ip/address.js';
import { type IpSet, ipSetCovers } from '../../../netpol/ip/ip-set.js';
import { netpolView } from '../../../netpol/scan-support.js';
import { defineCheck } from '../../api.js';

/** Cloud instance metadata services: AWS, GCP, Azure, OpenStack (IPv4) and AWS over IPv6. */
const METADATA = ['169.254.169.254', 'fd00:ec2::254'].flatMap((text) => {
  const ip = parseIp(text);
  return ip ? [{ text, range: { family: ip.family, lo: ip.value, hi: ip.value } }] : [];
});

function metadataIn(ips: IpSet): string | undefined {
  return METADATA.find((m) => ipSetCovers(ips, m.range))?.text;
}

export default defineCheck({
  id: 'network-policy-allows-metadata-egress',
  title: 'NetworkPolicy allows egress to the cloud metadata service',
  severity: 'high',
  category: 'network',
  target: 'network-policy',
  description:
    'The instance metadata service (169.254.169.254, and fd00:ec2::254 on AWS IPv6) hands out the node\'s cloud credentials to whoever asks over HTTP on port 80. An egress rule whose ipBlock contains it (0.0.0.0/0 without an except for 169.254.169.254/32 or 169.254.0.0/16), or that has no `to` at all, lets a compromised pod take the node\'s cloud identity, the most common pivot from a pod to the cloud account. The rule is reported when it allows TCP port 80 to the metadata address.',
  remediation:
    'Add `except: [169.254.169.254/32]` (or `169.254.0.0/16`) to broad ipBlocks, or list the destination ranges the pods need; a rule without `to` should name its destinations. Also block metadata access at the node (IMDSv2 with hop limit 1 on AWS, Workload Identity on GKE).',
  references: [
    mitre('T1552.005', 'Cloud Instance Metadata API'),
    nsa('Network separation and hardening: Network policies'),
    k8sDocs('Network Policies: ipBlock except', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource'),
  ],
  run({ object, settings, index, report }) {
    const policy = netpolView(index, settings.kubeVersion).policyByObject.get(object);
    if (!policy || policy.kind !== 'NetworkPolicy') return;
    for (const rule of policy.egress) {
      if (rule.ignored || !ruleConns(rule, NO_NAMED_PORTS).contains('TCP', 80)) continue;
      if (rule.peers === 'all') {
        report({ path: rule.path, message: `${formatPath(rule.path)} has no to, so it allows egress to the cloud metadata service 169.254.169.254 on TCP 80` });
        continue;
      }
      for (const peer of rule.peers) {
        if (peer.kind !== 'ips') continue;
        const address = metadataIn(peer.ips);
        if (address) report({ path: peer.path, message: `${formatPath(peer.path)} (${peer.text}) allows egress to the cloud metadata service ${address} on TCP 80` });
      }
    }
  },
});
