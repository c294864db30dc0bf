import type { Path } from '../../core/path.js';
import { formatPath } from '../../core/path.js';
import { asArray, asRecord } from '../../k8s/access.js';
import { isProtocol, type Protocol } from '../ports/conn-set.js';
import { ALL_PORTS, MAX_PORT, MIN_PORT } from '../ports/port-set.js';
import type { IssueCollector } from './issues.js';
import type { PortSpec } from './types.js';

/** Why `name` is not a valid port name (IANA_SVC_NAME, as containerPort names are), or undefined. */
export function portNameError(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only lowercase alphanumeric characters and hyphens';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}

function protocolOf(value: unknown, path: Path, issues: IssueCollector): Protocol | undefined {
  if (value === undefined || value === null) return 'TCP';
  if (isProtocol(value)) return value;
  issues.error('invalid-protocol', path, `${formatPath(path)}: unsupported protocol ${JSON.stringify(value)} (TCP, UDP or SCTP)`);
  return undefined;
}

/**
 * The ports of a NetworkPolicy rule (NetworkPolicyPort, validated as the API server does).
 * `all` when the list is missing or empty: the rule then matches every port.
 */
export function networkPolicyPorts(value: unknown, path: Path, issues: IssueCollector): 'all' | PortSpec[] {
  if (value !== undefined && value !== null && !Array.isArray(value)) {
    issues.error('invalid-port', path, `${formatPath(path)}: must be a list of ports`);
    return [];
  }
  const list = asArray(value);
  if (list.length === 0) return 'all';
  const specs: PortSpec[] = [];
  list.forEach((item, i) => {
    const at = [...path, i];
    const entry = asRecord(item);
    if (!entry) {
      issues.error('invalid-port', at, `${formatPath(at)}: must be a mapping with port, protocol and endPort`);
      return;
    }
    const protocol = protocolOf(entry.protocol, [...at, 'protocol'], issues);
    const port = entry.port;
    const endPort = entry.endPort;
    const hasEnd = endPort !== undefined && endPort !== null;
    if (protocol === undefined) return;
    if (port === undefined || port === null) {
      if (hasEnd) issues.error('invalid-end-port', [...at, 'endPort'], `${formatPath([...at, 'endPort'])}: may not be specified when port is not specified`);
      else specs.push({ kind: 'numbers', protocol, ports: ALL_PORTS, path: at });
      return;
    }
    if (typeof port === 'string') {
      const error = portNameError(port);
      if (error) issues.error('invalid-port', [...at, 'port'], `${formatPath([...at, 'port'])}: invalid port name ${JSON.stringify(port)}: ${error}`);
      if (hasEnd) {
        issues.error('invalid-end-port', [...at, 'endPort'], `${formatPath([...at, 'endPort'])}: endPort cannot be used with the named port ${JSON.stringify(port)} (only with a numeric port)`);
      }
      if (!error && !hasEnd) specs.push({ kind: 'named', protocol, name: port, path: at });
      return;
    }
    if (!isPortNumber(port)) {
      issues.error('invalid-port', [...at, 'port'], `${formatPath([...at, 'port'])}: ${JSON.stringify(port)} is not a port number (1-65535) or name`);
      return;
    }
    if (!hasEnd) {
      specs.push({ kind: 'numbers', protocol, ports: [port, port], path: at });
      return;
    }
    if (!isPortNumber(endPort)) {
      issues.error('invalid-end-port', [...at, 'endPort'], `${formatPath([...at, 'endPort'])}: ${JSON.stringify(endPort)} is not a port number (1-65535)`);
      return;
    }
    if (endPort < port) {
      issues.error('invalid-end-port', [...at, 'endPort'], `${formatPath([...at, 'endPort'])}: ${endPort} must be greater than or equal to port ${port}`);
      return;
    }
    specs.push({ kind: 'numbers', protocol, ports: [port, endPort], path: at });
  });
  return specs;
}

/**
 * The ports of an AdminNetworkPolicy or BaselineAdminNetworkPolicy rule: each entry sets exactly
 * one of portNumber, namedPort and portRange. Missing: every port. An empty list is refused (the
 * CRD's minItems: 1 on ports, in the releases that have domainNames peers).
 */
export function adminPolicyPorts(value: unknown, path: Path, issues: IssueCollector): 'all' | PortSpec[] {
  if (value === undefined || value === null) return 'all';
  if (!Array.isArray(value)) {
    issues.error('invalid-port', path, `${formatPath(path)}: must be a list of ports`);
    return [];
  }
  if (value.length === 0) {
    issues.error('invalid-port', path, `${formatPath(path)}: must list at least one port (the CRD rejects an empty list); leave ports out to match every port`);
    return [];
  }
  const specs: PortSpec[] = [];
  asArray(value).forEach((item, i) => {
    const at = [...path, i];
    const entry = asRecord(item);
    const fields = entry ? ['portNumber', 'namedPort', 'portRange'].filter((f) => entry[f] !== undefined && entry[f] !== null) : [];
    if (!entry || fields.length !== 1) {
      issues.error('invalid-port', at, `${formatPath(at)}: exactly one of portNumber, namedPort and portRange must be set`);
      return;
    }
    if (fields[0] === 'namedPort') {
      const name = entry.namedPort;
      if (typeof name !== 'string' || name === '') {
        issues.error('invalid-port', [...at, 'namedPort'], `${formatPath([...at, 'namedPort'])}: must be a port name`);
        return;
      }
      specs.push({ kind: 'named', protocol: 'any', name, path: at });
      return;
    }
    if (fields[0] === 'portNumber') {
      const number = asRecord(entry.portNumber);
      const protocol = protocolOf(number?.protocol === '' ? undefined : number?.protocol, [...at, 'portNumber', 'protocol'], issues);
      if (!isPortNumber(number?.port)) {
        issues.error('invalid-port', [...at, 'portNumber', 'port'], `${formatPath([...at, 'portNumber', 'port'])}: must be a port number (1-65535)`);
        return;
      }
      if (protocol) specs.push({ kind: 'numbers', protocol, ports: [number.port, number.port], path: at });
      return;
    }
    const range = asRecord(entry.portRange);
    const protocol = protocolOf(range?.protocol === '' ? undefined : range?.protocol, [...at, 'portRange', 'protocol'], issues);
    const start = range?.start;
    const end = range?.end;
    if (!isPortNumber(start) || !isPortNumber(end)) {
      issues.error('invalid-port', [...at, 'portRange'], `${formatPath([...at, 'portRange'])}: start and end must be port numbers (1-65535)`);
      return;
    }
    if (end < start) {
      issues.error('invalid-port', [...at, 'portRange', 'end'], `${formatPath([...at, 'portRange', 'end'])}: ${end} is less than start ${start}, so the range is empty`);
      return;
    }
    if (protocol) specs.push({ kind: 'numbers', protocol, ports: [start, end], path: at });
  });
  return specs;
}
