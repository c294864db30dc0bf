import type { Finding } from './finding.js';

/**
 * Identifies a finding across runs: the rule, the object and the field, but not the line, so
 * edits elsewhere in a file do not make old findings look new. An object without a name (a
 * configuration file: KubeletConfiguration, kubeadm's ClusterConfiguration) is told apart by its
 * file, as the scan names it: two clusters' files are two objects.
 */
export function fingerprint(finding: Pick<Finding, 'ruleId' | 'object' | 'path' | 'location'>): string {
  const print = fingerprintOfNamed(finding);
  return finding.object.name === '' ? hash128(`${print}\u0000${finding.location.file}`) : print;
}

/** The fingerprint without the file: every fingerprint before unnamed objects were told apart, and a named object's still. */
export function fingerprintOfNamed(finding: Pick<Finding, 'ruleId' | 'object' | 'path'>): string {
  const o = finding.object;
  const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
  return hash128(`${finding.ruleId}\u0000${group}\u0000${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}\u0000${finding.path}`);
}

/*
 * A stable, fast, non-cryptographic 128-bit hash (four FNV-1a lanes with distinct primes, mixed
 * with the murmur3 finalizer). Fingerprints only need to be stable and practically unique; a
 * cryptographic hash costs more than the rest of a finding when there are 100k+ of them.
 */
export function hash128(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let c = 0x1b873593;
  let d = 0xcc9e2d51;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
    c = Math.imul(c ^ ch, 0x27d4eb2d);
    d = Math.imul(d ^ ch, 0x165667b1);
  }
  putHex(fmix(a ^ d), 0);
  putHex(fmix(b ^ a), 8);
  putHex(fmix(c ^ b), 16);
  putHex(fmix(d ^ c), 24);
  // One flat string: concatenating the four parts would keep a tree of seven strings per
  // fingerprint, three times the memory, and a baseline holds 100k+ of them.
  return String.fromCharCode.apply(null, HEX_OUT);
}

function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const HEX_OUT: number[] = new Array<number>(32).fill(0);

/** Writes the 8 hexadecimal digits of `n` into HEX_OUT from `at`. */
function putHex(n: number, at: number): void {
  for (let i = 7; i >= 0; i--) {
    HEX_OUT[at + i] = HEX_DIGITS[n & 15] as number;
    n >>>= 4;
  }
}
