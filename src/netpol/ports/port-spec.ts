import { fail, ok, type Result } from '../../core/result.js';
import { isProtocol, type Protocol } from './conn-set.js';

/** A port as a user writes it on the command line. */
export type PortSpec =
  | { readonly kind: 'number'; readonly protocol: Protocol; readonly lo: number; readonly hi: number }
  | { readonly kind: 'name'; readonly protocol: Protocol | undefined; readonly name: string };

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `8080`, `8080/TCP`, `9000-9100/udp`, `tcp-8080` (netpol-analyzer's form), `TCP 8080`, or a named
 * port: `http`, `http/TCP`. The protocol defaults to TCP for numbers.
 */
export function parsePortSpec(text: string): Result<PortSpec> {
  const t = text.trim();
  let protocolText: string | undefined;
  let port = t;
  const dashed = /^(tcp|udp|sctp)-(\d+)$/i.exec(t);
  const spaced = /^(tcp|udp|sctp) (\S+)$/i.exec(t);
  const slashed = /^([^/]+)\/([A-Za-z]+)$/.exec(t);
  if (dashed) [protocolText, port] = [dashed[1], dashed[2] ?? ''];
  else if (spaced) [protocolText, port] = [spaced[1], spaced[2] ?? ''];
  else if (slashed) [port, protocolText] = [slashed[1] ?? '', slashed[2]];
  const protocol = protocolText?.toUpperCase();
  if (protocol !== undefined && !isProtocol(protocol)) return fail({ code: 'bad-port', message: `unknown protocol "${protocolText}" in "${text}" (TCP, UDP or SCTP)` });
  const range = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (range) {
    const lo = Number(range[1]);
    const hi = range[2] === undefined ? lo : Number(range[2]);
    if (lo < 1 || hi > 65535 || hi < lo) return fail({ code: 'bad-port', message: `"${text}": ports are 1-65535 (a range must be low-high)` });
    return ok({ kind: 'number', protocol: protocol ?? 'TCP', lo, hi });
  }
  if (NAME.test(port) && /[a-z]/.test(port) && port.length <= 15) return ok({ kind: 'name', protocol, name: port });
  return fail({ code: 'bad-port', message: `"${text}" is not a port: use 8080, 8080/TCP, 9000-9100/UDP, tcp-8080 or a port name` });
}
