/**
 * metav1.Status values as the API server's error helpers build them (k8s.io/apimachinery
 * api/errors), so a denial reads exactly like one from the built-in admission plugins.
 */

export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly causes?: readonly StatusCause[];
}

export interface Status {
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: StatusDetails;
  readonly code: number;
}

/** A field.Error of type Invalid: `metadata.labels[x]: Invalid value: "foo": must be ...`. */
export interface FieldError {
  readonly field: string;
  readonly value: string;
  readonly detail: string;
}

export function invalid(field: string, value: string, detail: string): FieldError {
  return { field, value, detail };
}

function fieldErrorBody(e: FieldError): string {
  return `Invalid value: ${JSON.stringify(e.value)}: ${e.detail}`;
}

export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** utilerrors.Aggregate's text: one message alone, several deduplicated in brackets. */
export function aggregateMessages(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/** `pods`, or `deployments.apps`: schema.GroupResource.String(). */
export function groupResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

function details(fields: StatusDetails): StatusDetails {
  const out: { -readonly [K in keyof StatusDetails]: StatusDetails[K] } = {};
  if (fields.name) out.name = fields.name;
  if (fields.group) out.group = fields.group;
  if (fields.kind) out.kind = fields.kind;
  if (fields.causes && fields.causes.length > 0) out.causes = fields.causes;
  return out;
}

/** 403 Forbidden: `pods "x" is forbidden: <reason>`. */
export function forbidden(group: string, resource: string, name: string, reason: string): Status {
  const what = groupResource(group, resource);
  const message = resource === '' ? `forbidden: ${reason}` : name === '' ? `${what} is forbidden: ${reason}` : `${what} ${JSON.stringify(name)} is forbidden: ${reason}`;
  return { metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: details({ name, group, kind: resource }), code: 403 };
}

/** 422 Invalid: `Namespace "x" is invalid: metadata.labels[...]: Invalid value: ...`. */
export function invalidStatus(group: string, kind: string, name: string, errors: readonly FieldError[]): Status {
  const qualified = group === '' ? kind : `${kind}.${group}`;
  const causes = errors.map((e) => ({ reason: 'FieldValueInvalid', message: fieldErrorBody(e), field: e.field }));
  const message =
    errors.length === 0 ? `${qualified} ${JSON.stringify(name)} is invalid` : `${qualified} ${JSON.stringify(name)} is invalid: ${aggregateMessages(errors.map(formatFieldError))}`;
  return { metadata: {}, status: 'Failure', message, reason: 'Invalid', details: details({ name, group, kind, causes }), code: 422 };
}

export function badRequest(message: string): Status {
  return { metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 };
}

/** 500 InternalError: `Internal error occurred: <cause>`. */
export function internalError(cause: string): Status {
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${cause}`, reason: 'InternalError', details: { causes: [{ message: cause }] }, code: 500 };
}
