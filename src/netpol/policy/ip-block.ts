import type { Path } from '../../core/path.js';
import { formatPath } from '../../core/path.js';
import { asArray, asRecord } from '../../k8s/access.js';
import { kubeMinorVersion } from '../../k8s/kube-version.js';
import { type Cidr, formatCidr, formatIp, MAX_ADDRESS, parseCidr, strictCidrProblem } from '../ip/address.js';
import { cidrRange, EMPTY_IPS, type IpSet, ipSet, subtractIps, unionIps } from '../ip/ip-set.js';
import type { IssueCollector } from './issues.js';

/** The minor version from which the API server validates NetworkPolicy CIDRs strictly (StrictIPCIDRValidation, beta and on by default). */
export const STRICT_CIDR_MINOR = 36;

/**
 * Whether the API server of a cluster at `kubeVersion` (`--kube-version`; unset or unreadable
 * means the latest release) rejects non-standard NetworkPolicy CIDRs.
 */
export function strictCidrValidation(kubeVersion: string | undefined): boolean {
  const minor = kubeMinorVersion(kubeVersion);
  return minor === undefined || minor >= STRICT_CIDR_MINOR;
}

/** How an ipBlock CIDR is validated: `strict` as a 1.36+ API server does on create, `legacy` before (or for a value already stored). */
export type CidrValidation = 'strict' | 'legacy';

function suggestion(cidr: Cidr, reason: 'leading-zeros' | 'ipv4-mapped' | 'host-bits'): string {
  // A mapped address with a leading zero too: its canonical form would still be refused as mapped.
  const mapped = cidr.family === 6 && cidr.prefix >= 96 && cidr.base >> 32n === 0xffffn;
  if (reason === 'ipv4-mapped' || mapped) return cidr.prefix >= 96 ? `write it as IPv4: ${formatIp(4, cidr.base & MAX_ADDRESS[4])}/${cidr.prefix - 96}` : 'write it as an IPv4 CIDR';
  return `write ${formatCidr(cidr)}`;
}

/** `validation` is the NetworkPolicy ipBlock one; admin policy `networks` (checked by their CRD, not by the gate) leave it out. */
function cidrAt(value: unknown, path: Path, issues: IssueCollector, validation?: CidrValidation): Cidr | undefined {
  const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
  if (!cidr) {
    issues.error('invalid-cidr', path, `${formatPath(path)}: invalid CIDR ${JSON.stringify(value)} (expected an address and prefix length, e.g. 10.0.0.0/8 or fd00::/8)`);
    return undefined;
  }
  const problem = typeof value === 'string' ? strictCidrProblem(value) : undefined;
  if (problem && validation === 'strict') {
    issues.error(
      'invalid-cidr',
      path,
      `${formatPath(path)}: ${JSON.stringify(value)} ${problem.message}: the API server rejects it when the policy is created from Kubernetes 1.${STRICT_CIDR_MINOR} on (${suggestion(cidr, problem.reason)})`,
    );
    return undefined;
  }
  const later = validation === 'legacy' ? ` and rejects it in new policies from 1.${STRICT_CIDR_MINOR} on (${suggestion(cidr, problem?.reason ?? 'host-bits')})` : '';
  if (problem?.reason === 'host-bits') {
    issues.warning('cidr-host-bits', path, `${formatPath(path)}: ${JSON.stringify(value)} has host bits set; Kubernetes reads it as ${formatCidr(cidr)}${later}`);
  } else if (problem && validation === 'legacy') {
    issues.warning('cidr-non-standard', path, `${formatPath(path)}: ${JSON.stringify(value)} ${problem.message}; Kubernetes reads it as ${formatCidr(cidr)}${later}`);
  }
  return cidr;
}

/** A NetworkPolicy ipBlock: cidr minus every except, each a strict subset of cidr (ValidateIPBlock). */
export function parseIpBlock(value: unknown, path: Path, issues: IssueCollector, validation: CidrValidation): { ips: IpSet; cidrs: Cidr[]; text: string } | undefined {
  const block = asRecord(value);
  if (!block) {
    issues.error('invalid-cidr', path, `${formatPath(path)}: must be a mapping with cidr and except`);
    return undefined;
  }
  const cidr = cidrAt(block.cidr, [...path, 'cidr'], issues, validation);
  if (!cidr) return undefined;
  let ips: IpSet = [cidrRange(cidr)];
  const excepts: string[] = [];
  let ok = true;
  asArray(block.except).forEach((item, i) => {
    const at = [...path, 'except', i];
    const except = cidrAt(item, at, issues, validation);
    if (!except) {
      ok = false;
      return;
    }
    const inside = except.family === cidr.family && except.prefix > cidr.prefix && cidrRange(except).lo >= cidr.base && cidrRange(except).hi <= cidrRange(cidr).hi;
    if (!inside) {
      issues.error('invalid-except', at, `${formatPath(at)}: ${formatCidr(except)} must be a strict subset of cidr ${formatCidr(cidr)}`);
      ok = false;
      return;
    }
    excepts.push(formatCidr(except));
    ips = subtractIps(ips, [cidrRange(except)]);
  });
  if (!ok) return undefined;
  const text = excepts.length === 0 ? formatCidr(cidr) : `${formatCidr(cidr)} except ${excepts.join(', ')}`;
  return { ips, cidrs: [cidr], text };
}

/** The CIDRs of an admin policy `networks` peer (IPv4 or IPv6, as net.ParseCIDR reads them). */
export function parseNetworks(value: unknown, path: Path, issues: IssueCollector): { ips: IpSet; cidrs: Cidr[]; text: string } | undefined {
  const list = asArray(value);
  if (!Array.isArray(value) || list.length === 0) {
    issues.error('invalid-cidr', path, `${formatPath(path)}: must be a list of at least one CIDR`);
    return undefined;
  }
  let ips: IpSet = EMPTY_IPS;
  const texts: string[] = [];
  const cidrs: Cidr[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const at = [...path, i];
    // net.ParseCIDR refuses IPv4 octets with leading zeros.
    const address = typeof item === 'string' ? (item.split('/')[0] ?? '') : '';
    const strictlyValid = typeof item === 'string' && (address.includes(':') || !/(^|\.)0\d/.test(address));
    const cidr = strictlyValid ? cidrAt(item, at, issues) : undefined;
    if (!strictlyValid) issues.error('invalid-cidr', at, `${formatPath(at)}: invalid CIDR ${JSON.stringify(item)}`);
    if (!cidr) {
      ok = false;
      return;
    }
    texts.push(formatCidr(cidr));
    cidrs.push(cidr);
    ips = unionIps(ips, [cidrRange(cidr)]);
  });
  return ok ? { ips: ipSet(ips), cidrs, text: texts.join(', ') } : undefined;
}
