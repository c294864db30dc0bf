/*
 * Kubernetes audit events (audit.k8s.io/v1, v1beta1, v1alpha1) as the requests the authorizer
 * was asked: the user (the impersonated one when there is one), verb, and either the object
 * reference or the non-resource path. Read from JSON lines (the log backend's format), or a
 * JSON EventList; a line that is not an event is a problem with its line number, and the rest is
 * read.
 */
import { z } from 'zod';
import type { Problem } from '../../core/result.js';
import type { RequestAttributes } from '../matching.js';
import type { UserInfo } from '../subjects.js';

const UserSchema = z.looseObject({ username: z.string().optional(), groups: z.array(z.string()).nullish() });
const EventSchema = z.looseObject({
  kind: z.literal('Event'),
  apiVersion: z.enum(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1']),
  verb: z.string().min(1),
  requestURI: z.string().optional(),
  stage: z.string().optional(),
  user: UserSchema,
  impersonatedUser: UserSchema.nullish(),
  objectRef: z
    .looseObject({
      resource: z.string().optional(),
      namespace: z.string().optional(),
      name: z.string().optional(),
      apiGroup: z.string().optional(),
      apiVersion: z.string().optional(),
      subresource: z.string().optional(),
    })
    .nullish(),
  responseStatus: z.looseObject({ code: z.number().optional() }).nullish(),
});

export interface AuditRequest {
  readonly user: UserInfo;
  readonly request: RequestAttributes;
  /** objectRef.apiVersion: requests for different versions are different requests to audit2rbac. */
  readonly apiVersion?: string;
  /** The HTTP status the API server answered, when the event has one. */
  readonly code: number | undefined;
  readonly line: number;
}

export interface AuditLog {
  readonly requests: readonly AuditRequest[];
  readonly problems: readonly Problem[];
}

/** The path the authorizer sees: the request URI without its query string. */
function pathOf(uri: string): string {
  const q = uri.indexOf('?');
  return q === -1 ? uri : uri.slice(0, q);
}

function toRequest(event: z.infer<typeof EventSchema>, line: number): AuditRequest {
  const who = event.impersonatedUser ?? event.user;
  const user: UserInfo = { name: who.username ?? '', groups: who.groups ?? [] };
  const ref = event.objectRef;
  const request: RequestAttributes = ref
    ? {
        resourceRequest: true,
        verb: event.verb,
        apiGroup: ref.apiGroup ?? '',
        resource: ref.resource ?? '',
        subresource: ref.subresource ?? '',
        name: ref.name ?? '',
        namespace: ref.namespace ?? '',
      }
    : { resourceRequest: false, verb: event.verb, path: pathOf(event.requestURI ?? '') };
  return { user, request, ...(ref?.apiVersion ? { apiVersion: ref.apiVersion } : {}), code: event.responseStatus?.code ?? undefined, line };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'not an audit event';
}

/** Parses an audit log's text; `file` names it in problems. */
export function parseAuditLog(text: string, file: string): AuditLog {
  const requests: AuditRequest[] = [];
  const problems: Problem[] = [];
  const take = (value: unknown, line: number) => {
    const parsed = EventSchema.safeParse(value);
    if (parsed.success) requests.push(toRequest(parsed.data, line));
    else problems.push({ code: 'audit-event-invalid', message: `not an audit.k8s.io Event (${describeIssue(parsed.error)})`, location: { file, line } });
  };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && /"kind"\s*:\s*"EventList"/.test(trimmed.slice(0, 200)) && !text.includes('\n{'))) {
    try {
      const whole: unknown = JSON.parse(text);
      const items = Array.isArray(whole) ? whole : z.looseObject({ items: z.array(z.unknown()) }).safeParse(whole).data?.items;
      if (items) {
        items.forEach((item) => take(item, 1));
        return { requests, problems };
      }
    } catch {
      // Not one JSON document: read it line by line below.
    }
  }
  text.split('\n').forEach((raw, i) => {
    const lineText = raw.trim();
    if (lineText === '') return;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch {
      problems.push({ code: 'audit-event-invalid', message: 'not a JSON audit event (the log backend writes one JSON object per line)', location: { file, line: i + 1 } });
      return;
    }
    take(value, i + 1);
  });
  return { requests, problems };
}
