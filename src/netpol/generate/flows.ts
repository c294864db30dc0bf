import yaml from 'js-yaml';
import type { Problem } from '../../core/result.js';
import { asArray, asRecord } from '../../k8s/access.js';
import { connSetFromList, ConnSet, isProtocol } from '../ports/conn-set.js';

/** One observed connection: workloads by `namespace/name`, or an IP/CIDR for outside peers. */
export interface Flow {
  readonly src: string;
  readonly dst: string;
  readonly conns: ConnSet;
  readonly index: number;
}

/**
 * Reads observed flows (JSON or YAML): a list (or `{ flows: [...] }`) of
 * `{ src, dst, port, protocol }`, or the JSON of `rampart netpol map` (`{ connections: [...] }`).
 */
export function parseFlows(text: string, file: string): { flows: Flow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let value: unknown;
  try {
    value = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    return { flows: [], problems: [{ code: 'bad-flows', message: `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`, location: { file, ...(mark?.line !== undefined ? { line: mark.line + 1 } : {}) } }] };
  }
  const record = asRecord(value);
  const list = Array.isArray(value) ? value : asArray(record?.flows ?? record?.connections);
  if (!Array.isArray(value) && !record?.flows && !record?.connections) {
    problems.push({ code: 'bad-flows', message: 'expected a list of flows { src, dst, port, protocol }, { flows: [...] } or the JSON of rampart netpol map', location: { file } });
  }
  const flows: Flow[] = [];
  list.forEach((item, index) => {
    const f = asRecord(item);
    const src = f?.src;
    const dst = f?.dst;
    const fail = (why: string) => problems.push({ code: 'bad-flows', message: `flow #${index + 1}: ${why}`, location: { file } });
    if (typeof src !== 'string' || typeof dst !== 'string') {
      fail('src and dst must be strings (namespace/name, or an IP address or CIDR)');
      return;
    }
    let conns: ConnSet | undefined;
    if (f?.ports !== undefined) conns = f.ports === 'all' ? ConnSet.ALL : Array.isArray(f.ports) && f.ports.every((p) => typeof p === 'string') ? connSetFromList(f.ports) : undefined;
    else {
      const protocol = f?.protocol ?? 'TCP';
      const port = f?.port;
      if (isProtocol(protocol) && typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) conns = ConnSet.of({ [protocol]: [port, port] });
    }
    if (!conns) {
      fail('needs port (1-65535) and protocol (TCP, UDP or SCTP), or ports like ["TCP 8080"]');
      return;
    }
    // A connection of `netpol map` names an address range by its first and last address and
    // lists the CIDRs that cover it in source.cidrs or destination.cidrs: one flow per CIDR.
    for (const from of endpointNames(src, f?.source)) {
      for (const to of endpointNames(dst, f?.destination)) flows.push({ src: from, dst: to, conns, index });
    }
  });
  return { flows, problems };
}

/** The names of one side of a flow: the CIDRs of a map's external range, else the name as written. */
function endpointNames(name: string, endpoint: unknown): string[] {
  const e = asRecord(endpoint);
  if (e?.type !== 'external') return [name];
  const cidrs = asArray(e.cidrs).filter((c): c is string => typeof c === 'string');
  return cidrs.length > 0 ? cidrs : [name];
}
