import { describe, expect, it } from 'vitest';
import { parseAdmissionReview, reviewResponse } from './review.js';

const request = {
  uid: 'u1',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource: 'pods' },
  subResource: 'ephemeralcontainers',
  requestSubResource: 'ephemeralcontainers',
  name: 'p',
  namespace: 'ns',
  operation: 'UPDATE',
  userInfo: { username: 'alice' },
  object: { metadata: {} },
  oldObject: { metadata: {} },
  dryRun: true,
};
const body = (r: Record<string, unknown> | undefined) => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: r });

describe('AdmissionReview parsing', () => {
  it('reads a request', () => {
    const parsed = parseAdmissionReview(body(request));
    expect(parsed).toEqual({
      ok: true,
      request: {
        uid: 'u1',
        kind: request.kind,
        resource: request.resource,
        subResource: 'ephemeralcontainers',
        name: 'p',
        namespace: 'ns',
        operation: 'UPDATE',
        username: 'alice',
        object: { metadata: {} },
        oldObject: { metadata: {} },
        dryRun: true,
      },
    });
  });

  it('prefers requestSubResource, as PSA does', () => {
    const parsed = parseAdmissionReview(body({ ...request, subResource: 'status', requestSubResource: 'ephemeralcontainers' }));
    expect(parsed.ok && parsed.request.subResource).toBe('ephemeralcontainers');
  });

  it.each([
    [null, /got null/],
    ['text', /got string/],
    [{ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview' }, /apiVersion "admission.k8s.io\/v1beta1"/],
    [{ apiVersion: 'admission.k8s.io/v1', kind: 'Review' }, /kind "AdmissionReview"/],
    [body(undefined), /no request/],
    [body({ ...request, uid: '' }), /uid is missing/],
    [body({ ...request, uid: 7 }), /uid is missing/],
    [body({ ...request, kind: 'Pod' }), /request.kind/],
    [body({ ...request, resource: undefined }), /request.resource/],
    [body({ ...request, operation: 'PATCH' }), /request.operation/],
    [body({ ...request, object: [1] }), /request.object must be a JSON object, got an array/],
    [body({ ...request, oldObject: 'x' }), /request.oldObject must be a JSON object/],
    [body({ ...request, operation: 'CREATE', object: null }), /request.object is required for CREATE/],
    [body({ ...request, oldObject: null }), /request.oldObject is required for UPDATE/],
  ])('refuses %j', (input, message) => {
    const parsed = parseAdmissionReview(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('quotes short values of the body in its messages, and only names the type of anything else (messages are logged)', () => {
    const secret = { token: 'hunter2' };
    const long = `hunter2${'x'.repeat(100)}`;
    const message = (input: unknown) => {
      const parsed = parseAdmissionReview(input);
      return parsed.ok ? 'parsed' : parsed.message;
    };
    expect(message({ apiVersion: secret, kind: 'AdmissionReview' })).toBe('unsupported AdmissionReview apiVersion an object: expected "admission.k8s.io/v1" (set admissionReviewVersions: ["v1"])');
    expect(message({ apiVersion: 'admission.k8s.io/v1', kind: long })).toBe('expected kind "AdmissionReview", got a string of 107 characters');
    expect(message({ apiVersion: 'admission.k8s.io/v1', kind: ['hunter2'] })).toBe('expected kind "AdmissionReview", got an array');
    expect(message({ apiVersion: 'admission.k8s.io/v1' })).toBe('expected kind "AdmissionReview", got null');
    expect(message(body({ ...request, operation: 42 }))).toBe('request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got 42');
    expect(message(body({ ...request, operation: secret }))).toBe('request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got an object');
    expect(message(body({ ...request, operation: 'PATCH' }))).toBe('request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got "PATCH"');
  });

  it('answers with the request uid', () => {
    expect(reviewResponse('u1', { allowed: true })).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u1', allowed: true } });
  });
});
