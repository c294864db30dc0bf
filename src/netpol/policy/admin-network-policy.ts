import type { Path } from '../../core/path.js';
import { formatPath } from '../../core/path.js';
import { asArray, asRecord } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import { parseNetworks } from './ip-block.js';
import { IssueCollector } from './issues.js';
import type { ParsedPolicy } from './network-policy.js';
import { adminPolicyPorts } from './ports.js';
import { compileSelector } from './selector.js';
import type { AdminPolicyModel, Direction, Peer, Rule, RuleAction, Subject } from './types.js';

const PEER_FIELD: Readonly<Record<Direction, 'from' | 'to'>> = { ingress: 'from', egress: 'to' };
const PEER_KINDS: Readonly<Record<Direction, readonly string[]>> = { ingress: ['namespaces', 'pods'], egress: ['namespaces', 'pods', 'nodes', 'networks'] };

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function exactlyOne(record: Record<string, unknown> | undefined, fields: readonly string[]): string | undefined {
  const present = fields.filter((f) => isSet(record?.[f]));
  return present.length === 1 ? present[0] : undefined;
}

function parseSubject(value: unknown, issues: IssueCollector): Subject {
  const path = ['spec', 'subject'];
  const subject = asRecord(value);
  const field = exactlyOne(subject, ['namespaces', 'pods']);
  if (!field) {
    issues.error('invalid-rule', path, `${formatPath(path)}: exactly one of namespaces and pods must be set`);
    return { namespaces: compileSelector({ matchLabels: {} }, path, issues), pods: undefined, path };
  }
  if (field === 'namespaces') return { namespaces: compileSelector(subject?.namespaces, [...path, 'namespaces'], issues), pods: undefined, path };
  const pods = asRecord(subject?.pods);
  return {
    namespaces: compileSelector(pods?.namespaceSelector ?? {}, [...path, 'pods', 'namespaceSelector'], issues),
    pods: compileSelector(pods?.podSelector ?? {}, [...path, 'pods', 'podSelector'], issues),
    path,
  };
}

function parsePeer(value: unknown, direction: Direction, path: Path, issues: IssueCollector): Peer | undefined {
  const peer = asRecord(value);
  const field = exactlyOne(peer, PEER_KINDS[direction]);
  if (!peer || !field) {
    issues.error('invalid-peer', path, `${formatPath(path)}: exactly one of ${PEER_KINDS[direction].join(', ')} must be set`);
    return undefined;
  }
  const at = [...path, field];
  switch (field) {
    case 'namespaces':
      return { kind: 'pods', namespaces: { kind: 'selector', selector: compileSelector(peer.namespaces, at, issues) }, pods: undefined, path };
    case 'pods': {
      const pods = asRecord(peer.pods);
      return {
        kind: 'pods',
        namespaces: { kind: 'selector', selector: compileSelector(pods?.namespaceSelector ?? {}, [...at, 'namespaceSelector'], issues) },
        pods: compileSelector(pods?.podSelector ?? {}, [...at, 'podSelector'], issues),
        path,
      };
    }
    case 'nodes':
      return { kind: 'nodes', selector: compileSelector(peer.nodes, at, issues), path: at };
    default: {
      const networks = parseNetworks(peer.networks, at, issues);
      return networks ? { kind: 'ips', ips: networks.ips, cidrs: networks.cidrs, text: networks.text, path: at } : undefined;
    }
  }
}

/**
 * Reads a policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy or BaselineAdminNetworkPolicy,
 * validated as its CRD schema does.
 */
export function parseAdminPolicy(object: K8sObject): ParsedPolicy<AdminPolicyModel> {
  const issues = new IssueCollector();
  const baseline = object.kind === 'BaselineAdminNetworkPolicy';
  const spec = asRecord(object.body.spec);
  let priority: number | undefined;
  if (!baseline) {
    const raw = spec?.priority;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 1000) priority = raw;
    else issues.error('invalid-priority', ['spec', 'priority'], `spec.priority: must be an integer from 0 to 1000, not ${JSON.stringify(raw ?? null)}`);
  } else if (object.name !== 'default') {
    issues.error('invalid-rule', ['metadata', 'name'], `metadata.name: a BaselineAdminNetworkPolicy must be named "default", not ${JSON.stringify(object.name)}`);
  }
  const subject = parseSubject(spec?.subject, issues);
  const ingress: Rule[] = [];
  const egress: Rule[] = [];
  const state = { invalid: false };
  const model: AdminPolicyModel = {
    kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
    object,
    name: object.name,
    priority,
    subject,
    ingress,
    egress,
    get invalid() {
      return state.invalid;
    },
  };
  const actions: readonly RuleAction[] = baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'];
  for (const direction of ['ingress', 'egress'] as const) {
    const path = ['spec', direction];
    const raw = spec?.[direction];
    if (isSet(raw) && !Array.isArray(raw)) issues.error('invalid-rule', path, `${formatPath(path)}: must be a list of rules`);
    if (asArray(raw).length > 100) issues.error('invalid-rule', path, `${formatPath(path)}: at most 100 rules are allowed`);
    const rules = direction === 'ingress' ? ingress : egress;
    asArray(raw).forEach((item, index) => {
      const at = [...path, index];
      const rule = asRecord(item);
      if (!rule) {
        issues.error('invalid-rule', at, `${formatPath(at)}: a rule must be a mapping`);
        return;
      }
      const action = actions.find((a) => a === rule.action);
      if (!action) issues.error('invalid-action', [...at, 'action'], `${formatPath([...at, 'action'])}: unsupported action ${JSON.stringify(rule.action ?? null)} (${actions.join(', ')})`);
      const name = typeof rule.name === 'string' && rule.name !== '' ? rule.name : `#${index + 1}`;
      if (typeof rule.name === 'string' && rule.name.length > 100) issues.error('invalid-rule', [...at, 'name'], `${formatPath([...at, 'name'])}: must be no more than 100 characters`);
      const peerPath = [...at, PEER_FIELD[direction]];
      const rawPeers = asArray(rule[PEER_FIELD[direction]]);
      if (rawPeers.length === 0) issues.error('invalid-peer', peerPath, `${formatPath(peerPath)}: at least one peer is required`);
      const peers: Peer[] = [];
      rawPeers.forEach((p, j) => {
        const peer = parsePeer(p, direction, [...peerPath, j], issues);
        if (peer) peers.push(peer);
      });
      const ports = adminPolicyPorts(rule.ports, [...at, 'ports'], issues);
      if (ports !== 'all' && ports.some((p) => p.kind === 'named') && peers.some((p) => p.kind === 'ips' || p.kind === 'nodes')) {
        issues.error('named-port-ip-peer', [...at, 'ports'], `${formatPath([...at, 'ports'])}: networks/nodes peers cannot be combined with namedPort, since networks and nodes have no named ports`);
      }
      rules.push({ policy: model, direction, index, name, path: at, action: action ?? 'Deny', peers, ports, ignored: false });
    });
  }
  state.invalid = issues.hasErrors;
  return { policy: model, issues: issues.issues };
}
