import { decodeFailure } from '../../checks/hygiene/schema-validation/rejection.js';
import type { JsonRecord } from '../../k8s/access.js';
import type { GroupVersionKind } from '../review.js';
import { type Decoded, decodedKind, groupVersionString } from './psa-scheme.js';

/**
 * How upstream PSA decodes `request.object` before judging it: into the Go type of the kind the
 * object claims, the apiVersion and kind it leaves out taken from the request (psa-scheme.ts), or an
 * error for a version its scheme does not hold and for a value of the wrong type
 * (`privileged: "true"`, `containers: "x"`), which PSA answers with "failed to decode object". The
 * values are checked against the built-in schema; kinds it does not hold (the scheme's lists and
 * option kinds, none of them a kind PSA judges) are taken as decoding.
 */
export function decodeObject(object: JsonRecord, requestKind: GroupVersionKind): Decoded {
  const decoded = decodedKind(object, requestKind);
  if ('error' in decoded) return decoded;
  const { group, version, kind } = decoded.kind;
  const failure = decodeFailure(object, groupVersionString(group, version), kind)?.message;
  return failure === undefined ? decoded : { error: failure };
}

/** Whether a decoded object is of the kind `apiVersion` `kind` (the Go type assertion upstream makes after decoding). */
export function isKind(decoded: { readonly kind: GroupVersionKind }, apiVersion: string, kind: string): boolean {
  return decoded.kind.kind === kind && groupVersionString(decoded.kind.group, decoded.kind.version) === apiVersion;
}
