import type { Path } from '../../../core/path.js';
import { k8sDocs } from '../../../core/references.js';
import { asRecord, recordsWithIndex } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { describeMissingGrant, GATEWAY_API_GROUP, type ObjectRef, objectRefs, refusedReference } from '../gateway-api.js';

/** A backend reference of a route rule: where it is and what happens to the requests it would get. */
interface Backend {
  readonly ref: ObjectRef;
  readonly path: Path;
  readonly what: string;
  readonly role: string;
  readonly outcome: string;
}

/** The RequestMirror filters' backendRefs in a filter list. */
function mirrors(filters: unknown, defaults: { group: string; kind: string; namespace: string }, base: Path, where: string): Backend[] {
  return recordsWithIndex(filters).flatMap(({ record, index }) => {
    if (record.type !== 'RequestMirror') return [];
    const backendRef = asRecord(asRecord(record.requestMirror)?.backendRef);
    if (!backendRef) return [];
    return objectRefs([backendRef], defaults).map((ref) => ({
      ref,
      path: [...base, 'filters', index, 'requestMirror', 'backendRef'],
      what: `the RequestMirror filter of ${where}`,
      role: 'as the mirror target',
      outcome: 'no copy of the requests is mirrored to it',
    }));
  });
}

export default defineCheck({
  id: 'http-route-backend-ref-not-permitted',
  title: 'HTTPRoute sends traffic to another namespace without a ReferenceGrant',
  severity: 'medium',
  category: 'network',
  target: 'http-route',
  description:
    'An HTTPRoute rule may send requests to a backend in another namespace (spec.rules[].backendRefs, a Service unless group and kind say otherwise, and the backendRef of a RequestMirror filter on the rule or on one of its backendRefs) only when a ReferenceGrant in that namespace permits it: one of its spec.from entries names group gateway.networking.k8s.io, kind HTTPRoute and the route\'s namespace, and one of its spec.to entries the backend\'s group and kind, with no name or the backend\'s name. Otherwise the implementation refuses the reference (the route\'s ResolvedRefs condition turns False with reason RefNotPermitted) and answers the requests that backend would have received with a 500, or leaves the mirror out. The grant keeps owners of a namespace in charge of which routes reach their Services: without it, the usual fix under pressure is to move or copy the Service, or to open allowedRoutes wider. ReferenceGrants usually live with the team owning the backend\'s namespace, so a reference is reported only when the input speaks for that namespace by holding at least one object there: a route scanned without anything of the backend\'s namespace is not reported.',
  remediation:
    'Add a ReferenceGrant in the backend\'s namespace with from {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: <the route\'s namespace>} and to {group: "", kind: Service, name: <the Service>}, or point the route at a backend in its own namespace.',
  references: [
    k8sDocs('Gateway API: ReferenceGrant', 'https://gateway-api.sigs.k8s.io/api-types/referencegrant/'),
    k8sDocs('Gateway API: Cross-namespace routing', 'https://gateway-api.sigs.k8s.io/guides/multiple-ns/'),
    k8sDocs('Gateway API: Security model', 'https://gateway-api.sigs.k8s.io/concepts/security-model/'),
  ],
  run({ object, index, report }) {
    const namespace = index.namespaceOf(object);
    const defaults = { group: '', kind: 'Service', namespace };
    const from = { group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace };
    const backends = recordsWithIndex(asRecord(object.body.spec)?.rules).flatMap(({ record: rule, index: r }): Backend[] => {
      const rulePath: Path = ['spec', 'rules', r];
      const refs = objectRefs(rule.backendRefs, defaults).flatMap((ref): Backend[] => {
        const refPath: Path = [...rulePath, 'backendRefs', ref.index];
        return [
          { ref, path: refPath, what: `spec.rules[${r}]`, role: 'as a backend', outcome: 'the requests it would receive get a 500' },
          ...mirrors(ref.record.filters, defaults, refPath, `spec.rules[${r}].backendRefs[${ref.index}]`),
        ];
      });
      return [...refs, ...mirrors(rule.filters, defaults, rulePath, `spec.rules[${r}]`)];
    });
    for (const { ref, path, what, role, outcome } of backends) {
      if (ref.name === undefined) continue;
      const refused = refusedReference(index, from, { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name });
      if (!refused) continue;
      const target = `${ref.group === '' ? '' : `${ref.group}/`}${ref.kind} "${ref.namespace}/${ref.name}"`;
      report({
        path: [...path, 'namespace'],
        message: `${what} of HTTPRoute "${namespace}/${object.name}" names ${target} in another namespace ${role}, and ${describeMissingGrant(ref.namespace, refused)}: the reference is refused (ResolvedRefs False, RefNotPermitted) and ${outcome}`,
      });
    }
  },
});
