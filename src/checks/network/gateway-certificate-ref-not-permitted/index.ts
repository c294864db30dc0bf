import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { describeGateway, describeListener, describeMissingGrant, GATEWAY_API_GROUP, gatewayListeners, objectRefs, refusedReference } from '../gateway-api.js';

export default defineCheck({
  id: 'gateway-certificate-ref-not-permitted',
  title: 'Gateway listener names a certificate in another namespace without a ReferenceGrant',
  severity: 'medium',
  category: 'network',
  target: 'gateway',
  description:
    'A listener\'s tls.certificateRefs may name a Secret (group "" and kind Secret unless written) in another namespace only when a ReferenceGrant in that namespace permits it: one of its spec.from entries names group gateway.networking.k8s.io, kind Gateway and the Gateway\'s namespace, and one of its spec.to entries the referent\'s group and kind, with no name or the referent\'s name. Otherwise the implementation refuses the reference (the listener\'s ResolvedRefs condition turns False with reason RefNotPermitted): the listener has no certificate, so it serves nothing or a default certificate clients do not trust, and the usual way out is to move the traffic to a plain HTTP listener. The check keeps owners of a namespace in charge of who reads its Secrets, which is the point of the grant. ReferenceGrants usually live with the team owning the target namespace, so a reference is reported only when the input speaks for that namespace by holding at least one object there: a Gateway scanned without anything of the certificate\'s namespace is not reported.',
  remediation:
    'Add a ReferenceGrant in the certificate\'s namespace with from {group: gateway.networking.k8s.io, kind: Gateway, namespace: <the Gateway\'s namespace>} and to {group: "", kind: Secret, name: <the Secret>}, or keep the certificate\'s Secret in the Gateway\'s namespace.',
  references: [
    k8sDocs('Gateway API: ReferenceGrant', 'https://gateway-api.sigs.k8s.io/api-types/referencegrant/'),
    k8sDocs('Gateway API: TLS configuration', 'https://gateway-api.sigs.k8s.io/guides/tls/'),
    k8sDocs('Gateway API: Security model', 'https://gateway-api.sigs.k8s.io/concepts/security-model/'),
  ],
  run({ object, index, report }) {
    const namespace = index.namespaceOf(object);
    const from = { group: GATEWAY_API_GROUP, kind: 'Gateway', namespace };
    for (const listener of gatewayListeners(object)) {
      const tls = asRecord(listener.record.tls);
      const refs = objectRefs(tls?.certificateRefs, { group: '', kind: 'Secret', namespace });
      const refusals = refs.flatMap((ref) => {
        if (ref.name === undefined) return [];
        const refused = refusedReference(index, from, { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name });
        return refused ? [{ ref, name: ref.name, refused }] : [];
      });
      const outcome = refusals.length === refs.length ? 'the listener has no certificate' : 'the listener goes without that certificate';
      for (const { ref, name, refused } of refusals) {
        const target = `${ref.group === '' ? '' : `${ref.group}/`}${ref.kind} "${ref.namespace}/${name}"`;
        report({
          path: [...listener.path, 'tls', 'certificateRefs', ref.index, 'namespace'],
          message: `${describeListener(listener)} of ${describeGateway(object, index)} names ${target} in another namespace, and ${describeMissingGrant(ref.namespace, refused)}: the reference is refused (ResolvedRefs False, RefNotPermitted) and ${outcome}`,
        });
      }
    }
  },
});
