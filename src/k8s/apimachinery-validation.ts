/*
 * Validation messages of k8s.io/apimachinery's pkg/util/validation, word for word, for the places
 * that report what upstream reports (kube-linter's label selectors, the API server's refusal of a
 * binding). The same in every release Rampart follows (v0.32 to v0.37). Lengths are Go's: UTF-8 bytes.
 */

/** validation.RegexError: the message, examples, and the pattern. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

const DNS_SUBDOMAIN_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS_SUBDOMAIN = new RegExp(`^${DNS_SUBDOMAIN_FORMAT}$`);
const DNS_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/**
 * validation.IsDNS1123Subdomain. `unit` is how the length error counts: pkg/util/validation says
 * `characters`, the newer pkg/api/validate/content (v0.36 on, which label keys' prefixes use) says
 * `bytes`; both count bytes.
 */
export function dns1123SubdomainErrors(value: string, unit: 'characters' | 'bytes' = 'characters'): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(`must be no more than 253 ${unit}`);
  if (!DNS_SUBDOMAIN.test(value)) errors.push(regexError(DNS_SUBDOMAIN_MESSAGE, DNS_SUBDOMAIN_FORMAT, 'example.com'));
  return errors;
}
