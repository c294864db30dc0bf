import { describe, expect, it } from 'vitest';
import { badRequest, forbidden, groupResource, internalError, invalid, invalidStatus } from './status.js';

describe('metav1.Status as the API server builds it', () => {
  it('forbidden names the resource and object', () => {
    expect(forbidden('', 'pods', 'web', 'violates PodSecurity "baseline:latest": x')).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'pods "web" is forbidden: violates PodSecurity "baseline:latest": x',
      reason: 'Forbidden',
      details: { name: 'web', kind: 'pods' },
      code: 403,
    });
    expect(forbidden('apps', 'deployments', '', 'r').message).toBe('deployments.apps is forbidden: r');
    expect(forbidden('apps', 'deployments', 'x', 'r').details).toEqual({ name: 'x', group: 'apps', kind: 'deployments' });
  });

  it('invalid lists each field error, bracketed when there are several', () => {
    const one = invalidStatus('', 'Namespace', 'ns', [invalid('metadata.labels[a]', 'x', 'must be y')]);
    expect(one.message).toBe('Namespace "ns" is invalid: metadata.labels[a]: Invalid value: "x": must be y');
    const two = invalidStatus('', 'Namespace', 'ns', [invalid('f1', 'x', 'd'), invalid('f2', 'y', 'd')]);
    expect(two.message).toBe('Namespace "ns" is invalid: [f1: Invalid value: "x": d, f2: Invalid value: "y": d]');
    expect(two.code).toBe(422);
  });

  it('bad request and internal error', () => {
    expect(badRequest('failed to decode pod')).toMatchObject({ reason: 'BadRequest', code: 400 });
    expect(internalError('failed to lookup namespace "x"').message).toBe('Internal error occurred: failed to lookup namespace "x"');
    expect(groupResource('batch', 'cronjobs')).toBe('cronjobs.batch');
  });
});
