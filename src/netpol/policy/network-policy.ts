import type { Path } from '../../core/path.js';
import { formatPath } from '../../core/path.js';
import { asArray, asRecord, type JsonRecord } from '../../k8s/access.js';
import { isReadFromCluster, type K8sObject } from '../../k8s/object.js';
import { type CidrValidation, parseIpBlock } from './ip-block.js';
import { IssueCollector, type PolicyIssue } from './issues.js';
import { networkPolicyPorts } from './ports.js';
import { compileSelector } from './selector.js';
import type { Direction, NetworkPolicyModel, Peer, Rule } from './types.js';

const PEER_FIELD: Readonly<Record<Direction, 'from' | 'to'>> = { ingress: 'from', egress: 'to' };

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** policyTypes as the API server defaults them: Ingress always, Egress when egress rules exist. */
function policyTypes(spec: JsonRecord | undefined, issues: IssueCollector): { affects: Record<Direction, boolean>; explicit: boolean } {
  const raw = spec?.policyTypes;
  const list = asArray(raw);
  if (!isSet(raw) || list.length === 0) {
    return { affects: { ingress: true, egress: asArray(spec?.egress).length > 0 }, explicit: false };
  }
  const path = ['spec', 'policyTypes'];
  if (!Array.isArray(raw)) issues.error('invalid-policy-types', path, `${formatPath(path)}: must be a list of Ingress and Egress`);
  if (list.length > 2) issues.error('invalid-policy-types', path, `${formatPath(path)}: may not specify more than two policyTypes`);
  const affects = { ingress: false, egress: false };
  list.forEach((t, i) => {
    if (t === 'Ingress') affects.ingress = true;
    else if (t === 'Egress') affects.egress = true;
    else issues.error('invalid-policy-types', [...path, i], `${formatPath([...path, i])}: unsupported policy type ${JSON.stringify(t)} (Ingress or Egress)`);
  });
  return { affects, explicit: true };
}

function parsePeers(policy: { namespace: string }, value: unknown, path: Path, issues: IssueCollector, validation: CidrValidation): 'all' | Peer[] {
  if (isSet(value) && !Array.isArray(value)) {
    issues.error('invalid-peer', path, `${formatPath(path)}: must be a list of peers`);
    return [];
  }
  const list = asArray(value);
  if (list.length === 0) return 'all';
  const peers: Peer[] = [];
  list.forEach((item, i) => {
    const at = [...path, i];
    const peer = asRecord(item);
    const has = { pods: isSet(peer?.podSelector), namespaces: isSet(peer?.namespaceSelector), ips: isSet(peer?.ipBlock) };
    if (!peer || (!has.pods && !has.namespaces && !has.ips)) {
      issues.error('invalid-peer', at, `${formatPath(at)}: a peer must set podSelector, namespaceSelector or ipBlock (an empty peer is rejected)`);
      return;
    }
    if (has.ips && (has.pods || has.namespaces)) {
      issues.error('invalid-peer', at, `${formatPath(at)}: ipBlock may not be combined with podSelector or namespaceSelector in one peer (make them separate peers)`);
      return;
    }
    if (has.ips) {
      const block = parseIpBlock(peer.ipBlock, [...at, 'ipBlock'], issues, validation);
      if (block) peers.push({ kind: 'ips', ips: block.ips, cidrs: block.cidrs, text: block.text, path: [...at, 'ipBlock'] });
      return;
    }
    const pods = has.pods ? compileSelector(peer.podSelector, [...at, 'podSelector'], issues) : undefined;
    const namespaces = has.namespaces
      ? { kind: 'selector' as const, selector: compileSelector(peer.namespaceSelector, [...at, 'namespaceSelector'], issues) }
      : { kind: 'same' as const, namespace: policy.namespace };
    peers.push({ kind: 'pods', namespaces, pods, path: at });
  });
  return peers;
}

export interface ParsedPolicy<P> {
  readonly policy: P;
  readonly issues: readonly PolicyIssue[];
}

export interface NetworkPolicyParseOptions {
  /** Whether the API server validates CIDRs strictly (Kubernetes 1.36+); default true, as the latest release does. */
  readonly strictCidrs?: boolean;
}

/**
 * Reads a networking.k8s.io/v1 NetworkPolicy with the API server's defaults and validation.
 * `namespace` is where it lands (`default` when unset).
 */
export function parseNetworkPolicy(object: K8sObject, namespace: string, options: NetworkPolicyParseOptions = {}): ParsedPolicy<NetworkPolicyModel> {
  const issues = new IssueCollector();
  // An object read back from an API server had its CIDRs accepted when it was stored, and updates
  // keep accepting them, so strict CIDR validation does not undo it.
  const validation: CidrValidation = options.strictCidrs !== false && !isReadFromCluster(object) ? 'strict' : 'legacy';
  const spec = asRecord(object.body.spec);
  if (isSet(object.body.spec) && !spec) issues.error('invalid-rule', ['spec'], 'spec: must be a mapping');
  const podSelector = compileSelector(spec?.podSelector, ['spec', 'podSelector'], issues);
  const types = policyTypes(spec, issues);
  const ingress: Rule[] = [];
  const egress: Rule[] = [];
  const state = { invalid: false };
  const model: NetworkPolicyModel = {
    kind: 'NetworkPolicy',
    object,
    name: object.name,
    namespace,
    podSelector,
    affects: types.affects,
    explicitTypes: types.explicit,
    ingress,
    egress,
    get invalid() {
      return state.invalid;
    },
  };
  for (const direction of ['ingress', 'egress'] as const) {
    const raw = spec?.[direction];
    const path = ['spec', direction];
    if (isSet(raw) && !Array.isArray(raw)) issues.error('invalid-rule', path, `${formatPath(path)}: must be a list of rules`);
    const rules = direction === 'ingress' ? ingress : egress;
    asArray(raw).forEach((item, index) => {
      const at = [...path, index];
      const rule = asRecord(item);
      if (item !== null && item !== undefined && !rule) {
        issues.error('invalid-rule', at, `${formatPath(at)}: a rule must be a mapping`);
        return;
      }
      const peers = parsePeers(model, rule?.[PEER_FIELD[direction]], [...at, PEER_FIELD[direction]], issues, validation);
      const ports = networkPolicyPorts(rule?.ports, [...at, 'ports'], issues);
      const ipPeers = peers === 'all' ? [] : peers.filter((p) => p.kind === 'ips');
      if (direction === 'egress' && ports !== 'all' && ipPeers.length > 0) {
        // Peers are alternatives: with a pod peer besides, the named port still matches those pods.
        const onlyIps = ipPeers.length === peers.length;
        for (const port of ports) {
          if (port.kind !== 'named') continue;
          const at = [...port.path, 'port'];
          if (onlyIps) {
            issues.error(
              'named-port-ip-peer',
              at,
              `${formatPath(at)}: named port ${JSON.stringify(port.name)} in a rule whose peers are all ipBlocks: named ports are resolved against the destination pod's container ports, so it can never match an address outside the cluster (the API server accepts it; use the port number)`,
            );
          } else {
            const blocks = ipPeers.map((p) => (p.kind === 'ips' ? p.text : '')).join(', ');
            issues.warning(
              'named-port-mixed-peers',
              at,
              `${formatPath(at)}: named port ${JSON.stringify(port.name)} matches only the pod peers of this rule: named ports are resolved against the destination pod's container ports, so the rule allows nothing on it towards its ipBlock peers (${blocks}); give those a numeric port in a rule of their own if they need it`,
            );
          }
        }
      }
      rules.push({ policy: model, direction, index, name: `#${index + 1}`, path: at, action: 'Allow', peers, ports, ignored: !types.affects[direction] });
    });
    if (rules.length > 0 && !types.affects[direction]) {
      const where = ['spec', 'policyTypes'];
      issues.warning(
        'ignored-rules',
        path,
        `${formatPath(path)}: ${rules.length} ${direction} rule${rules.length === 1 ? ' is' : 's are'} ignored: ${formatPath(where)} does not list ${direction === 'ingress' ? 'Ingress' : 'Egress'}`,
      );
    }
  }
  state.invalid = issues.issues.some((i) => i.level === 'error' && i.code !== 'named-port-ip-peer');
  return { policy: model, issues: issues.issues };
}
