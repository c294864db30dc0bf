import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';

const ARGOCD_EXTERNAL_LINK = 'link.argocd.argoproj.io/external-link';
const ALB_OIDC = 'alb.ingress.kubernetes.io/auth-idp-oidc';
/** The endpoints of the ALB OIDC setting; the controller decodes its JSON with Go, which matches field names in any case. */
const ALB_OIDC_URLS = new Set(['issuer', 'authorizationendpoint', 'tokenendpoint', 'userinfoendpoint']);

/** Characters no URL holds unencoded (RFC 3986), that end an HTML attribute, a header or a string. */
const SUSPICIOUS = new Set(['\r', '\n', '<', '>', '"', '{', '}', '|', '^', '`', '\\']);
/** What ends a URL written in text: white space, as RE2's `\s` (line breaks are suspicious first). */
const URL_END = new Set([' ', '\t', '\f']);

/**
 * The first suspicious character inside a URL (`http://` or `https://` up to white space) of the
 * text, as Trivy's KCV-0094 pattern finds it. Hand-written rather than that pattern as a regular
 * expression: on a value of many `http://` and no white space, a backtracking engine would try
 * every start to the end of the text; here each character is read once.
 */
export function suspiciousUrlCharacter(text: string): string | undefined {
  let from = 0;
  for (;;) {
    const start = text.indexOf('http', from);
    if (start === -1) return undefined;
    let i = start + 4;
    if (text.charAt(i) === 's') i++;
    if (!text.startsWith('://', i)) {
      from = start + 1;
      continue;
    }
    for (i += 3; i < text.length; i++) {
      const c = text.charAt(i);
      if (SUSPICIOUS.has(c)) return c;
      if (URL_END.has(c)) break;
    }
    // A URL starting inside this one would end at the same white space, as clean.
    from = i;
  }
}

/** The ALB OIDC setting's endpoint URLs: its value is JSON (sometimes quoted once more). */
function albOidcUrls(value: string): string[] {
  for (const text of [value, /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : undefined]) {
    if (text === undefined) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
      return Object.entries(parsed).flatMap(([key, v]) => (ALB_OIDC_URLS.has(key.toLowerCase()) && typeof v === 'string' ? [v] : []));
    } catch {
      // Not JSON: the controller refuses it, and it holds no URL to judge.
    }
  }
  return [];
}

const NAMES: Readonly<Record<string, string>> = { '\r': 'a carriage return', '\n': 'a line break', '"': 'a double quote', '`': 'a backquote', '\\': 'a backslash' };
const describe = (c: string) => NAMES[c] ?? `"${c}"`;

export default defineCheck({
  id: 'suspicious-url-annotation',
  title: 'URL annotation holds characters no URL has',
  severity: 'high',
  category: 'network',
  target: 'any',
  admission: true,
  description:
    `Some annotations hold URLs that other programs render or send: Argo CD shows \`${ARGOCD_EXTERNAL_LINK}\` as a link in its UI, and the AWS Load Balancer Controller sends users to the OpenID Connect endpoints of \`${ALB_OIDC}\` (issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint). A URL never holds a line break, <, >, a double quote, {, }, |, ^, a backquote or a backslash unencoded: these end an HTML attribute, a header or a quoted string, so such a value is an attempt to inject markup or configuration, or to hide where the link really goes. Trivy reports the same characters (KCV-0094). The value is not shown in the finding.`,
  remediation: 'Remove the annotation, or write the URL with the characters percent-encoded (%3C for <, %22 for a double quote, ...), and find out who wrote it.',
  references: [
    mitre('T1190', 'Exploit Public-Facing Application'),
    k8sDocs('Argo CD: Add external URL', 'https://argo-cd.readthedocs.io/en/stable/user-guide/external-url/'),
    k8sDocs('AWS Load Balancer Controller: Ingress authentication annotations', 'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#authentication'),
  ],
  run({ object, report }) {
    const link = object.annotations[ARGOCD_EXTERNAL_LINK];
    const inLink = link === undefined ? undefined : suspiciousUrlCharacter(link);
    if (inLink) {
      report({ path: ['metadata', 'annotations', ARGOCD_EXTERNAL_LINK], message: `annotation ${ARGOCD_EXTERNAL_LINK} holds a URL with ${describe(inLink)}, which Argo CD renders as a link` });
    }
    const oidc = object.annotations[ALB_OIDC];
    const inOidc = oidc === undefined ? undefined : albOidcUrls(oidc).map(suspiciousUrlCharacter).find((c) => c !== undefined);
    if (inOidc) {
      report({ path: ['metadata', 'annotations', ALB_OIDC], message: `annotation ${ALB_OIDC} names an OpenID Connect endpoint whose URL holds ${describe(inOidc)}` });
    }
  },
});
