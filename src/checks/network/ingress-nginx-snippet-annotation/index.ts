import { z } from 'zod';
import { cve, k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';

/** ingress-nginx annotations whose value is copied verbatim into nginx.conf. */
const SNIPPETS = new Set(['configuration-snippet', 'server-snippet', 'auth-snippet', 'stream-snippet', 'modsecurity-snippet']);

/** The F5 NGINX Ingress Controller's equivalents (off unless the controller runs with -enable-snippets). */
const NGINX_INC_SNIPPETS = new Set(['nginx.org/server-snippets', 'nginx.org/location-snippets']);

/** ingress-nginx annotations whose values were written into nginx.conf unsanitized, with the CVE that exploited it. */
const INJECTABLE: ReadonlyMap<string, string> = new Map([
  ['auth-url', 'CVE-2025-24514'],
  ['auth-tls-match-cn', 'CVE-2025-1097'],
  ['mirror-target', 'CVE-2025-1098'],
  ['mirror-host', 'CVE-2025-1098'],
  ['permanent-redirect', 'CVE-2023-5044'],
]);

/** Characters that end an NGINX string, directive or block; no legitimate URL or CN pattern needs them. */
const BREAKOUT = /[\n\r"'`;{}]/;
/** In a URL also a backslash, which no URL holds and which escapes the quote that should close its string (a CN pattern is a regular expression, where it escapes a dot). */
const URL_BREAKOUT = /[\n\r"'`;{}\\]/;

function splitKey(key: string): { prefix: string; name: string } {
  const slash = key.lastIndexOf('/');
  return { prefix: key.slice(0, Math.max(slash, 0)), name: key.slice(slash + 1) };
}

export default defineCheck({
  id: 'ingress-nginx-snippet-annotation',
  title: 'Ingress injects NGINX configuration through annotations',
  severity: 'high',
  category: 'network',
  target: 'ingress',
  admission: true,
  description:
    'Snippet annotations (configuration-snippet, server-snippet, auth-snippet, stream-snippet, modsecurity-snippet, and nginx.org/*-snippets for the F5 controller) copy their value into the configuration of the shared ingress controller, so anyone who can create an Ingress can run Lua or NGINX directives in the controller, read its service account token and, with the default installation, every Secret of the cluster (CVE-2021-25742, CVE-2023-5043). The values of auth-url, auth-tls-match-cn, mirror-target, mirror-host and permanent-redirect were also written unsanitized (CVE-2025-24514, CVE-2025-1097, CVE-2025-1098, CVE-2023-5044; chained with CVE-2025-1974 they gave unauthenticated code execution); those are reported, as critical, only when the value holds a quote, semicolon, brace or line break (or, in a URL, a backslash), the characters an injection needs. Values are never shown in findings.',
  remediation:
    'Remove the snippet and use the dedicated annotation or a controller-wide setting instead; keep allow-snippet-annotations false (the default since ingress-nginx v1.9) and annotations-risk-level below Critical in the controller ConfigMap, and run a patched controller version. Remove the unexpected characters from the other annotations.',
  references: [
    cve('CVE-2021-25742'),
    cve('CVE-2023-5043'),
    cve('CVE-2023-5044'),
    cve('CVE-2025-1974'),
    cve('CVE-2025-24514'),
    cve('CVE-2025-1097'),
    cve('CVE-2025-1098'),
    k8sDocs('ingress-nginx: allow-snippet-annotations', 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations'),
    mitre('T1068', 'Exploitation for Privilege Escalation'),
  ],
  params: z.object({
    /** ingress-nginx annotation prefixes (the controller's --annotations-prefix). */
    annotationPrefixes: z.array(z.string()).default(['nginx.ingress.kubernetes.io']),
  }),
  run({ object, params, report }) {
    for (const [key, value] of Object.entries(object.annotations)) {
      const path = ['metadata', 'annotations', key];
      if (NGINX_INC_SNIPPETS.has(key)) {
        report({ path, message: `annotation ${key} injects raw NGINX configuration into the NGINX Ingress Controller` });
        continue;
      }
      const { prefix, name } = splitKey(key);
      if (!params.annotationPrefixes.includes(prefix)) continue;
      if (SNIPPETS.has(name)) {
        const kind = name === 'modsecurity-snippet' ? 'ModSecurity' : 'NGINX';
        report({ path, message: `annotation ${key} injects raw ${kind} configuration into the ingress-nginx controller` });
        continue;
      }
      const exploited = INJECTABLE.get(name);
      if (exploited && (name === 'auth-tls-match-cn' ? BREAKOUT : URL_BREAKOUT).test(value)) {
        report({
          path,
          severity: 'critical',
          message: `annotation ${key} holds characters that break out of its NGINX directive (quote, semicolon, brace, line break or, in a URL, backslash), as in exploits of ${exploited}`,
        });
      }
    }
  },
});
