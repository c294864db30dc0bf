/*
 * Parsers for netpol-analyzer's expected outputs (txt and json), reduced to what they say about
 * connectivity: which peer may reach which, on which ports. Formatting is not compared.
 */
import { parseIp } from '../../src/netpol/ip/address.js';
import type { IpRange } from '../../src/netpol/ip/ip-set.js';
import { ConnSet, isProtocol } from '../../src/netpol/ports/conn-set.js';

/** A peer as netpol-analyzer prints it, normalized: `ns/name`, an IPv4 range, or a symbolic name. */
export type ExpectedPeer = { readonly kind: 'workload'; readonly name: string } | { readonly kind: 'external'; readonly range: IpRange } | { readonly kind: 'other'; readonly name: string };

export interface ExpectedConn {
  readonly src: ExpectedPeer;
  readonly dst: ExpectedPeer;
  /** Undefined for `--focus-conn` outputs, which list pairs only. */
  readonly conns: ExpectedConnSet | undefined;
}

/** Numbered ports plus, in exposure outputs, named ports that could not be resolved (`TCP http`). */
export interface ExpectedConnSet {
  readonly set: ConnSet;
  readonly named: readonly string[];
}

export function parsePeer(text: string): ExpectedPeer {
  const t = text.trim();
  const external = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)(\[External\])?$/.exec(t);
  if (external) {
    const lo = parseIp(external[1] ?? '');
    const hi = parseIp(external[2] ?? '');
    if (!lo || !hi) throw new Error(`bad range ${t}`);
    return { kind: 'external', range: { family: 4, lo: lo.value, hi: hi.value } };
  }
  const workload = /^([^/[\]]+)\/([^/[\]]+)\[[A-Za-z]+\]$/.exec(t);
  if (workload) return { kind: 'workload', name: `${workload[1]}/${workload[2]}` };
  return { kind: 'other', name: t };
}

/** `All Connections`, `No Connections`, or `SCTP 9003,TCP 1-8079,8081-65535,UDP 53`. */
export function parseConns(text: string): ExpectedConnSet {
  const t = text.trim();
  if (t === 'All Connections') return { set: ConnSet.ALL, named: [] };
  if (t === 'No Connections') return { set: ConnSet.NONE, named: [] };
  let set = ConnSet.NONE;
  const named: string[] = [];
  let protocol: string | undefined;
  for (const token of t.split(',')) {
    const parts = token.trim().split(' ');
    const value = parts.length === 2 ? parts[1] : parts[0];
    if (parts.length === 2) protocol = parts[0];
    if (value === undefined) throw new Error(`bad connection set ${t}`);
    const range = /^(\d+)(?:-(\d+))?$/.exec(value);
    if (!range) {
      named.push(`${protocol ?? ''} ${value}`.trim());
      continue;
    }
    if (!isProtocol(protocol)) throw new Error(`bad protocol in ${t}`);
    const lo = Number(range[1]);
    set = set.union(ConnSet.of({ [protocol]: [lo, range[2] === undefined ? lo : Number(range[2])] }));
  }
  return { set, named };
}

export interface ExpectedExposureEntry {
  readonly workload: string;
  readonly peer: ExpectedPeer;
  readonly conns: ExpectedConnSet | undefined;
}

export interface ExpectedOutput {
  readonly connections: ExpectedConn[];
  readonly exposure?: {
    readonly egress: ExpectedExposureEntry[];
    readonly ingress: ExpectedExposureEntry[];
    /** `ns/name egress` entries; undefined in json outputs, which do not list them. */
    readonly unprotected: string[] | undefined;
  };
}

function workloadName(text: string): string {
  const peer = parsePeer(text);
  if (peer.kind !== 'workload') throw new Error(`expected a workload, got ${text}`);
  return peer.name;
}

/** The `list` text output, with or without `--exposure` and `--focus-conn`. */
export function parseListText(text: string): ExpectedOutput {
  const connections: ExpectedConn[] = [];
  const egress: ExpectedExposureEntry[] = [];
  const ingress: ExpectedExposureEntry[] = [];
  const unprotected: string[] = [];
  let section: 'conns' | 'egress' | 'ingress' | 'unprotected' = 'conns';
  let exposure = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('Permitted connections on')) continue;
    if (line.startsWith('Exposure Analysis Result')) {
      exposure = true;
      continue;
    }
    if (line === 'Egress Exposure:') section = 'egress';
    else if (line === 'Ingress Exposure:') section = 'ingress';
    else if (line === 'Workloads not protected by network policies:') section = 'unprotected';
    else if (section === 'conns') {
      const m = /^(.*?) => (.*?)(?: : (.*))?$/.exec(line);
      if (!m) throw new Error(`unparsed line: ${line}`);
      connections.push({ src: parsePeer(m[1] ?? ''), dst: parsePeer(m[2] ?? ''), conns: m[3] === undefined ? undefined : parseConns(m[3]) });
    } else if (section === 'unprotected') {
      const m = /^(.*) is not protected on (Egress|Ingress)$/.exec(line);
      if (!m) throw new Error(`unparsed line: ${line}`);
      unprotected.push(`${workloadName(m[1] ?? '')} ${(m[2] ?? '').toLowerCase()}`);
    } else {
      const m = /^(.*?)\s*\t(=>|<=) \t(.*?)(?: : (.*))?$/.exec(line);
      if (!m) throw new Error(`unparsed line: ${line}`);
      const entry = { workload: workloadName(m[1] ?? ''), peer: parsePeer(m[3] ?? ''), conns: m[4] === undefined ? undefined : parseConns(m[4]) };
      (section === 'egress' ? egress : ingress).push(entry);
    }
  }
  return { connections, ...(exposure ? { exposure: { egress, ingress, unprotected } } : {}) };
}

interface JsonConn {
  readonly src: string;
  readonly dst: string;
  readonly conn?: string;
}

/** The `list` json output: an array, or an object with connlist and exposure results. */
export function parseListJson(text: string): ExpectedOutput {
  const value: unknown = JSON.parse(text);
  const conn = (c: JsonConn): ExpectedConn => ({ src: parsePeer(c.src), dst: parsePeer(c.dst), conns: c.conn === undefined ? undefined : parseConns(c.conn) });
  if (Array.isArray(value)) return { connections: (value as JsonConn[]).map(conn) };
  const record = value as Record<string, unknown>;
  const list = (record.connlist_results ?? record.connlist_conn_focus_results ?? []) as JsonConn[];
  const exposure = (record.exposure_results ?? record.exposure_conn_focus_results) as { egress_exposure: JsonConn[] | null; ingress_exposure: JsonConn[] | null } | undefined;
  return {
    connections: list.map(conn),
    ...(exposure
      ? {
          exposure: {
            egress: (exposure.egress_exposure ?? []).map((c) => ({ workload: workloadName(c.src), peer: parsePeer(c.dst), conns: c.conn === undefined ? undefined : parseConns(c.conn) })),
            ingress: (exposure.ingress_exposure ?? []).map((c) => ({ workload: workloadName(c.dst), peer: parsePeer(c.src), conns: c.conn === undefined ? undefined : parseConns(c.conn) })),
            unprotected: undefined,
          },
        }
      : {}),
  };
}

export interface ExpectedDiff {
  readonly type: 'changed' | 'added' | 'removed';
  readonly src: ExpectedPeer;
  readonly dst: ExpectedPeer;
  readonly ref1: ConnSet;
  readonly ref2: ConnSet;
  /** `workload ns/name added` / `removed` notes. */
  readonly info: string;
}

/** The `diff` text output. */
export function parseDiffText(text: string): ExpectedDiff[] {
  const out: ExpectedDiff[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line === 'Connectivity diff:') continue;
    const m = /^diff-type: (changed|added|removed), source: (.*?), destination: (.*?), ref1: (.*?), ref2: (.*?)(?:, workloads-diff-info: (.*))?$/.exec(line);
    if (!m) throw new Error(`unparsed diff line: ${line}`);
    out.push({
      type: m[1] as ExpectedDiff['type'],
      src: parsePeer(m[2] ?? ''),
      dst: parsePeer(m[3] ?? ''),
      ref1: parseConns(m[4] ?? '').set,
      ref2: parseConns(m[5] ?? '').set,
      info: (m[6] ?? '').replace(/\[[A-Za-z]+\]/g, ''),
    });
  }
  return out;
}

/**
 * A representative peer as netpol-analyzer prints it (`ns/[all pods]`,
 * `[namespace with {a=b}]/[pod with {{Key:app,Operator:NotIn,Values:[x y],}}]`), as the canonical
 * `namespaceSelector/podSelector` key Rampart uses (`*`: every pod).
 */
export function potentialKey(text: string): string | undefined {
  const m = /^(?:\[(.*?)\]|([^[/]+))\/\[(.*)\]$/.exec(text);
  if (!m) return undefined;
  const ns = m[2] !== undefined ? `kubernetes.io/metadata.name=${m[2]}` : selectorKey((m[1] ?? '').replace(/^namespace with /, ''));
  const podText = m[3] ?? '';
  const pods = podText === 'all pods' ? '*' : selectorKey(podText.replace(/^pod with /, ''));
  return `${ns}/${pods}`;
}

/** `{a=b,c=d}` and `{{Key:k,Operator:In,Values:[x y],}}` parts, as sorted canonical requirements. */
function selectorKey(text: string): string {
  if (text === 'all namespaces') return '';
  const inner = text.replace(/^\{/, '').replace(/\}$/, '');
  const requirements: string[] = [];
  const expressions = /\{Key:([^,]*),Operator:([A-Za-z]+),Values:\[([^\]]*)\],\}/g;
  for (const e of inner.matchAll(expressions)) {
    const values = (e[3] ?? '').split(' ').filter((v) => v !== '').sort();
    const key = e[1] ?? '';
    const op = e[2];
    if (op === 'In') requirements.push(values.length === 1 ? `${key}=${values[0]}` : `${key} in (${values.join(',')})`);
    else if (op === 'NotIn') requirements.push(`${key} notin (${values.join(',')})`);
    else if (op === 'Exists') requirements.push(key);
    else requirements.push(`!${key}`);
  }
  const labels = inner.replace(expressions, '').split(',').filter((x) => x.includes('='));
  requirements.push(...labels);
  return requirements.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : a < b ? -1 : a > b ? 1 : 0)).join(',');
}

function keyOf(requirement: string): string {
  return requirement.replace(/^!/, '').split(/[= ]/)[0] ?? '';
}

export interface ExpectedSide {
  readonly allowed: boolean;
  readonly systemDefault: boolean;
  /** `NetworkPolicy 'ns/name' #1`, `AdminNetworkPolicy 'name' rule-name`, `Route 'ns/name'`. */
  readonly reasons: readonly string[];
}

export interface ExpectedExplainSegment {
  readonly allowed: boolean;
  readonly conns: ConnSet;
  readonly egress: ExpectedSide;
  readonly ingress: ExpectedSide;
}

export interface ExpectedExplainBlock {
  readonly src: ExpectedPeer;
  readonly dst: ExpectedPeer;
  readonly segments: ExpectedExplainSegment[];
}

/** `TCP, UDP, SCTP`, `TCP:[8080]`, `TCP:[1-8079,8081-65535], UDP, SCTP`. */
function parseExplainConns(text: string): ConnSet {
  let set = ConnSet.NONE;
  for (const m of text.matchAll(/(TCP|UDP|SCTP)(?::\[([^\]]*)\])?/g)) {
    const protocol = m[1];
    if (!isProtocol(protocol)) continue;
    if (m[2] === undefined) {
      set = set.union(ConnSet.protocol(protocol));
      continue;
    }
    for (const part of m[2].split(',')) {
      const [lo, hi] = part.split('-').map(Number);
      if (lo === undefined) continue;
      set = set.union(ConnSet.of({ [protocol]: [lo, hi ?? lo] }));
    }
  }
  return set;
}

/** The policy (and rule) a reason line names. */
export function reasonOf(line: string): string | undefined {
  const policy = /(NetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy|Route|K8s-Ingress) '([^']+)'/.exec(line);
  if (!policy) return undefined;
  const rule = /(?:Ingress|Egress) rule (#\d+|[A-Za-z0-9][\w.-]*)/.exec(line);
  return `${policy[1]} '${policy[2]}'${rule ? ` ${rule[1]}` : ''}`;
}

/** The `list --explain` text output. */
export function parseExplainText(text: string): ExpectedExplainBlock[] {
  const blocks: ExpectedExplainBlock[] = [];
  let block: ExpectedExplainBlock | undefined;
  let verdict = false;
  let segment: { allowed: boolean; conns: ConnSet; egress: { allowed: boolean; systemDefault: boolean; reasons: string[] }; ingress: { allowed: boolean; systemDefault: boolean; reasons: string[] } } | undefined;
  let side: 'egress' | 'ingress' | undefined;
  let defaults = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('# All Connections due to the system default')) {
      defaults = true;
      continue;
    }
    if (defaults) {
      const m = /^(.*?) => (.*)$/.exec(line);
      if (!m) continue;
      const everything = { allowed: true, systemDefault: true, reasons: [] };
      blocks.push({ src: parsePeer(m[1] ?? ''), dst: parsePeer(m[2] ?? ''), segments: [{ allowed: true, conns: ConnSet.ALL, egress: everything, ingress: everything }] });
      continue;
    }
    const between = /^Connections between (.*?) => (.*):$/.exec(line);
    if (between) {
      block = { src: parsePeer(between[1] ?? ''), dst: parsePeer(between[2] ?? ''), segments: [] };
      blocks.push(block);
      continue;
    }
    if (line === 'Allowed connections:' || line === 'Denied connections:') {
      verdict = line.startsWith('Allowed');
      continue;
    }
    const head = /^\t(Allowed|Denied) (.*) due to (the following policies and rules:|the system default \(Allow all\))$/.exec(line);
    if (head && block) {
      const systemDefault = (head[3] ?? '').startsWith('the system default');
      segment = {
        allowed: verdict,
        conns: parseExplainConns(head[2] ?? ''),
        egress: { allowed: true, systemDefault, reasons: [] },
        ingress: { allowed: true, systemDefault, reasons: [] },
      };
      block.segments.push(segment);
      side = undefined;
      continue;
    }
    const sideLine = /^\t\t(Egress|Ingress) \((Allowed|Denied)\)( due to the system default \(Allow all\))?$/.exec(line);
    if (sideLine && segment) {
      side = sideLine[1] === 'Egress' ? 'egress' : 'ingress';
      segment[side] = { allowed: sideLine[2] === 'Allowed', systemDefault: sideLine[3] !== undefined, reasons: [] };
      continue;
    }
    if (segment && side && line.startsWith('\t\t\t')) {
      if (line.trim() === 'the system default (Allow all)') segment[side] = { ...segment[side], systemDefault: true };
      const reason = reasonOf(line);
      if (reason) segment[side].reasons.push(reason);
    }
  }
  return blocks;
}
