import { k8sDocs, mitre } from '../../../core/references.js';
import { asRecord, getIn, recordsWithIndex } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { joinList } from '../shared.js';

export default defineCheck({
  id: 'kgateway-backend-tls-verification-disabled',
  title: 'kgateway BackendConfigPolicy skips backend certificate verification',
  severity: 'medium',
  category: 'network',
  target: 'kgateway-backend-config-policy',
  admission: true,
  description:
    'A kgateway BackendConfigPolicy with spec.tls.insecureSkipVerify: true makes the gateway open TLS connections to the backends it targets without checking their certificates. The traffic is encrypted but not authenticated: anyone who can answer for the backend address (a spoofed DNS name, a hijacked Service or endpoint, an attacker on the path to an external host) receives the requests, with their credentials and data, and can answer them. false, or leaving the field out, keeps verification on (against secretRef, files or the system CAs).',
  remediation:
    'Remove insecureSkipVerify and give the policy a trust source: secretRef to a Secret holding the backend\'s CA certificate, wellKnownCACertificates: System for publicly signed certificates, with sni or verifySubjectAltNames naming the backend\'s hostname.',
  references: [
    k8sDocs('kgateway: Backend TLS', 'https://kgateway.dev/docs/latest/security/backend-tls/'),
    mitre('T1557', 'Adversary-in-the-Middle'),
  ],
  run({ object, report }) {
    if (getIn(object.body, 'spec', 'tls', 'insecureSkipVerify') !== true) return;
    const targets = recordsWithIndex(getIn(object.body, 'spec', 'targetRefs')).flatMap(({ record }) =>
      typeof record.name === 'string' ? [`${typeof record.kind === 'string' ? record.kind : 'Service'} "${record.name}"`] : [],
    );
    const selectors = recordsWithIndex(getIn(object.body, 'spec', 'targetSelectors')).length;
    const what = targets.length > 0 ? joinList(targets) : selectors > 0 ? 'the backends its targetSelectors select' : 'its target backends';
    const sni = asRecord(getIn(object.body, 'spec', 'tls'))?.sni;
    const host = typeof sni === 'string' ? ` (SNI ${sni})` : '';
    report({
      path: ['spec', 'tls', 'insecureSkipVerify'],
      message: `BackendConfigPolicy "${object.name}" sets tls.insecureSkipVerify: true: the gateway does not verify the certificate of ${what}${host}, so whoever answers for that address gets the traffic`,
    });
  },
});
