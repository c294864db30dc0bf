import type { Finding } from './finding.js';

/**
 * Identifies a finding across runs: the rule, the object and the field, but not the line, so
 * edits elsewhere in a file do not make old findings look new.
 */
export function fingerprint(finding: Pick<Finding, 'ruleId' | 'object' | 'path'>): string {
  const o = finding.object;
  const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
  return hash128(`${finding.ruleId}\u0000${group}\u0000${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}\u0000${finding.path}`);
}

/*
 * A stable, fast, non-cryptographic 128-bit hash (four FNV-1a lanes with distinct primes, mixed
 * with the murmur3 finalizer). Fingerprints only need to be stable and practically unique; a
 * cryptographic hash costs more than the rest of a finding when there are 100k+ of them.
 */
function hash128(text: string): string {
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
  return hex(fmix(a ^ d)) + hex(fmix(b ^ a)) + hex(fmix(c ^ b)) + hex(fmix(d ^ c));
}

function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(n: number): string {
  return (BYTE_HEX[n >>> 24] as string) + BYTE_HEX[(n >>> 16) & 0xff] + BYTE_HEX[(n >>> 8) & 0xff] + BYTE_HEX[n & 0xff];
}
