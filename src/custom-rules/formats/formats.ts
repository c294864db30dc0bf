import { searchMatcher } from '../../core/full-match.js';
import { goTime } from '../cel/go-time.js';
import { goParsesIp } from './go-ip.js';
import { goMailParseError } from './go-mail.js';
import { goUrlParseError } from './go-url.js';

/*
 * The `format` values Polaris' JSON Schema library (qri-io/jsonschema 0.2) validates, each as that
 * library decides it: mostly by asking a Go parser (time.Parse with RFC 3339, net/mail,
 * net.ParseIP, net/url, regexp), whose verdicts are ported beside this file. A format not listed
 * here is an annotation and passes every value; values that are not strings pass every format.
 */

const HOSTNAME = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/;

/** Characters qri-io refuses in an internationalized host name (a list of its own, not IDNA's). */
const IDN_DISALLOWED = new Set([
  0x20, 0x2d, 0xa2, 0xa3, 0xa4, 0xa5, 0x34f, 0x640, 0x7fa, 0x180b, 0x180c, 0x180d, 0x200b, 0x2060, 0x2104, 0x2108, 0x2114, 0x2117, 0x2118, 0x211e,
  0x211f, 0x2123, 0x2125, 0x2282, 0x2283, 0x2284, 0x2285, 0x2286, 0x2287, 0x2288, 0x2616, 0x2617, 0x2619, 0x262f, 0x2638, 0x266c, 0x266d, 0x266f,
  0x2752, 0x2756, 0x2758, 0x275e, 0x2761, 0x2775, 0x2794, 0x2798, 0x27af, 0x27b1, 0x27be, 0x3004, 0x3012, 0x3013, 0x3020, 0x302e, 0x302f, 0x3031,
  0x3032, 0x3035, 0x303b, 0x3164, 0xffa0,
]);

/** RFC 3339 as Go's time.Parse reads it, after Go's strings.ToUpper (only ASCII letters can make a valid time). */
const dateTime = (text: string): boolean => goTime(text.replace(/[a-z]+/g, (letters) => letters.toUpperCase()), false) !== undefined;

const uriReference = (text: string): boolean => goUrlParseError(text) === undefined && !text.includes('\\');
const uri = (text: string): boolean => goUrlParseError(text) === undefined && /^[^:]+:/.test(text);
const email = (text: string): boolean => goMailParseError(text) === undefined;

function jsonPointer(text: string): boolean {
  if (text === '') return true;
  if (text[0] !== '/') return false;
  const rest = text.slice(1);
  return !/~[^01]/.test(rest) && !rest.endsWith('~');
}

function relativeJsonPointer(text: string): boolean {
  let parts = text.split('/');
  if (parts.length === 1) parts = text.split('#');
  const head = parts[0]!;
  // strconv.Atoi: an optional sign, decimal digits, within int64; then not negative.
  const number = /^[+-]?(\d+)$/.exec(head);
  if (!number || BigInt(head) > 0x7fffffffffffffffn || (head[0] === '-' && BigInt(head) !== 0n)) return false;
  const rest = text.slice(head.length);
  return rest.startsWith('#') || jsonPointer(rest);
}

function idnHostname(text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') > 255) return false;
  for (const char of text) if (IDN_DISALLOWED.has(char.codePointAt(0)!)) return false;
  return true;
}

function regex(text: string): boolean {
  try {
    searchMatcher(text);
    return true;
  } catch {
    return false;
  }
}

/** Each format qri-io checks, with whether a string is valid for it. */
export const POLARIS_FORMATS: Readonly<Record<string, (text: string) => boolean>> = {
  'date-time': dateTime,
  date: (text) => dateTime(`${text}T08:30:06.283185Z`),
  time: (text) => dateTime(`1963-06-19T${text}`),
  email,
  'idn-email': email,
  hostname: (text) => HOSTNAME.test(text) && text.length <= 255,
  'idn-hostname': idnHostname,
  ipv4: (text) => text.includes('.') && goParsesIp(text),
  ipv6: (text) => text.includes(':') && goParsesIp(text),
  uri,
  iri: uri,
  'uri-reference': uriReference,
  'iri-reference': uriReference,
  'uri-template': (text) => {
    const filled = text.replace(/\{[^{}\\]*\}/g, 'aaa');
    return !filled.includes('{') && !filled.includes('}') && uriReference(filled);
  },
  'json-pointer': jsonPointer,
  'relative-json-pointer': relativeJsonPointer,
  regex,
};
