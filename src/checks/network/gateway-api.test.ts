import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K8sObject } from '../../k8s/object.js';
import { ObjectIndex } from '../../k8s/object-index.js';
import { describeBackendRef, describeMissingGrant, inputSpeaksForNamespace, intersectHostnames, referenceGranted, refusedReference, refusedRouteBackends, resolveGatewayParents, routeBackends } from './gateway-api.js';

/** Whether a pattern (undefined: any hostname) matches one concrete hostname, by the Gateway API's rules. */
function matches(pattern: string | undefined, name: string): boolean {
  if (pattern === undefined) return true;
  if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1));
  return pattern === name;
}

// 'ba' ends with 'a', so a suffix compared without its dot shows.
const label = fc.constantFrom('a', 'ba', 'example', 'com');
const concrete = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const pattern = fc.oneof(
  concrete,
  concrete.map((n) => `*.${n}`),
  fc.constant(undefined),
);

describe('intersectHostnames', () => {
  it('follows the examples of the Gateway API', () => {
    expect(intersectHostnames('*.example.com', 'test.example.com')).toBe('test.example.com');
    expect(intersectHostnames('*.example.com', 'foo.test.example.com')).toBe('foo.test.example.com');
    expect(intersectHostnames('*.example.com', 'example.com')).toBeNull();
    expect(intersectHostnames('*.example.com', 'test.example.net')).toBeNull();
    expect(intersectHostnames('*.example.com', '*.foo.example.com')).toBe('*.foo.example.com');
    expect(intersectHostnames('*.foo.example.com', '*.bar.example.com')).toBeNull();
    expect(intersectHostnames('Shop.Example.com', 'shop.example.COM')).toBe('shop.example.com');
    expect(intersectHostnames(undefined, '*.example.com')).toBe('*.example.com');
    expect(intersectHostnames(undefined, undefined)).toBeUndefined();
    expect(intersectHostnames('', 'a.example.com')).toBe('a.example.com');
  });

  it('is symmetric', () => {
    fc.assert(fc.property(pattern, pattern, (a, b) => intersectHostnames(a, b) === intersectHostnames(b, a)));
  });

  it('keeps a concrete hostname exactly when the other pattern matches it', () => {
    fc.assert(fc.property(pattern, concrete, (p, name) => intersectHostnames(p, name) === (matches(p, name) ? name : null)), { numRuns: 1000 });
  });

  it('matches exactly the hostnames both patterns match', () => {
    fc.assert(
      fc.property(pattern, pattern, concrete, (a, b, name) => {
        const both = intersectHostnames(a, b);
        const inBoth = matches(a, name) && matches(b, name);
        return both === null ? !inBoth : matches(both, name) === inBoth;
      }),
      { numRuns: 2000 },
    );
  });
});

const NO_POSITIONS = { locate: () => ({ line: 1, column: 1 }) };

function objects(...bodies: Record<string, unknown>[]): ObjectIndex {
  return new ObjectIndex(bodies.map((body) => new K8sObject(body, { file: 'test.yaml', documentIndex: 0, basePath: [], locator: NO_POSITIONS })));
}

describe('resolveGatewayParents', () => {
  const gateway = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'shared', namespace: 'infra' },
    spec: {
      listeners: [
        { name: 'http', protocol: 'http', port: 80 },
        { name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'team', protocol: 'HTTPS', port: 8443, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'shop' } } } } },
        { name: 'tls', protocol: 'TLS', port: 9443, allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  };
  const route = (namespace: string, parentRef: Record<string, unknown>, hostnames?: string[]) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'r', namespace },
    spec: { parentRefs: [parentRef], ...(hostnames ? { hostnames } : {}) },
  });
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'shop' } } };
  const names = (index: ObjectIndex, body: Record<string, unknown>) =>
    resolveGatewayParents(index.objects.find((o) => o.body === body) ?? index.objects[0]!, 'HTTPRoute', index).map((p) => p.listeners.map((l) => l.name));

  it('attaches by namespace rules, sectionName, port, kind and hostname', () => {
    const same = route('infra', { name: 'shared' });
    expect(names(objects(gateway, same), same)).toEqual([['http', 'https']]);
    const other = route('shop', { name: 'shared', namespace: 'infra' });
    expect(names(objects(gateway, other), other)).toEqual([['https']]);
    expect(names(objects(gateway, namespace, other), other)).toEqual([['https', 'team']]);
    const section = route('infra', { name: 'shared', sectionName: 'http' });
    expect(names(objects(gateway, section), section)).toEqual([['http']]);
    const port = route('infra', { name: 'shared', port: 443 });
    expect(names(objects(gateway, port), port)).toEqual([['https']]);
    const host = route('infra', { name: 'shared' }, ['shop.example.net']);
    expect(names(objects(gateway, host), host)).toEqual([['http']]);
    const mesh = route('infra', { name: 'shared', kind: 'Service', group: '' });
    expect(names(objects(gateway, mesh), mesh)).toEqual([]);
  });

  it('tolerates wrong-typed fields', () => {
    const odd = { ...route('infra', { name: 'shared' }), spec: { parentRefs: 'shared', hostnames: [1, null] } };
    const oddGateway = { ...gateway, spec: { listeners: [{ name: 5, protocol: 7, allowedRoutes: 'All' }, 'x'] } };
    expect(() => resolveGatewayParents(objects(oddGateway, odd).objects[1]!, 'HTTPRoute', objects(oddGateway, odd))).not.toThrow();
  });
});

describe('referenceGranted', () => {
  const grant = (to: Record<string, unknown>, from: Record<string, unknown> = { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }) => ({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'g', namespace: 'certs' },
    spec: { from: [from], to: [to] },
  });
  const from = { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' };
  const secret = { group: '', kind: 'Secret', namespace: 'certs', name: 'wildcard' };

  it('needs a grant in the target namespace naming the source and the target', () => {
    expect(referenceGranted(objects(grant({ group: '', kind: 'Secret' })), from, secret)).toBe(true);
    expect(referenceGranted(objects(grant({ group: '', kind: 'Secret', name: 'wildcard' })), from, secret)).toBe(true);
    expect(referenceGranted(objects(grant({ group: '', kind: 'Secret', name: 'other' })), from, secret)).toBe(false);
    expect(referenceGranted(objects(grant({ group: '', kind: 'ConfigMap' })), from, secret)).toBe(false);
    expect(referenceGranted(objects(grant({ group: '', kind: 'Secret' }, { ...from, kind: 'HTTPRoute' })), from, secret)).toBe(false);
    expect(referenceGranted(objects(grant({ group: '', kind: 'Secret' }, { ...from, namespace: 'apps' })), from, secret)).toBe(false);
    expect(referenceGranted(objects(grant({ group: '', kind: 'Secret' })), from, { ...secret, namespace: 'infra' })).toBe(false);
  });
});

describe('refusedReference', () => {
  const from = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' };
  const service = { group: '', kind: 'Service', namespace: 'backend', name: 'api' };
  const grant = (to: Record<string, unknown>) => ({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'routes', namespace: 'backend' },
    spec: { from: [from], to: [to] },
  });
  const inBackend = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'backend' } };

  it('refuses a cross-namespace reference no grant permits, when the input speaks for the namespace', () => {
    expect(refusedReference(objects(inBackend), from, service)).toEqual({ grants: [] });
    expect(refusedReference(objects(grant({ group: '', kind: 'Service', name: 'web' })), from, service)).toEqual({ grants: ['routes'], kind: 'HTTPRoute', permittedKinds: [] });
    expect(refusedReference(objects(grant({ group: '', kind: 'Service' })), from, service)).toBeUndefined();
  });

  it('says nothing of references within the namespace or into a namespace the input does not hold', () => {
    expect(refusedReference(objects(inBackend), from, { ...service, namespace: 'shop' })).toBeUndefined();
    expect(refusedReference(objects({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'backend' } }), from, service)).toBeUndefined();
    expect(refusedReference(objects(), from, service)).toBeUndefined();
  });

  it('counts an object without namespace for default', () => {
    const index = objects({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    expect(inputSpeaksForNamespace(index, 'default')).toBe(true);
    expect(inputSpeaksForNamespace(index, '')).toBe(false);
  });

  it('names the grants that do not permit the reference', () => {
    expect(describeMissingGrant('backend', { grants: [] })).toBe('no ReferenceGrant in namespace "backend" permits it');
    expect(describeMissingGrant('backend', { grants: ['a'] })).toBe('ReferenceGrant "a" in namespace "backend" does not permit it');
    expect(describeMissingGrant('backend', { grants: ['a', 'b', 'a'] })).toBe('ReferenceGrants "a" and "b" in namespace "backend" do not permit it');
    expect(describeMissingGrant('backend', { grants: ['a'], kind: 'GRPCRoute', permittedKinds: ['HTTPRoute'] })).toBe(
      'ReferenceGrant "a" in namespace "backend" does not permit it (it permits this reference from HTTPRoutes, not from GRPCRoutes)',
    );
    expect(describeMissingGrant('backend', { grants: ['a', 'b'], kind: 'HTTPRoute', permittedKinds: ['Gateway', 'GRPCRoute'] })).toBe(
      'ReferenceGrants "a" and "b" in namespace "backend" do not permit it (they permit this reference from Gateways and GRPCRoutes, not from HTTPRoutes)',
    );
    expect(describeMissingGrant('backend', { grants: ['a'], kind: 'HTTPRoute', permittedKinds: [] })).toBe('ReferenceGrant "a" in namespace "backend" does not permit it');
  });
});

describe('routeBackends', () => {
  it('lists backendRefs and RequestMirror backends, with defaults, and tolerates wrong types', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'shop' },
      spec: {
        rules: [
          {
            filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'audit', namespace: 'ops', port: 80 } } }, { type: 'RequestMirror', requestMirror: 'x' }],
            backendRefs: [{ name: 'web', port: 80, filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { group: 'example.com', kind: 'Backend', name: 'shadow' } } }] }],
          },
          { backendRefs: 'web' },
          'not-a-rule',
        ],
      },
    };
    const index = objects(route);
    const backends = routeBackends(index.objects[0]!, index).map((b) => [b.path.join('.'), b.ref.group, b.ref.kind, b.ref.namespace, b.ref.name, b.mirror]);
    expect(backends).toEqual([
      ['spec.rules.0.backendRefs.0', '', 'Service', 'shop', 'web', false],
      ['spec.rules.0.backendRefs.0.filters.0.requestMirror.backendRef', 'example.com', 'Backend', 'shop', 'shadow', true],
      ['spec.rules.0.filters.0.requestMirror.backendRef', '', 'Service', 'ops', 'audit', true],
    ]);
  });
});

describe('refusedRouteBackends', () => {
  const route = (kind: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name: 'r', namespace: 'shop' },
    spec: {
      rules: [
        {
          filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'audit', namespace: 'backend', port: 50051 } } }],
          backendRefs: [{ name: 'api', namespace: 'backend', port: 50051 }, { name: 'local', port: 50051 }, { namespace: 'backend', port: 50051 }],
        },
      ],
    },
  });
  const grant = (kind: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: `${kind.toLowerCase()}s`, namespace: 'backend' },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind, namespace: 'shop' }], to: [{ group: '', kind: 'Service' }] },
  });
  const refused = (kind: string, ...others: Record<string, unknown>[]) => {
    const index = objects(route(kind), ...others);
    return refusedRouteBackends(index.objects[0]!, kind, index).map((b) => [b.path.join('.'), describeBackendRef(b.ref), b.mirror, b.refused.grants]);
  };

  it('reads a GRPCRoute as an HTTPRoute, each permitted only by a grant naming its own kind', () => {
    const both = [
      ['spec.rules.0.backendRefs.0', 'Service "backend/api"', false],
      ['spec.rules.0.filters.0.requestMirror.backendRef', 'Service "backend/audit"', true],
    ];
    expect(refused('GRPCRoute', grant('HTTPRoute'))).toEqual(both.map((b) => [...b, ['httproutes']]));
    expect(refused('HTTPRoute', grant('GRPCRoute'))).toEqual(both.map((b) => [...b, ['grpcroutes']]));
    expect(refused('GRPCRoute', grant('GRPCRoute'))).toEqual([]);
    expect(refused('HTTPRoute', grant('HTTPRoute'))).toEqual([]);
    expect(refused('GRPCRoute', grant('HTTPRoute'), grant('GRPCRoute'))).toEqual([]);
  });

  it('names a backend outside the core group with its group', () => {
    expect(describeBackendRef({ index: 0, record: {}, group: 'multicluster.x-k8s.io', kind: 'ServiceImport', namespace: 'backend', namespaceWritten: true, name: 'api' })).toBe(
      'multicluster.x-k8s.io/ServiceImport "backend/api"',
    );
  });
});
