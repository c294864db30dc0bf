import { k8sDocs, mitre } from '../../../core/references.js';
import type { Path } from '../../../core/path.js';
import { asRecord, asString, type JsonRecord } from '../../../k8s/access.js';
import { parseLabelSelector } from '../../../k8s/selectors.js';
import { defineCheck } from '../../api.js';

const TEMPLATE_GROUP = 'extensions.agents.x-k8s.io';

/** A peer that names some destinations: a CIDR other than all addresses, or a selector with labels or expressions. */
function scopedPeer(peer: unknown): boolean {
  const record = asRecord(peer);
  if (!record) return false;
  const cidr = asString(asRecord(record.ipBlock)?.cidr);
  if (cidr !== undefined && cidr !== '' && !/\/0+$/.test(cidr.trim())) return true;
  return nonEmptySelector(record.podSelector) || nonEmptySelector(record.namespaceSelector);
}

function nonEmptySelector(value: unknown): boolean {
  if (asRecord(value) === undefined) return false;
  const selector = parseLabelSelector(value);
  return Object.keys(selector.matchLabels).length > 0 || selector.matchExpressions.length > 0;
}

/** The ports an egress rule allows, for messages: `on TCP 443, UDP 53`, or `on every port`. */
function portsOf(rule: JsonRecord | undefined): { text: string; dnsOnly: boolean } {
  const ports = Array.isArray(rule?.ports) ? rule.ports.map((p) => asRecord(p) ?? {}) : [];
  if (ports.length === 0) return { text: 'on every port', dnsOnly: false };
  const named = ports.map((p) => `${asString(p.protocol) ?? 'TCP'} ${String(p.port ?? 'every port')}${p.endPort !== undefined ? `-${String(p.endPort)}` : ''}`);
  return { text: `on ${named.join(', ')}`, dnsOnly: ports.every((p) => p.port === 53 && p.endPort === undefined) };
}

/** Why an egress rule lets the sandbox reach any destination, with the path that shows it; undefined when every peer is scoped. */
function unscoped(rule: unknown, path: Path): { path: Path; why: string; dnsOnly: boolean } | undefined {
  const record = asRecord(rule);
  const { text, dnsOnly } = portsOf(record);
  const to = record?.to;
  if (!Array.isArray(to)) return { path, why: `has no \`to\`, so it allows every destination ${text}`, dnsOnly };
  if (to.length === 0) return { path: [...path, 'to'], why: `has an empty \`to\`, which allows every destination ${text}`, dnsOnly };
  const open = to.findIndex((peer) => !scopedPeer(peer));
  return open === -1 ? undefined : { path: [...path, 'to', open], why: `has a peer that is every address (0.0.0.0/0, ::/0) or every pod (an empty selector), ${text}`, dnsOnly };
}

export default defineCheck({
  id: 'agent-sandbox-egress-unrestricted',
  title: 'Agent sandboxes may connect anywhere',
  severity: 'medium',
  category: 'network',
  target: 'any',
  admission: true,
  description:
    "The controller of Agent Sandbox (kubernetes-sigs/agent-sandbox) puts the pods of a SandboxTemplate behind one NetworkPolicy it manages. With networkPolicyManagement: Unmanaged it makes none, and the sandboxes' traffic is whatever the cluster's other policies allow; managed without a networkPolicy of the template's own, its default lets them reach the whole public internet (it blocks private ranges and the metadata server only); and an egress rule without `to`, with an empty `to`, or with a peer that is every address or every pod allows any destination (reported as low when it allows DNS alone, port 53, which most templates open to any resolver). An AI agent whose code can reach any host can send out the data and credentials it reads and fetch its next payload. Kubescape reports the same (C-0301). The rule judges SandboxTemplates; their pods are left out of the NetworkPolicy rules, which would miss the controller's policy.",
  remediation:
    'Keep networkPolicyManagement Managed (the default) and give the template a spec.networkPolicy whose egress rules name their destinations: the CIDRs or the pods and namespaces the agent needs (a model API, a package mirror), plus DNS. An empty egress list denies all egress.',
  references: [
    mitre('T1041', 'Exfiltration Over C2 Channel'),
    k8sDocs('Network Policies', 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'),
    k8sDocs('Agent Sandbox', 'https://agent-sandbox.sigs.k8s.io/'),
  ],
  run({ object, report }) {
    if (object.kind !== 'SandboxTemplate' || object.group !== TEMPLATE_GROUP) return;
    const spec: JsonRecord = asRecord(object.body.spec) ?? {};
    const management = spec.networkPolicyManagement ?? 'Managed';
    if (management !== 'Managed') {
      report({
        path: ['spec', 'networkPolicyManagement'],
        message: `SandboxTemplate "${object.name}" sets networkPolicyManagement: ${String(management)}: the controller makes no NetworkPolicy for its sandboxes, whose traffic is whatever other policies allow`,
      });
      return;
    }
    const policy = spec.networkPolicy;
    if (policy === undefined || policy === null) {
      report({ path: ['spec', 'networkPolicy'], message: `SandboxTemplate "${object.name}" has no networkPolicy of its own: the controller's default lets its sandboxes reach the whole public internet` });
      return;
    }
    const egress = asRecord(policy)?.egress;
    if (egress === undefined || egress === null) return;
    if (!Array.isArray(egress)) {
      report({ path: ['spec', 'networkPolicy', 'egress'], message: `SandboxTemplate "${object.name}" has an egress that is not a list of rules, which the API server refuses` });
      return;
    }
    egress.forEach((rule, i) => {
      const open = unscoped(rule, ['spec', 'networkPolicy', 'egress', i]);
      if (!open) return;
      // DNS alone to anywhere is how most templates let sandboxes resolve names: it still lets data out by tunnelling.
      const dns = open.dnsOnly ? ' (DNS to any resolver can tunnel data out: name kube-dns as the peer)' : '';
      report({ path: open.path, message: `egress rule ${i + 1} of SandboxTemplate "${object.name}" ${open.why}${dns}`, ...(open.dnsOnly ? { severity: 'low' as const } : {}) });
    });
  },
});
