import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, fixture, fixtureNamespaces, review, selfSigned, startTestServer } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The webhook over real HTTPS on loopback, fed AdmissionReview bodies as the API server sends
 * them (fixtures/reviews), with the namespaces of fixtures/namespaces.yaml and the PSA defaults,
 * exemptions and bindings of fixtures/rampart.yaml.
 */

let t: TestServer;
const dir = tempDir('rampart-webhook-');

beforeAll(async () => {
  const pem = await selfSigned();
  writeFileSync(path.join(dir, 'tls.crt'), pem.cert);
  writeFileSync(path.join(dir, 'tls.key'), pem.key);
  const pods = [
    { metadata: { name: 'plain-1', namespace: 'baseline-ns' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    { metadata: { name: 'plain-0', namespace: 'baseline-ns' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
  ];
  t = await startTestServer({ certFile: path.join(dir, 'tls.crt'), keyFile: path.join(dir, 'tls.key'), pem, namespaces: fixtureNamespaces(pods), mutate: true, maxBodyBytes: 64 * 1024 });
});

afterAll(async () => {
  await t.close();
});

async function validate(name: string) {
  const body = review(name);
  const res = await t.post('/validate', body);
  expect(res.status).toBe(200);
  const json = res.json();
  expect(json.apiVersion).toBe('admission.k8s.io/v1');
  expect(json.kind).toBe('AdmissionReview');
  expect(json.response.uid).toBe((body.request as { uid: string }).uid);
  return json.response;
}

describe('pods', () => {
  it('denies a privileged pod in an enforce=restricted namespace with PSA message', async () => {
    const r = await validate('pod-privileged.json');
    expect(r.allowed).toBe(false);
    expect(r.status).toMatchObject({ status: 'Failure', reason: 'Forbidden', code: 403, details: { name: 'priv', kind: 'pods' } });
    expect(r.status.message).toMatch(/^pods "priv" is forbidden: violates PodSecurity "restricted:latest": /);
    expect(r.status.message).toContain('privileged (container "shell" must not set securityContext.privileged=true)');
    expect(r.status.message).toContain('allowPrivilegeEscalation != false (container "shell" must set securityContext.allowPrivilegeEscalation=false)');
    expect(r.warnings).toBeUndefined();
    expect(r.auditAnnotations).toMatchObject({ 'enforce-policy': 'restricted:latest' });
  });

  it('uses the configured defaults in a namespace without labels', async () => {
    const r = await validate('pod-default-namespace.json');
    expect(r.allowed).toBe(false);
    expect(r.status.message).toBe('pods "priv" is forbidden: violates PodSecurity "baseline:latest": privileged (container "shell" must not set securityContext.privileged=true)');
    expect(r.auditAnnotations['enforce-policy']).toBe('baseline:latest');
    expect(r.auditAnnotations['audit-violations']).toMatch(/^would violate PodSecurity "restricted:latest": privileged/);
  });

  it('allows a compliant pod with the enforce-policy audit annotation only', async () => {
    const r = await validate('pod-restricted-ok.json');
    expect(r).toEqual({ uid: expect.any(String), allowed: true, auditAnnotations: { 'enforce-policy': 'restricted:latest' } });
  });

  it('warns and audits at the namespace warn and audit levels while enforcing baseline', async () => {
    const r = await validate('pod-baseline-warn.json');
    expect(r.allowed).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "app" must set securityContext.allowPrivilegeEscalation=false\)/);
    expect(r.auditAnnotations['audit-violations']).toBe(r.warnings[0]);
    expect(r.auditAnnotations['enforce-policy']).toBe('baseline:latest');
  });

  it('answers a dry run exactly like the real request', async () => {
    const dry = await validate('pod-privileged-dryrun.json');
    const real = await validate('pod-privileged.json');
    expect({ ...dry, uid: '' }).toEqual({ ...real, uid: '' });
  });

  it('evaluates an added ephemeral container (pods/ephemeralcontainers)', async () => {
    const r = await validate('pod-ephemeral-privileged.json');
    expect(r.allowed).toBe(false);
    expect(r.status.message).toContain('container "debugger" must not set securityContext.privileged=true');
  });

  it('ignores the status subresource', async () => {
    expect(await validate('pod-status-update.json')).toEqual({ uid: expect.any(String), allowed: true });
  });

  it('allows an update that changes no image without evaluating it', async () => {
    expect(await validate('pod-update-labels-only.json')).toEqual({ uid: expect.any(String), allowed: true });
  });

  it('evaluates an update that changes an image', async () => {
    const r = await validate('pod-update-image.json');
    expect(r.allowed).toBe(false);
    expect(r.status.message).toMatch(/violates PodSecurity "restricted:latest"/);
  });

  it('never evaluates a delete', async () => {
    expect(await validate('pod-delete.json')).toEqual({ uid: expect.any(String), allowed: true });
  });
});

describe('exemptions', () => {
  it.each([
    ['pod-exempt-namespace.json', 'namespace'],
    ['pod-exempt-user.json', 'user'],
    ['pod-exempt-runtimeclass.json', 'runtimeClass'],
  ])('%s is allowed with exempt=%s', async (name, reason) => {
    expect(await validate(name)).toEqual({ uid: expect.any(String), allowed: true, auditAnnotations: { exempt: reason } });
  });
});

describe('pod controllers', () => {
  it('only warns about a privileged Deployment, never denies it', async () => {
    const r = await validate('deployment-privileged.json');
    expect(r.allowed).toBe(true);
    expect(r.status).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^would violate PodSecurity "restricted:latest": host namespaces \(hostNetwork=true\), privileged \(container "shell" must not set securityContext.privileged=true\)/);
    expect(r.auditAnnotations['enforce-policy']).toBeUndefined();
  });

  it('reads a CronJob pod template from its job template', async () => {
    const r = await validate('cronjob-root.json');
    expect(r.allowed).toBe(true);
    expect(r.warnings[0]).toContain('runAsUser=0 (container "backup" must not set runAsUser=0)');
  });
});

describe('objects that do not decode as their kind', () => {
  it('denies a pod with a field of the wrong type as upstream: 400 "failed to decode object", the reason in the error annotation', async () => {
    const r = await validate('pod-wrong-type.json');
    expect(r).toEqual({
      uid: expect.any(String),
      allowed: false,
      status: { metadata: {}, status: 'Failure', message: 'failed to decode object', reason: 'BadRequest', code: 400 },
      auditAnnotations: {
        error: 'failed to decode object: spec.containers[0].securityContext.privileged must be a boolean, but is the string "true" (remove the quotes); the API server rejects the object',
      },
    });
    const text = (await t.get('/metrics')).text;
    expect(text).toMatch(/pod_security_errors_total\{fatal="true",request_operation="create",resource="pod",subresource=""\} [1-9]/);
  });

  it('allows such a pod controller with the error annotation, as upstream (its pods are judged when created)', async () => {
    const r = await validate('deployment-wrong-type.json');
    expect(r).toEqual({
      uid: expect.any(String),
      allowed: true,
      auditAnnotations: { error: 'failed to decode object: spec.template.spec.containers must be a list, but is the string "notalist"; the API server rejects the object' },
    });
  });
});

describe('namespaces', () => {
  it('refuses an invalid level label as the API server reports invalid fields', async () => {
    const r = await validate('namespace-invalid-level.json');
    expect(r.allowed).toBe(false);
    expect(r.status).toMatchObject({ reason: 'Invalid', code: 422, details: { name: 'team-x', kind: 'Namespace' } });
    expect(r.status.message).toBe(
      'Namespace "team-x" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    );
    expect(r.status.details.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'metadata.labels[pod-security.kubernetes.io/enforce]', message: 'Invalid value: "strict": must be one of privileged, baseline, restricted' },
    ]);
  });

  it('warns which existing pods violate a tightened enforce level', async () => {
    const r = await validate('namespace-tighten.json');
    expect(r.allowed).toBe(true);
    expect(r.warnings[0]).toBe('existing pods in namespace "baseline-ns" violate the new PodSecurity enforce level "restricted:latest"');
    expect(r.warnings[1]).toMatch(/^plain-0 \(and 1 other pod\): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile$/);
  });

  it('warns that an exempt namespace ignores its policy labels', async () => {
    const r = await validate('namespace-exempt-labels.json');
    expect(r).toEqual({ uid: expect.any(String), allowed: true, warnings: ['namespace "kube-system" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored'] });
  });
});

describe('Rampart rule bindings', () => {
  it('denies by an enforce binding, names the rule, and keeps warn and audit bindings apart', async () => {
    const r = await validate('deployment-team-latest.json');
    expect(r.allowed).toBe(false);
    expect(r.status.message).toMatch(/^deployments.apps "api" is forbidden: violates Rampart rules: image-tag-latest \(container "api" /);
    expect(r.auditAnnotations['rampart-enforce-violations']).toBe('image-tag-latest');
    expect(r.auditAnnotations['rampart-audit-violations']).toMatch(/^would violate Rampart rules: image-pull-policy-not-always/);
    expect(r.warnings).toBeUndefined();
  });

  it('warns per finding of a warn binding when nothing is enforced', async () => {
    const body = review('deployment-team-latest.json');
    const text = JSON.stringify(body).replaceAll('nginx:latest', 'nginx:1.27.3');
    const res = await t.post('/validate', text);
    const r = res.json().response;
    expect(r.allowed).toBe(true);
    expect(r.warnings).toEqual([expect.stringMatching(/^would violate Rampart rule "host-network": /)]);
  });
});

describe('mutation', () => {
  it('patches unset security fields of a pod and reports them', async () => {
    const body = review('pod-mutate.json');
    const res = await t.post('/mutate', body);
    expect(res.status).toBe(200);
    const r = res.json().response;
    expect(r.allowed).toBe(true);
    expect(r.patchType).toBe('JSONPatch');
    const patch = JSON.parse(Buffer.from(r.patch, 'base64').toString('utf8'));
    expect(patch).toEqual([
      { op: 'add', path: '/spec/securityContext', value: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true } },
      { op: 'add', path: '/spec/containers/0/securityContext', value: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
      { op: 'add', path: '/spec/containers/1/securityContext/allowPrivilegeEscalation', value: false },
      { op: 'add', path: '/spec/containers/1/securityContext/capabilities/drop', value: ['ALL'] },
    ]);
    expect(r.warnings[0]).toMatch(/^rampart set 6 unset security field\(s\) to safe defaults: seccompProfile, runAsNonRoot, allowPrivilegeEscalation, capabilities.drop$/);
    expect(r.auditAnnotations['rampart-mutations']).toContain('spec.containers[1].securityContext.capabilities.drop=[ALL]');
  });

  it('adds no seccompProfile to a pod or pod template with the legacy seccomp annotation (the API server would refuse the mismatch)', async () => {
    const patchOf = async (name: string) => {
      const r = (await t.post('/mutate', review(name))).json().response;
      expect(r.allowed).toBe(true);
      return { r, patch: JSON.parse(Buffer.from(r.patch, 'base64').toString('utf8')) };
    };
    const pod = await patchOf('pod-mutate-seccomp-annotation.json');
    expect(pod.patch).toEqual([
      { op: 'add', path: '/spec/securityContext', value: { runAsNonRoot: true } },
      { op: 'add', path: '/spec/containers/0/securityContext', value: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ]);
    expect(pod.r.warnings).toEqual(['rampart set 3 unset security field(s) to safe defaults: runAsNonRoot, allowPrivilegeEscalation, capabilities.drop']);
    const deployment = await patchOf('deployment-mutate-seccomp-annotation.json');
    expect(deployment.patch).toEqual([
      { op: 'add', path: '/spec/template/spec/securityContext', value: { runAsNonRoot: true } },
      { op: 'add', path: '/spec/template/spec/containers/0/securityContext', value: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ]);
    expect(deployment.r.auditAnnotations['rampart-mutations']).not.toContain('seccompProfile');
  });

  it('leaves exempt namespaces alone', async () => {
    const res = await t.post('/mutate', review('pod-exempt-namespace.json'));
    expect(res.json().response).toEqual({ uid: expect.any(String), allowed: true });
  });
});

describe('protocol errors', () => {
  it.each([
    ['malformed/not-json.txt', /^request body is not valid JSON/],
    ['malformed/wrong-api-version.json', /^unsupported AdmissionReview apiVersion "admission.k8s.io\/v1beta1"/],
    ['malformed/wrong-kind.json', /^expected kind "AdmissionReview", got "TokenReview"/],
    ['malformed/missing-request.json', /^AdmissionReview has no request object/],
    ['malformed/missing-uid.json', /^request.uid is missing or empty/],
    ['malformed/object-not-object.json', /^request.object must be a JSON object, got string/],
    ['malformed/array-body.json', /^expected an AdmissionReview JSON object, got an array/],
  ])('%s → 400 with a clear message', async (name, message) => {
    const res = await t.post('/validate', fixture(name));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ error: 'BadRequest', message: expect.stringMatching(message) });
  });

  it('refuses an empty body', async () => {
    const res = await t.post('/validate', '');
    expect(res.status).toBe(400);
    expect(res.json().message).toMatch(/empty/);
  });

  it('refuses a body over the limit with 413', async () => {
    const body = JSON.stringify({ ...review('pod-privileged.json'), padding: 'x'.repeat(64 * 1024) });
    const res = await t.post('/validate', body);
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ error: 'RequestEntityTooLarge', message: 'request body is larger than the limit of 65536 bytes (--max-body-bytes)' });
  });

  it('refuses a body that is not JSON by content type with 415', async () => {
    const res = await t.post('/validate', fixture('reviews/pod-privileged.json'), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.json().message).toMatch(/unsupported Content-Type "text\/plain"/);
  });

  it('logs one warn line per rejected request: the uid when one can be read, the remote address always, never the body', async () => {
    const secret = 'hunter2-s3cr3t';
    const update = review('pod-update-image.json') as { request: Record<string, unknown> };
    const uid = update.request.uid;
    const noOld = { ...update, request: { ...update.request, oldObject: undefined, object: { kind: 'Secret', data: { password: secret } } } };
    const noUid = JSON.parse(fixture('malformed/missing-uid.json'));
    noUid.request.object.metadata.annotations = { token: secret };
    const hugeUid = { ...update, request: { ...update.request, uid: `${secret}${'u'.repeat(200)}`, oldObject: undefined } };
    const cases: [path: string, body: unknown, headers: Record<string, string> | undefined, expected: Record<string, unknown>][] = [
      ['/mutate', noOld, undefined, { msg: 'malformed AdmissionReview', status: 400, uid, err: 'request.oldObject is required for UPDATE' }],
      ['/validate', noUid, undefined, { msg: 'malformed AdmissionReview', status: 400, err: 'request.uid is missing or empty' }],
      ['/validate', hugeUid, undefined, { msg: 'malformed AdmissionReview', status: 400, err: 'request.oldObject is required for UPDATE' }],
      ['/validate', `{"token": "${secret}"`, undefined, { msg: 'request rejected', status: 400, err: expect.stringMatching(/^request body is not valid JSON/) }],
      ['/validate', '', undefined, { msg: 'request rejected', status: 400, err: 'request body is empty: expected an AdmissionReview' }],
      ['/validate', `token=${secret}`, { 'content-type': 'text/plain' }, { msg: 'request rejected', status: 415, err: expect.stringMatching(/^unsupported Content-Type "text\/plain"/) }],
      ['/validate', JSON.stringify({ ...noOld, padding: 'x'.repeat(64 * 1024) }), undefined, { msg: 'request rejected', status: 413, err: expect.stringMatching(/^request body is larger than the limit/) }],
    ];
    const lines: Record<string, unknown>[] = [];
    for (const [path, body, headers, expected] of cases) {
      const before = t.logs.lines.length;
      const res = await t.post(`${path}?timeout=10s`, body, headers);
      expect(res.status, JSON.stringify(expected)).toBe(expected.status);
      const written = t.logs.lines.slice(before);
      expect(written, JSON.stringify(expected)).toEqual([{ level: 'warn', time: expect.any(String), component: 'rampart-admission', path, remote: '127.0.0.1', ...expected }]);
      lines.push(...written);
    }
    // Named by uid only when the body held one that is a request uid.
    expect(lines.map((l) => 'uid' in l)).toEqual([true, false, false, false, false, false, false]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('answers unknown paths with 404', async () => {
    const res = await t.post('/admit', review('pod-privileged.json'));
    expect(res.status).toBe(404);
  });

  it('keeps serving after all of that', async () => {
    expect((await validate('pod-restricted-ok.json')).allowed).toBe(true);
  });
});

describe('operability', () => {
  it('is healthy and ready', async () => {
    expect((await t.get('/healthz')).text).toBe('ok');
    const ready = await t.get('/readyz');
    expect(ready.status).toBe(200);
  });

  it('exports request, decision, latency and PSA metrics', async () => {
    await validate('pod-privileged-dryrun.json');
    const text = (await t.get('/metrics')).text;
    expect(text).toMatch(/rampart_admission_http_requests_total\{path="\/validate",code="200"\} \d+/);
    expect(text).toMatch(/rampart_admission_http_requests_total\{path="\/validate",code="400"\} \d+/);
    expect(text).toMatch(/rampart_admission_decisions_total\{source="pss",namespace="restricted-ns",decision="deny",dry_run="true"\} \d+/);
    expect(text).toMatch(/rampart_admission_decisions_total\{source="rampart",namespace="team-a",decision="deny",dry_run="false"\} \d+/);
    expect(text).toMatch(/rampart_admission_review_duration_seconds_bucket\{le="0.005",path="\/validate"\} \d+/);
    expect(text).toMatch(/pod_security_evaluations_total\{decision="deny",policy_level="restricted",policy_version="latest",mode="enforce",request_operation="create",resource="pod",subresource=""\} \d+/);
    expect(text).toMatch(/pod_security_exemptions_total\{request_operation="create",resource="pod",subresource=""\} \d+/);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('logs each decision with uid, namespace, kind, decision and duration, never the object', async () => {
    await validate('pod-privileged.json');
    const line = t.logs.lines.find((l) => l.uid === '0b1e4c2a-0001-4d6f-9a52-000000000001');
    expect(line).toMatchObject({ level: 'info', msg: 'review', namespace: 'restricted-ns', kind: 'Pod', allowed: false, decisions: { pss: 'deny' }, durationMs: expect.any(Number) });
    const all = JSON.stringify(t.logs.lines);
    expect(all).not.toContain('busybox');
    expect(all).not.toContain('securityContext');
  });
});
