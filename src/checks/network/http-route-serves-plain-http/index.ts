import { k8sDocs, mitre } from '../../../core/references.js';
import { asRecord, asString, type JsonRecord, recordsWithIndex } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { plainHttpReports, sendsToBackend } from '../plain-http-listeners.js';

const ACME_CHALLENGE = '/.well-known/acme-challenge';

/** Whether a rule's filters redirect every request it matches to scheme https. */
function redirectsToHttps(rule: JsonRecord): boolean {
  return recordsWithIndex(rule.filters).some(
    ({ record }) => record.type === 'RequestRedirect' && asString(asRecord(record.requestRedirect)?.scheme)?.toLowerCase() === 'https',
  );
}

/** Whether every match of the rule is on the ACME HTTP-01 challenge path, which must be served over plain HTTP. */
function onlyAcmeChallenges(rule: JsonRecord): boolean {
  const matches = recordsWithIndex(rule.matches);
  return (
    matches.length > 0 &&
    matches.every(({ record }) => {
      const path = asRecord(record.path);
      const type = asString(path?.type) ?? 'PathPrefix';
      const value = asString(path?.value);
      return (type === 'Exact' || type === 'PathPrefix') && value !== undefined && (value === ACME_CHALLENGE || value.startsWith(`${ACME_CHALLENGE}/`));
    })
  );
}

/**
 * Whether a rule sends requests to a backend: it lists a backendRef of weight other than 0 (the
 * weight defaults to 1) and neither redirects to https nor matches only ACME challenges. A rule
 * without backendRefs answers by itself (a redirect, or a 404 or 500 of the Gateway).
 */
function carriesTraffic(rule: JsonRecord): boolean {
  return !redirectsToHttps(rule) && !onlyAcmeChallenges(rule) && sendsToBackend(rule);
}

export default defineCheck({
  id: 'http-route-serves-plain-http',
  title: 'HTTPRoute serves traffic on a plain HTTP listener',
  severity: 'medium',
  category: 'network',
  target: 'http-route',
  description:
    'An HTTPRoute attached to a Gateway listener of protocol HTTP (compared ignoring case) serves its rules in clear text: credentials, session cookies and data cross the network readable and modifiable by anyone on the path. The check works out the listeners of each parent Gateway of the input the route attaches to (sectionName, port, allowedRoutes and hostname intersection decide which; a parent Gateway missing from the input is not judged) and reports a route with at least one rule that sends requests to a backend there. Rules that carry no traffic over plain HTTP are left out, following the Gateway API: a rule whose RequestRedirect filter switches the scheme to https (the API server refuses backendRefs beside a redirect), a rule without backendRefs or whose backendRefs all have weight 0 (the Gateway answers by itself), and a rule whose every match is on the ACME HTTP-01 challenge path /.well-known/acme-challenge/, which certificate authorities fetch over plain HTTP on port 80. Serving the same hostnames on an HTTPS listener too, by attaching the route to both, is a common and often deliberate setup, but the plain HTTP copy keeps serving whoever arrives on http:// (old links, typed addresses, a downgrade by someone on the path) unless the application sends HSTS: it is reported at low severity when an HTTPS listener the route attaches to covers every hostname it answers on the HTTP listener, and at medium severity when some of them are served in clear text only. The check is on by default, as ingress-without-tls is; turn it off, or exempt the route, where TLS is terminated in front of the Gateway.',
  remediation:
    'Attach the route to the HTTPS listener only (parentRefs sectionName), and attach to the HTTP listener a separate route whose one rule redirects with a RequestRedirect filter of scheme: https and statusCode: 301.',
  references: [
    k8sDocs('Gateway API: HTTP redirects and rewrites', 'https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/'),
    k8sDocs('Gateway API: TLS configuration', 'https://gateway-api.sigs.k8s.io/guides/tls/'),
    mitre('T1040', 'Network Sniffing'),
  ],
  run({ object, index, report }) {
    const wording = {
      forwards: 'forwards requests to its backends in clear text',
      clearOnly: 'with no redirect to https',
      alsoHttps: 'the HTTP listener should redirect to https instead',
    };
    for (const r of plainHttpReports(object, 'HTTPRoute', index, carriesTraffic, wording)) report(r);
  },
});
