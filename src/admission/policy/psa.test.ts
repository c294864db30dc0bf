import { describe, expect, it } from 'vitest';
import { FixedNamespaces, type NamespaceSource } from '../namespaces/source.js';
import type { AdmissionRequest } from '../review.js';
import { DEFAULT_POD_SECURITY_CONFIG, type PodSecurityConfig } from './config.js';
import { PodSecurityAdmission, type PsaRecorder } from './psa.js';

const L = 'pod-security.kubernetes.io/';
const privileged = { name: 'c', image: 'i', securityContext: { privileged: true } };
const podObject = (containers: unknown[] = [privileged], spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, ...spec } });

function request(resource: string, group: string, object: Record<string, unknown> | undefined, extra: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    uid: 'u',
    kind: { group, version: 'v1', kind: resource === 'namespaces' ? 'Namespace' : 'Pod' },
    resource: { group, version: 'v1', resource },
    subResource: '',
    name: 'p',
    namespace: 'ns',
    operation: 'CREATE',
    username: 'alice',
    object,
    oldObject: undefined,
    dryRun: false,
    ...extra,
  };
}

function psa(labels: Record<string, string>, config: Partial<PodSecurityConfig> = {}, namespaces?: NamespaceSource, recorder?: PsaRecorder) {
  return new PodSecurityAdmission({
    config: { ...DEFAULT_POD_SECURITY_CONFIG, ...config },
    namespaces: namespaces ?? new FixedNamespaces([{ name: 'ns', labels }]),
    ...(recorder ? { recorder } : {}),
  });
}

const nsObject = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels } });

describe('pods', () => {
  it('allows a fully privileged namespace with enforce-policy privileged:latest, without evaluating', async () => {
    const events: string[] = [];
    const recorder: PsaRecorder = { evaluation: (d, p, m) => events.push(`${d} ${p.level} ${m}`), exemption: () => events.push('exempt'), error: () => events.push('error') };
    expect(await psa({}, {}, undefined, recorder).validate(request('pods', '', podObject()))).toEqual({ allowed: true, auditAnnotations: { 'enforce-policy': 'privileged:latest' } });
    expect(events).toEqual(['allow privileged enforce']);
  });

  it('enforces the label version', async () => {
    const r = await psa({ [`${L}enforce`]: 'baseline', [`${L}enforce-version`]: 'v1.25' }).validate(request('pods', '', podObject()));
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toBe('pods "p" is forbidden: violates PodSecurity "baseline:v1.25": privileged (container "c" must not set securityContext.privileged=true)');
    expect(r.auditAnnotations).toEqual({ 'enforce-policy': 'baseline:v1.25' });
  });

  it('names no object when the request has no name (generateName)', async () => {
    const r = await psa({ [`${L}enforce`]: 'baseline' }).validate(request('pods', '', podObject(), { name: '' }));
    expect(r.status?.message).toMatch(/^pods is forbidden: /);
  });

  it('fails closed on an invalid enforce label, with the error annotation', async () => {
    const r = await psa({ [`${L}enforce`]: 'bogus' }).validate(request('pods', '', podObject([{ name: 'c', image: 'i' }])));
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toMatch(/violates PodSecurity "restricted:latest"/);
    expect(r.auditAnnotations?.error).toBe(`Failed to parse policy: metadata.labels[${L}enforce]: Invalid value: "bogus": must be one of privileged, baseline, restricted`);
  });

  it('denies when the namespace cannot be looked up (500, as upstream)', async () => {
    const failing: NamespaceSource = { get: () => Promise.reject(new Error('connection refused')), ready: () => true, close: () => Promise.resolve() };
    const r = await psa({}, {}, failing).validate(request('pods', '', podObject()));
    expect(r.allowed).toBe(false);
    expect(r.status).toMatchObject({ code: 500, reason: 'InternalError', message: 'Internal error occurred: failed to lookup namespace "ns"' });
    expect(r.auditAnnotations?.error).toBe('Internal error occurred: failed to lookup namespace "ns": connection refused');
  });

  it('checks exempt namespaces, then users, then runtime classes', async () => {
    const config = { exemptions: { namespaces: new Set(['ns']), usernames: new Set(['alice']), runtimeClasses: new Set(['kata']) } };
    const strict = { [`${L}enforce`]: 'restricted' };
    expect((await psa(strict, config).validate(request('pods', '', podObject()))).auditAnnotations).toEqual({ exempt: 'namespace' });
    const userOnly = { exemptions: { ...config.exemptions, namespaces: new Set<string>() } };
    expect((await psa(strict, userOnly).validate(request('pods', '', podObject()))).auditAnnotations).toEqual({ exempt: 'user' });
    const rcOnly = { exemptions: { namespaces: new Set<string>(), usernames: new Set<string>(), runtimeClasses: new Set(['kata']) } };
    expect((await psa(strict, rcOnly).validate(request('pods', '', podObject([privileged], { runtimeClassName: 'kata' })))).auditAnnotations).toEqual({ exempt: 'runtimeClass' });
    expect((await psa(strict, rcOnly).validate(request('pods', '', podObject()))).allowed).toBe(false);
  });

  it('ignores upstream ignored subresources and evaluates any other', async () => {
    const strict = psa({ [`${L}enforce`]: 'baseline' });
    for (const sub of ['exec', 'attach', 'binding', 'eviction', 'log', 'portforward', 'proxy', 'status']) {
      expect(await strict.validate(request('pods', '', podObject(), { subResource: sub, operation: 'UPDATE', oldObject: podObject() }))).toEqual({ allowed: true });
    }
    const resize = await strict.validate(request('pods', '', podObject(), { subResource: 'resize', operation: 'UPDATE', oldObject: podObject([{ ...privileged, image: 'old' }]) }));
    expect(resize.allowed).toBe(false);
  });

  it('gives no warning with a denial, and reuses one evaluation for equal levels', async () => {
    let evaluations = 0;
    const recorder: PsaRecorder = { evaluation: () => evaluations++, exemption() {}, error() {} };
    const r = await psa({ [`${L}enforce`]: 'baseline', [`${L}audit`]: 'baseline', [`${L}warn`]: 'baseline' }, {}, undefined, recorder).validate(request('pods', '', podObject()));
    expect(r.warnings).toBeUndefined();
    expect(r.auditAnnotations?.['audit-violations']).toMatch(/^would violate PodSecurity "baseline:latest": privileged/);
    expect(evaluations).toBe(2); // enforce deny + audit deny; warn skipped on a denial
  });
});

describe('pod controllers', () => {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { metadata: {}, spec: { containers: [privileged] } } } };

  it('skips evaluation when warn and audit are privileged, even if enforce is not', async () => {
    expect(await psa({ [`${L}enforce`]: 'restricted', [`${L}warn`]: 'privileged' }).validate(request('deployments', 'apps', deployment))).toEqual({ allowed: true });
  });

  it('warns and audits, never enforces', async () => {
    const r = await psa({ [`${L}enforce`]: 'restricted' }).validate(request('deployments', 'apps', deployment));
    expect(r.allowed).toBe(true);
    expect(r.warnings?.[0]).toMatch(/^would violate PodSecurity "restricted:latest": privileged/);
    expect(r.auditAnnotations).toEqual({});
  });

  it('allows a controller whose namespace cannot be looked up, with the error annotation', async () => {
    const failing: NamespaceSource = { get: () => Promise.reject(new Error('timeout')), ready: () => true, close: () => Promise.resolve() };
    expect(await psa({}, {}, failing).validate(request('deployments', 'apps', deployment))).toEqual({ allowed: true, auditAnnotations: { error: 'failed to lookup namespace "ns": timeout' } });
  });

  it('ignores controller subresources (scale, status)', async () => {
    expect(await psa({ [`${L}warn`]: 'restricted' }).validate(request('deployments', 'apps', deployment, { subResource: 'scale' }))).toEqual({ allowed: true });
  });
});

describe('namespaces', () => {
  const update = (labels: Record<string, string>, old: Record<string, string>) => request('namespaces', '', nsObject(labels), { operation: 'UPDATE', oldObject: nsObject(old), name: 'ns' });
  const strict = { [`${L}enforce`]: 'restricted' };

  it('allows valid labels on create', async () => {
    expect(await psa({}).validate(request('namespaces', '', nsObject(strict), { name: 'ns' }))).toEqual({ allowed: true });
  });

  it('lets invalid labels that did not change through an update', async () => {
    const bad = { [`${L}enforce`]: 'bogus' };
    expect((await psa({}).validate(update({ ...bad, team: 'x' }, bad))).allowed).toBe(true);
    expect((await psa({}).validate(update({ [`${L}enforce`]: 'worse' }, bad))).allowed).toBe(false);
  });

  it('skips the existing-pods check when enforce is unchanged, privileged or relaxed', async () => {
    const pods = [{ metadata: { name: 'x', namespace: 'ns' }, spec: { containers: [privileged] } }];
    const source = new FixedNamespaces([], pods);
    expect(await psa({}, {}, source).validate(update(strict, strict))).toEqual({ allowed: true });
    expect(await psa({}, {}, source).validate(update({ [`${L}enforce`]: 'privileged' }, strict))).toEqual({ allowed: true });
    expect(await psa({}, {}, source).validate(update({ [`${L}enforce`]: 'baseline' }, strict))).toEqual({ allowed: true });
    const tightened = await psa({}, {}, source).validate(update(strict, { [`${L}enforce`]: 'baseline' }));
    expect(tightened.warnings).toEqual(['existing pods in namespace "ns" violate the new PodSecurity enforce level "restricted:latest"', expect.stringMatching(/^x: privileged, /)]);
  });

  it('checks existing pods when only the version changes', async () => {
    const pods = [{ metadata: { name: 'x', namespace: 'ns' }, spec: { containers: [privileged] } }];
    const r = await psa({}, {}, new FixedNamespaces([], pods)).validate(update({ [`${L}enforce`]: 'baseline', [`${L}enforce-version`]: 'v1.30' }, { [`${L}enforce`]: 'baseline', [`${L}enforce-version`]: 'v1.20' }));
    expect(r.warnings?.[1]).toBe('x: privileged');
  });

  it('checks one pod per controller first and reports how many were checked', async () => {
    const owned = (name: string) => ({ metadata: { name, namespace: 'ns', ownerReferences: [{ controller: true, uid: 'rs-1' }] }, spec: { containers: [privileged] } });
    const pods = [owned('b'), owned('a'), owned('c'), { metadata: { name: 'solo', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'i', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] } }];
    const admission = new PodSecurityAdmission({ config: DEFAULT_POD_SECURITY_CONFIG, namespaces: new FixedNamespaces([], pods), namespaceMaxPodsToCheck: 2 });
    const r = await admission.validate(update({ [`${L}enforce`]: 'baseline' }, {}));
    expect(r.warnings).toEqual([
      'new PodSecurity enforce level only checked against the first 2 of 4 existing pods',
      'existing pods in namespace "ns" violate the new PodSecurity enforce level "baseline:latest"',
      'b: privileged',
      'solo: non-default capabilities',
    ]);
  });
});

describe('objects that do not decode as their kind (upstream decodes request.object into the typed object first)', () => {
  const strict = { [`${L}enforce`]: 'restricted' };
  const quoted = podObject([{ name: 'c', image: 'i', securityContext: { privileged: 'true' } }]);
  const quotedError = 'failed to decode object: spec.containers[0].securityContext.privileged must be a boolean, but is the string "true" (remove the quotes); the API server rejects the object';

  it('denies such a pod with 400 "failed to decode object" and the reason in the error annotation, recorded as an error', async () => {
    const events: string[] = [];
    const recorder: PsaRecorder = { evaluation: (d) => events.push(d), exemption: () => events.push('exempt'), error: (fatal) => events.push(`error ${fatal}`) };
    const r = await psa(strict, {}, undefined, recorder).validate(request('pods', '', quoted));
    expect(r).toEqual({ allowed: false, status: { metadata: {}, status: 'Failure', message: 'failed to decode object', reason: 'BadRequest', code: 400 }, auditAnnotations: { error: quotedError } });
    expect(events).toEqual(['error true']);
    const notAList = await psa(strict).validate(request('pods', '', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: 'notalist' } }));
    expect(notAList.auditAnnotations?.error).toBe('failed to decode object: spec.containers must be a list, but is the string "notalist"; the API server rejects the object');
    // The request's kind stands in for the apiVersion and kind the object leaves out.
    const bare = await psa(strict).validate(request('pods', '', { metadata: { name: 'p', labels: { tier: 1 } }, spec: { containers: [] } }));
    expect(bare.auditAnnotations?.error).toMatch(/^failed to decode object: metadata.labels.tier must be a string/);
  });

  it('decodes where upstream does: after exemptions and the privileged namespace shortcut, the old pod of an update too', async () => {
    expect(await psa({}).validate(request('pods', '', quoted))).toEqual({ allowed: true, auditAnnotations: { 'enforce-policy': 'privileged:latest' } });
    expect((await psa(strict, { exemptions: { ...DEFAULT_POD_SECURITY_CONFIG.exemptions, usernames: new Set(['alice']) } }).validate(request('pods', '', quoted))).auditAnnotations).toEqual({ exempt: 'user' });
    const update = await psa(strict).validate(request('pods', '', podObject([{ name: 'c', image: 'new' }]), { operation: 'UPDATE', oldObject: quoted }));
    expect(update).toMatchObject({ allowed: false, status: { code: 400, message: 'failed to decode old object' }, auditAnnotations: { error: expect.stringMatching(/^failed to decode old object: spec.containers\[0\].securityContext.privileged must be a boolean/) } });
  });

  it('leaves values outside an enumeration and missing required fields to validation: they decode', async () => {
    const r = await psa(strict).validate(request('pods', '', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { restartPolicy: 'Sometimes', containers: [{ image: 'i', securityContext: { privileged: true } }] } }));
    expect(r.status?.code).toBe(403);
  });

  it('allows such a pod controller with the error annotation, as upstream: its pods are judged when created', async () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: '2', template: { spec: { containers: [privileged] } } } };
    expect(await psa(strict).validate(request('deployments', 'apps', deployment))).toEqual({
      allowed: true,
      auditAnnotations: { error: 'failed to decode object: spec.replicas must be an integer, but is the string "2" (remove the quotes); the API server rejects the object' },
    });
  });

  it('refuses such a namespace with 400, and the old namespace of an update', async () => {
    const bad = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels: { [`${L}enforce`]: 'restricted', team: ['a'] } } };
    expect(await psa({}).validate(request('namespaces', '', bad, { name: 'ns' }))).toMatchObject({ allowed: false, status: { code: 400, message: 'failed to decode object' }, auditAnnotations: { error: expect.stringMatching(/^failed to decode object: metadata.labels.team must be a string, but is a list/) } });
    const update = await psa({}).validate(request('namespaces', '', nsObject(strict), { name: 'ns', operation: 'UPDATE', oldObject: bad }));
    expect(update).toMatchObject({ allowed: false, status: { code: 400, message: 'failed to decode  old object' } });
  });
});

describe('objects of another kind or version than the request (upstream decodes the kind the object claims, with no conversion)', () => {
  const strict = { [`${L}enforce`]: 'restricted', [`${L}warn`]: 'restricted' };
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'p' }, spec: { template: { spec: { containers: [privileged] } } } };
  const errors = () => {
    const events: string[] = [];
    return { events, recorder: { evaluation: () => {}, exemption: () => {}, error: (fatal: boolean) => events.push(`error ${fatal}`) } satisfies PsaRecorder };
  };

  it('refuses a pod request whose object is a Deployment with 400 "failed to decode pod", and a Pod of a version the scheme does not hold with "failed to decode object"', async () => {
    const { events, recorder } = errors();
    expect(await psa(strict, {}, undefined, recorder).validate(request('pods', '', deployment))).toEqual({
      allowed: false,
      status: { metadata: {}, status: 'Failure', message: 'failed to decode pod', reason: 'BadRequest', code: 400 },
      auditAnnotations: { error: 'failed to decode pod' },
    });
    expect(events).toEqual(['error true']);
    const v2 = await psa(strict).validate(request('pods', '', { ...podObject(), apiVersion: 'v2' }));
    expect(v2).toMatchObject({ allowed: false, status: { code: 400, message: 'failed to decode object' }, auditAnnotations: { error: 'failed to decode object: no kind "Pod" is registered for version "v2"' } });
    // The request's kind stands in for a version the object leaves out, and its version is not in the scheme either.
    const bare = await psa(strict).validate(request('pods', '', { spec: { containers: [] } }, { kind: { group: '', version: 'v2', kind: 'Pod' } }));
    expect(bare.auditAnnotations?.error).toBe('failed to decode object: no kind "Pod" is registered for version "v2"');
  });

  it('reads the kind as encoding/json does: any case, U+212A as K, the last key that matches', async () => {
    const shouting = { APIVERSION: 'apps/v1', '\u212aind': 'Deployment', spec: { containers: [privileged] } };
    expect((await psa(strict).validate(request('pods', '', shouting))).status?.message).toBe('failed to decode pod');
    const numbered = await psa(strict).validate(request('pods', '', { ...podObject(), Kind: 7 }));
    expect(numbered.auditAnnotations?.error).toBe("failed to decode object: couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string");
  });

  it('allows a Deployment of a version the scheme does not hold (extensions/v1beta1), saying why', async () => {
    const old = { ...deployment, apiVersion: 'extensions/v1beta1' };
    expect(await psa(strict).validate(request('deployments', 'apps', old, { kind: { group: 'apps', version: 'v1', kind: 'Deployment' } }))).toEqual({
      allowed: true,
      auditAnnotations: { error: 'failed to decode object: no kind "Deployment" is registered for version "extensions/v1beta1"' },
    });
  });

  it('judges a controller request by the kind its object decodes into: a Pod as a pod, a CronJob by its job template, a ConfigMap not at all', async () => {
    const asPod = await psa(strict).validate(request('deployments', 'apps', podObject()));
    expect(asPod.warnings).toEqual([expect.stringMatching(/^would violate PodSecurity "restricted:latest": privileged \(container "c" must not set securityContext.privileged=true\)/)]);
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [privileged] } } } } } };
    expect((await psa(strict).validate(request('deployments', 'apps', cronJob))).warnings).toHaveLength(1);
    const { events, recorder } = errors();
    expect(await psa(strict, {}, undefined, recorder).validate(request('deployments', 'apps', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } }))).toEqual({
      allowed: true,
      auditAnnotations: { error: 'failed to extract pod template: unexpected object type: /v1, Kind=ConfigMap' },
    });
    expect(events).toEqual(['error true']);
  });

  it('refuses a namespace request whose object is not a Namespace with 400 "failed to decode namespace"', async () => {
    expect(await psa({}).validate(request('namespaces', '', podObject(), { name: 'ns' }))).toMatchObject({ allowed: false, status: { code: 400, message: 'failed to decode namespace' }, auditAnnotations: { error: 'failed to decode namespace' } });
    const update = await psa({}).validate(request('namespaces', '', nsObject(strict), { name: 'ns', operation: 'UPDATE', oldObject: { ...nsObject({}), apiVersion: 'v2' } }));
    expect(update).toMatchObject({ allowed: false, status: { code: 400, message: 'failed to decode  old object' }, auditAnnotations: { error: 'failed to decode  old object: no kind "Namespace" is registered for version "v2"' } });
  });
});
