import { z } from 'zod';
import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { asArray, asRecord, asString, type JsonRecord, recordsWithIndex } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import { defineCheck } from '../../api.js';
import { describeObject, joinList } from '../shared.js';

/** Annotations with which common controllers terminate TLS without spec.tls. */
const TLS_ANNOTATIONS = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'networking.gke.io/managed-certificates',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
  'traefik.ingress.kubernetes.io/router.tls',
];

/** Whether a TLS host entry covers a rule host: exactly, or as a wildcard for exactly one more label. */
function covers(tlsHost: string, host: string): boolean {
  const pattern = tlsHost.toLowerCase();
  const name = host.toLowerCase();
  if (pattern === name) return true;
  if (!pattern.startsWith('*.') || name.startsWith('*.')) return false;
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot + 1) === pattern.slice(2);
}

function tlsHosts(tls: readonly JsonRecord[]): string[] {
  return tls.flatMap((entry) => asArray(entry.hosts).flatMap((h) => (typeof h === 'string' ? [h] : [])));
}

function configuredByAnnotation(ingress: K8sObject, annotations: readonly string[]): boolean {
  return annotations.some((key) => {
    const value = ingress.annotations[key];
    return value !== undefined && value.trim() !== '' && value.trim().toLowerCase() !== 'false';
  });
}

export default defineCheck({
  id: 'ingress-without-tls',
  title: 'Ingress serves hosts without TLS',
  severity: 'medium',
  category: 'network',
  target: 'ingress',
  admission: true,
  description:
    'Hosts that no spec.tls entry covers are served over plain HTTP, so credentials, session cookies and data cross the network readable and modifiable by anyone on the path. A TLS host covers a rule host when equal (case-insensitively) or, for a wildcard such as *.example.com, when the rule host adds exactly one label (a.example.com, not example.com nor a.b.example.com). A spec.tls entry without hosts applies to the controller\'s default host and is taken to cover every host. Ingresses whose TLS is set up through a controller annotation listed in tlsAnnotations (AWS, GKE, Azure, Traefik) are not reported.',
  remediation:
    'Add a spec.tls entry listing every host of spec.rules with the Secret holding its certificate (cert-manager can issue it), and redirect HTTP to HTTPS in the controller.',
  references: [
    nsa('Network separation and hardening'),
    k8sDocs('Ingress: TLS', 'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'),
    mitre('T1040', 'Network Sniffing'),
  ],
  params: z.object({
    /** Annotations that configure TLS outside spec.tls; a value of "false" does not count. */
    tlsAnnotations: z.array(z.string()).default(TLS_ANNOTATIONS),
  }),
  run({ object, params, report }) {
    const spec = asRecord(object.body.spec);
    const rules = recordsWithIndex(spec?.rules);
    if (rules.length === 0 && !asRecord(spec?.defaultBackend) && !asRecord(spec?.backend)) return;
    if (configuredByAnnotation(object, params.tlsAnnotations)) return;
    const tls = recordsWithIndex(spec?.tls).map((t) => t.record);
    if (tls.length === 0) {
      const hosts = [...new Set(rules.flatMap(({ record }) => asString(record.host) ?? []))];
      const served = hosts.length === 0 ? 'every host' : `host${hosts.length === 1 ? '' : 's'} ${joinList(hosts)}`;
      report({ path: ['spec', 'tls'], message: `${describeObject(object)} has no spec.tls: it serves ${served} over plain HTTP` });
      return;
    }
    if (tls.some((entry) => asArray(entry.hosts).length === 0)) return;
    const covered = tlsHosts(tls);
    for (const { record: rule, index } of rules) {
      const host = asString(rule.host);
      if (host === undefined || host === '') {
        const message = `spec.rules[${index}] has no host, so it answers any host name, including those no spec.tls entry covers, over plain HTTP`;
        report({ path: ['spec', 'rules', index], message });
      } else if (!covered.some((pattern) => covers(pattern, host))) {
        const wildcardNote = covered.some((pattern) => pattern.startsWith('*.')) ? ' (a wildcard covers exactly one label)' : '';
        report({ path: ['spec', 'rules', index, 'host'], message: `no spec.tls entry covers host ${host}${wildcardNote}, so it is served over plain HTTP` });
      }
    }
  },
});
