import { decodeFailure } from '../../checks/hygiene/schema-validation/rejection.js';
import { asString, type JsonRecord } from '../../k8s/access.js';
import type { GroupVersionKind } from '../review.js';

/**
 * Why an object does not decode as its kind, or undefined when it does. Upstream PSA decodes
 * `request.object` into the typed object (a Pod, a Deployment, a Namespace) before judging it, the
 * apiVersion and kind the object leaves out taken from the request, and answers a value of the
 * wrong type (`privileged: "true"`, `containers: "x"`) with "failed to decode object". Kinds the
 * built-in schema does not hold are not judged here.
 */
export function undecodable(object: JsonRecord, requestKind: GroupVersionKind): string | undefined {
  const apiVersion = asString(object.apiVersion) || (requestKind.group === '' ? requestKind.version : `${requestKind.group}/${requestKind.version}`);
  const kind = asString(object.kind) || requestKind.kind;
  return decodeFailure(object, apiVersion, kind)?.message;
}
