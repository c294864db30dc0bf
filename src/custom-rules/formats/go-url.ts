// Ports the verdicts of Go 1.26's net/url.Parse (src/net/url/url.go, plus the
// net/netip.ParseAddr check it applies to bracketed hosts): goUrlParseError
// returns a reason exactly when Go returns a non-nil error. Hand-written
// because no npm URL library reproduces Go's rules (WHATWG parsers accept and
// reject different strings).
//
// Go indexes strings by byte, so the input is first turned into its UTF-8
// bytes held one per char in a "binary" string (Buffer latin1), which lets
// indexOf/slice behave like Go's strings functions.

import { goParseAddr } from './go-ip.js';

type Mode = 'path' | 'host' | 'zone' | 'userinfo' | 'fragment';

const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

// ASCII bytes that Go's shouldEscape leaves alone in host and zone mode.
const HOST_ASCII = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/;

const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/** Why Go's url.Parse refuses `text`, or undefined when it parses. */
export function goUrlParseError(text: string): string | undefined {
  const raw = Buffer.from(text, 'utf8').toString('latin1');
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  // Go only validates the fragment's escapes; control bytes there are fine.
  return parse(u) ?? (hash < 0 ? undefined : unescapeError(raw.slice(hash + 1), 'fragment'));
}

function parse(rawURL: string): string | undefined {
  for (let i = 0; i < rawURL.length; i++) {
    const b = rawURL.charCodeAt(i);
    if (b < 0x20 || b === 0x7f) return 'invalid control character in URL';
  }
  if (rawURL === '*') return undefined;

  const m = /^([A-Za-z][A-Za-z0-9+\-.]*)?:/.exec(rawURL);
  if (m && m[1] === undefined) return 'missing protocol scheme';
  const scheme = m?.[1]?.toLowerCase() ?? '';
  let rest = m ? rawURL.slice(m[0].length) : rawURL;

  // The query is kept raw and never checked.
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);

  if (!rest.startsWith('/')) {
    if (scheme !== '') return undefined; // opaque data, unchecked
    if (rest.split('/', 1)[0]!.includes(':')) return 'first path segment in URL cannot contain colon';
  }

  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    const err = parseAuthority(scheme, authority);
    if (err !== undefined) return err;
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  return unescapeError(rest, 'path');
}

function parseAuthority(scheme: string, authority: string): string | undefined {
  const at = authority.lastIndexOf('@');
  const hostErr = parseHost(scheme, authority.slice(at + 1));
  if (hostErr !== undefined || at < 0) return hostErr;
  const userinfo = authority.slice(0, at);
  if (!USERINFO.test(userinfo)) return 'invalid userinfo';
  // Splitting at the first ':' cannot change the verdict of escape checks.
  return unescapeError(userinfo, 'userinfo');
}

function parseHost(scheme: string, host: string): string | undefined {
  const open = host.lastIndexOf('[');
  if (open > 0) return 'invalid IP-literal';
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return `invalid port ${JSON.stringify(colonPort)} after host`;

    const hostname = host.slice(1, close);
    const zone = hostname.indexOf('%25');
    const parts: [string, Mode][] =
      zone < 0 ? [[hostname, 'host']] : [[hostname.slice(0, zone), 'host'], [hostname.slice(zone), 'zone']];
    let unescaped = '';
    for (const [s, mode] of parts) {
      const err = unescapeError(s, mode);
      if (err !== undefined) return err;
      unescaped += unescape(s);
    }
    return ipLiteralError(unescaped);
  }

  const first = host.indexOf(':');
  if (first >= 0) {
    // Go 1.26 default (GODEBUG urlstrictcolons=1): for http(s) every colon
    // after the first belongs to the "port" and so fails; other schemes keep
    // accepting comma-separated host lists and only look at the last colon.
    const i = scheme === 'http' || scheme === 'https' ? first : host.lastIndexOf(':');
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) return `invalid port ${JSON.stringify(colonPort)} after host`;
  }
  return unescapeError(host, 'host');
}

const validOptionalPort = (port: string): boolean => /^(:[0-9]*)?$/.test(port);

/** The error Go's unescape(s, mode) would report, if any. */
function unescapeError(s: string, mode: Mode): string | undefined {
  const hostLike = mode === 'host' || mode === 'zone';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const esc = s.slice(i, i + 3);
      if (esc.length < 3 || !isHex(esc[1]!) || !isHex(esc[2]!)) return `invalid URL escape ${JSON.stringify(esc)}`;
      const v = parseInt(esc.slice(1), 16);
      // Hosts may only escape non-ASCII bytes, except the %25 zone marker.
      if (mode === 'host' && v < 0x80 && esc !== '%25') return `invalid URL escape ${JSON.stringify(esc)}`;
      // Zones may escape only what could be written directly, plus space.
      if (mode === 'zone' && v !== 0x25 && v !== 0x20 && !(v < 0x80 && HOST_ASCII.test(String.fromCharCode(v)))) {
        return `invalid URL escape ${JSON.stringify(esc)}`;
      }
      i += 2;
    } else if (hostLike && c < '\x80' && !HOST_ASCII.test(c)) {
      return `invalid character ${JSON.stringify(c)} in host name`;
    }
  }
  return undefined;
}

/** Decodes %XX escapes of a string already accepted by unescapeError. */
const unescape = (s: string): string =>
  s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Go accepts a bracketed host only when netip.ParseAddr reads it as IPv6. */
function ipLiteralError(s: string): string | undefined {
  const addr = goParseAddr(s);
  if (!addr) return `invalid host: bad IP address ${JSON.stringify(s)}`;
  return addr.family === 4 ? 'invalid IP-literal' : undefined;
}
