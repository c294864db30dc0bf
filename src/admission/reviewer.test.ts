import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { configSchema } from '../config/schema.js';
import { createReviewer } from './assemble.js';
import type { AdmissionSetup } from './load.js';
import { FixedNamespaces } from './namespaces/source.js';
import { guessResource } from './offline.js';
import { DEFAULT_POD_SECURITY_CONFIG } from './policy/config.js';
import type { AdmissionRequest } from './review.js';
import { compileBindings } from './rules/bindings.js';

const L = 'pod-security.kubernetes.io/';

function setup(bindings: unknown[]): AdmissionSetup {
  const rules = compileBindings(configSchema.parse({ admission: { bindings } }), CHECKS, '2026-06-01');
  if (!rules.ok) throw new Error(rules.errors.join());
  return { podSecurity: DEFAULT_POD_SECURITY_CONFIG, rampart: rules.value, configFile: undefined, warnings: [] };
}

const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec });
const request = (object: Record<string, unknown>, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
  uid: 'u',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource: 'pods' },
  subResource: '',
  name: 'p',
  namespace: 'ns',
  operation: 'CREATE',
  username: '',
  object,
  oldObject: undefined,
  dryRun: false,
  ...extra,
});
const hostNetworkPod = pod({ hostNetwork: true, containers: [{ name: 'c', image: 'nginx:latest' }] });

describe('merging Pod Security Admission and Rampart rules', () => {
  it('puts PSA first and Rampart after "; " when both deny', async () => {
    const reviewer = createReviewer(setup([{ rules: ['image-tag-latest'], action: 'enforce' }]), new FixedNamespaces([{ name: 'ns', labels: { [`${L}enforce`]: 'baseline' } }]));
    const { response, decisions } = await reviewer.validate(request(hostNetworkPod));
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toBe(
      'pods "p" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true); violates Rampart rules: image-tag-latest (container "c" uses image "nginx:latest" with the mutable tag latest)',
    );
    expect(decisions).toEqual([{ source: 'pss', decision: 'deny' }, { source: 'rampart', decision: 'deny' }]);
  });

  it('drops Rampart warnings from a denied request, keeps its audit annotations', async () => {
    const reviewer = createReviewer(
      setup([{ rules: ['host-network'], action: 'warn' }, { rules: ['image-tag-latest'], action: 'audit' }]),
      new FixedNamespaces([{ name: 'ns', labels: { [`${L}enforce`]: 'baseline' } }]),
    );
    const { response } = await reviewer.validate(request(hostNetworkPod));
    expect(response.warnings).toBeUndefined();
    expect(response.auditAnnotations?.['rampart-audit-violations']).toMatch(/^would violate Rampart rules: image-tag-latest \(/);
  });

  it('uses the strictest action when bindings overlap', async () => {
    const reviewer = createReviewer(setup([{ rules: ['host-network'], action: 'warn' }, { rules: ['host-network'], action: 'enforce', namespaces: ['ns'] }]), new FixedNamespaces());
    expect((await reviewer.validate(request(hostNetworkPod))).response.allowed).toBe(false);
  });

  it('skips Rampart rules for subresources, no-op pod updates and deletes', async () => {
    const reviewer = createReviewer(setup([{ rules: ['host-network'], action: 'enforce' }]), new FixedNamespaces());
    const update = { operation: 'UPDATE', oldObject: hostNetworkPod };
    for (const extra of [{ ...update, subResource: 'status' }, update, { operation: 'DELETE', object: undefined }]) {
      const { response, decisions } = await reviewer.validate(request(hostNetworkPod, extra));
      expect(response.allowed).toBe(true);
      expect(decisions.map((d) => d.source)).not.toContain('rampart');
    }
  });

  it('judges non-pod kinds with their rules, cluster-scoped ones included', async () => {
    const reviewer = createReviewer(setup([{ rules: ['rbac-wildcard'], action: 'enforce' }]), new FixedNamespaces());
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'all' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    const { response, decisions } = await reviewer.validate(
      request(role, { kind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' }, resource: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' }, name: 'all', namespace: '' }),
    );
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toMatch(/^clusterroles.rbac.authorization.k8s.io "all" is forbidden: violates Rampart rules: rbac-wildcard/);
    expect(decisions).toEqual([{ source: 'rampart', decision: 'deny' }]);
  });

  it('matches a Namespace by its own labels, without looking it up (a namespace being created is not there yet)', async () => {
    const api = new FixedNamespaces([{ name: 'shop', labels: { env: 'dev' } }]);
    api.get = (name) => (name === 'shop' ? Promise.resolve({ name, labels: { env: 'dev' } }) : Promise.reject(new Error(`namespaces "${name}" not found`)));
    const reviewer = createReviewer(setup([{ rules: ['host-network'], action: 'enforce', namespaceSelector: { matchLabels: { env: 'prod' } } }]), api);
    const namespace = (name: string, labels: Record<string, string>, operation = 'CREATE') =>
      request(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
        { kind: { group: '', version: 'v1', kind: 'Namespace' }, resource: { group: '', version: 'v1', resource: 'namespaces' }, name, namespace: name, operation, ...(operation === 'UPDATE' ? { oldObject: { metadata: { name } } } : {}) },
      );
    const created = await reviewer.validate(namespace('fresh', { env: 'prod' }));
    expect(created.error).toBeUndefined();
    expect(created).toMatchObject({ response: { allowed: true }, decisions: [{ source: 'pss', decision: 'allow' }, { source: 'rampart', decision: 'allow' }] });
    // An update is matched by the labels it sets, not the stored ones.
    expect((await reviewer.validate(namespace('shop', { env: 'prod' }, 'UPDATE'))).decisions).toContainEqual({ source: 'rampart', decision: 'allow' });
    expect((await reviewer.validate(namespace('fresh', { env: 'dev' }))).decisions).toEqual([{ source: 'pss', decision: 'allow' }]);
  });

  it('answers an internal error per the failure policy', async () => {
    const throwing = new FixedNamespaces();
    throwing.get = () => Promise.reject(new TypeError('bug'));
    const rules = setup([{ rules: ['host-network'], action: 'warn' }]);
    const deployment = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const req = request(deployment, { resource: { group: '', version: 'v1', resource: 'configmaps' } });
    const closed = await createReviewer(rules, throwing).validate(req);
    expect(closed.response).toMatchObject({ allowed: false, status: { code: 500 } });
    expect(closed.error).toMatch(/bug/);
    const open = await createReviewer(rules, throwing, { failurePolicy: 'ignore' }).validate(req);
    expect(open.response.allowed).toBe(true);
  });
});

describe('offline resource names', () => {
  it.each([
    ['Pod', 'pods'],
    ['Ingress', 'ingresses'],
    ['NetworkPolicy', 'networkpolicies'],
    ['CronJob', 'cronjobs'],
  ])('%s → %s', (kind, resource) => {
    expect(guessResource(kind)).toBe(resource);
  });
});
