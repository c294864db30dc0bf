import { asRecord, asString, type JsonRecord } from '../k8s/access.js';
import type { Status } from './status.js';

/**
 * The AdmissionReview protocol (admission.k8s.io/v1): the request read permissively at the
 * boundary into a fixed shape, and the response the API server expects.
 */

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  /** The subresource of the original request (`requestSubResource`, else `subResource`): PSA's GetSubresource. */
  readonly subResource: string;
  readonly name: string;
  readonly namespace: string;
  readonly operation: string;
  readonly username: string;
  readonly object: JsonRecord | undefined;
  readonly oldObject: JsonRecord | undefined;
  readonly dryRun: boolean;
}

export interface AdmissionResponse {
  readonly allowed: boolean;
  readonly status?: Status;
  readonly warnings?: readonly string[];
  readonly auditAnnotations?: Readonly<Record<string, string>>;
  readonly patch?: string;
  readonly patchType?: 'JSONPatch';
}

export type ParsedReview = { ok: true; request: AdmissionRequest } | { ok: false; message: string };

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** Longest string value of the body quoted in a message: messages are logged, bodies never. */
const MAX_SHOWN = 64;

/** A value of the body as an error message shows it: short strings and scalars as JSON, anything else by its type. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return value.length <= MAX_SHOWN ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return Array.isArray(value) ? 'an array' : `an ${typeof value}`;
}

function gvk(value: unknown): GroupVersionKind | undefined {
  const r = asRecord(value);
  const kind = asString(r?.kind);
  if (!r || !kind) return undefined;
  return { group: asString(r.group) ?? '', version: asString(r.version) ?? '', kind };
}

function gvr(value: unknown): GroupVersionResource | undefined {
  const r = asRecord(value);
  const resource = asString(r?.resource);
  if (!r || !resource) return undefined;
  return { group: asString(r.group) ?? '', version: asString(r.version) ?? '', resource };
}

function optionalObject(value: unknown, field: string): { ok: true; value: JsonRecord | undefined } | { ok: false; message: string } {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  const record = asRecord(value);
  return record ? { ok: true, value: record } : { ok: false, message: `request.${field} must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` };
}

/** Checks an AdmissionReview body (already parsed JSON) and reads its request; explains what is wrong otherwise. */
export function parseAdmissionReview(body: unknown): ParsedReview {
  const review = asRecord(body);
  if (!review) return { ok: false, message: `expected an AdmissionReview JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}` };
  if (review.apiVersion !== ADMISSION_API_VERSION) {
    return { ok: false, message: `unsupported AdmissionReview apiVersion ${shown(review.apiVersion)}: expected "${ADMISSION_API_VERSION}" (set admissionReviewVersions: ["v1"])` };
  }
  if (review.kind !== 'AdmissionReview') return { ok: false, message: `expected kind "AdmissionReview", got ${shown(review.kind)}` };
  const request = asRecord(review.request);
  if (!request) return { ok: false, message: 'AdmissionReview has no request object' };
  const uid = asString(request.uid);
  if (!uid) return { ok: false, message: 'request.uid is missing or empty' };
  const kind = gvk(request.kind);
  if (!kind) return { ok: false, message: 'request.kind must be an object with a kind' };
  const resource = gvr(request.resource);
  if (!resource) return { ok: false, message: 'request.resource must be an object with a resource' };
  const operation = asString(request.operation);
  if (!operation || !OPERATIONS.has(operation)) return { ok: false, message: `request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got ${shown(request.operation)}` };
  const object = optionalObject(request.object, 'object');
  if (!object.ok) return object;
  const oldObject = optionalObject(request.oldObject, 'oldObject');
  if (!oldObject.ok) return oldObject;
  if ((operation === 'CREATE' || operation === 'UPDATE') && !object.value) return { ok: false, message: `request.object is required for ${operation}` };
  if (operation === 'UPDATE' && !oldObject.value) return { ok: false, message: 'request.oldObject is required for UPDATE' };
  return {
    ok: true,
    request: {
      uid,
      kind,
      resource,
      subResource: asString(request.requestSubResource) ?? asString(request.subResource) ?? '',
      name: asString(request.name) ?? '',
      namespace: asString(request.namespace) ?? '',
      operation,
      username: asString(asRecord(request.userInfo)?.username) ?? '',
      object: object.value,
      oldObject: oldObject.value,
      dryRun: request.dryRun === true,
    },
  };
}

/** The AdmissionReview the API server reads back: the response with the request's uid. */
export function reviewResponse(uid: string, response: AdmissionResponse): { apiVersion: string; kind: string; response: AdmissionResponse & { uid: string } } {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response: { uid, ...response } };
}
