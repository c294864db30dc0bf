/*
 * Go's netip.ParseAddr, and net.ParseIP on top of it: dotted quads without leading zeros, IPv6
 * groups of at most four hex digits, one `::`, an IPv4 tail only where it replaces the last two
 * groups, a zone after `%` on IPv6 only. Hand-written: JavaScript's parsers (node:net.isIP) differ
 * on zones and leading zeros.
 */

/** What netip.ParseAddr(text) makes of a text: an IPv4 or IPv6 address (with or without a zone), or undefined for an error. */
export function goParseAddr(text: string): { readonly family: 4 | 6; readonly zoned: boolean } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '.') return ipv4Fields(text) ? { family: 4, zoned: false } : undefined;
    if (c === ':') return ipv6(text);
    if (c === '%') return undefined;
  }
  return undefined;
}

/** net.ParseIP(text) != nil: an address without a zone. */
export function goParsesIp(text: string): boolean {
  const addr = goParseAddr(text);
  return addr !== undefined && !addr.zoned;
}

/** The four octets of a dotted quad, or undefined. */
function ipv4Fields(text: string): number[] | undefined {
  const fields: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return undefined;
      value = value * 10 + c - 0x30;
      digits++;
      if (value > 255) return undefined;
    } else if (c === 0x2e) {
      if (i === 0 || i === text.length - 1 || text[i - 1] === '.' || fields.length === 3) return undefined;
      fields.push(value);
      value = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  if (fields.length < 3) return undefined;
  fields.push(value);
  return fields;
}

function ipv6(text: string): { readonly family: 6; readonly zoned: boolean } | undefined {
  const percent = text.indexOf('%');
  if (percent === text.length - 1) return undefined;
  const address = percent < 0 ? text : text.slice(0, percent);
  return ipv6Groups(address) ? { family: 6, zoned: percent >= 0 } : undefined;
}

function ipv6Groups(address: string): boolean {
  let s = address;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return true;
  }
  let filled = 0;
  while (filled < 16) {
    let digits = 0;
    while (digits < s.length && /[0-9a-fA-F]/.test(s[digits]!)) {
      if (++digits > 4) return false;
    }
    if (digits === 0) return false;
    if (s[digits] === '.') {
      if ((ellipsis < 0 && filled !== 12) || filled + 4 > 16) return false;
      if (!ipv4Fields(s)) return false;
      s = '';
      filled += 4;
      break;
    }
    filled += 2;
    s = s.slice(digits);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return false;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = filled;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return false;
  // Too few groups need a `::`, and a `::` must stand for at least one group.
  return filled < 16 ? ellipsis >= 0 : ellipsis < 0;
}
