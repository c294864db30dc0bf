import { isIP } from 'node:net';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME_LENGTH = 253;

export type DnsNamesResult = { readonly ok: true; readonly names: string[] } | { readonly ok: false; readonly reason: string };

/** Why `name` cannot be a DNS subject alternative name, or undefined when it can. */
export function dnsNameProblem(name: string): string | undefined {
  if (name === '') return 'empty name';
  if (isIP(name) !== 0) return `"${name}" is an IP address; give DNS names (a webhook is called through its Service's DNS name)`;
  if (name.length > MAX_NAME_LENGTH) return `"${name}" is longer than ${MAX_NAME_LENGTH} characters`;
  const labels = name.split('.');
  // A wildcard is allowed as the whole leftmost label only, and not directly under a top-level name.
  const wildcard = labels[0] === '*';
  if (wildcard && labels.length < 3) return `"${name}": a wildcard needs at least two labels after "*."`;
  for (const label of wildcard ? labels.slice(1) : labels) {
    if (!LABEL.test(label)) {
      return `"${name}" is not a valid DNS name (each dot-separated label: 1-63 of a-z, 0-9 and "-", not starting or ending with "-")`;
    }
  }
  return undefined;
}

/** Checks and normalizes DNS names (lowercase, duplicates dropped, order kept). */
export function normalizeDnsNames(names: readonly string[]): DnsNamesResult {
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    const problem = dnsNameProblem(name);
    if (problem) return { ok: false, reason: problem };
    seen.add(name);
  }
  if (seen.size === 0) return { ok: false, reason: 'no DNS name given' };
  return { ok: true, names: [...seen] };
}
