/*
 * Gateway API semantics shared by the Gateway, HTTPRoute and GRPCRoute checks: listeners with their defaults,
 * hostname intersection, which listeners a route attaches to through its parentRefs, and whether a
 * ReferenceGrant permits a reference into another namespace. Everything follows the Gateway API
 * specification (gateway.networking.k8s.io/v1), not any one implementation.
 */
import type { Path } from '../../core/path.js';
import { asArray, asNumber, asRecord, asString, type JsonRecord, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import type { Report } from '../api.js';
import { matchesSelector, parseLabelSelector } from '../../k8s/selectors.js';
import { joinList, quotedList } from './shared.js';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** One entry of a Gateway's spec.listeners. */
export interface Listener {
  readonly index: number;
  readonly record: JsonRecord;
  readonly path: Path;
  readonly name: string | undefined;
  /** Upper-cased: the core protocols (HTTP, HTTPS, TLS, TCP, UDP) are case-insensitive. */
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  /** Lower-cased; undefined (or empty) matches every hostname. */
  readonly hostname: string | undefined;
}

export function gatewayListeners(gateway: K8sObject): Listener[] {
  return recordsWithIndex(asRecord(gateway.body.spec)?.listeners).map(({ record, index }) => {
    const hostname = asString(record.hostname);
    return {
      index,
      record,
      path: ['spec', 'listeners', index],
      name: asString(record.name),
      protocol: asString(record.protocol)?.toUpperCase(),
      port: asNumber(record.port),
      hostname: hostname ? hostname.toLowerCase() : undefined,
    };
  });
}

/** `listener "https"`, or its position when it has no name. */
export function describeListener(listener: Listener): string {
  return listener.name === undefined ? `spec.listeners[${listener.index}]` : `listener "${listener.name}"`;
}

/** `Gateway "infra/shared"`. */
export function describeGateway(gateway: K8sObject, index: ObjectIndex): string {
  return `Gateway "${index.namespaceOf(gateway)}/${gateway.name}"`;
}

export function isWildcardHostname(hostname: string): boolean {
  return hostname.startsWith('*');
}

/**
 * The hostnames two hostname patterns have in common, as one pattern: undefined stands for every
 * hostname, null for none. A wildcard `*.example.com` matches any name ending in `.example.com`,
 * however many labels it adds, but not `example.com` itself; two wildcards share the narrower of
 * them when one's suffix lies within the other's. Comparison ignores case.
 */
export function intersectHostnames(a: string | undefined, b: string | undefined): string | undefined | null {
  if (a === undefined || a === '') return b === '' ? undefined : b?.toLowerCase();
  if (b === undefined || b === '') return a.toLowerCase();
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  if (left === right) return left;
  const leftWild = left.startsWith('*.');
  const rightWild = right.startsWith('*.');
  const leftSuffix = leftWild ? left.slice(1) : left;
  const rightSuffix = rightWild ? right.slice(1) : right;
  if (leftWild && rightWild) {
    if (leftSuffix.endsWith(rightSuffix)) return left;
    if (rightSuffix.endsWith(leftSuffix)) return right;
    return null;
  }
  if (leftWild) return right.endsWith(leftSuffix) ? right : null;
  if (rightWild) return left.endsWith(rightSuffix) ? left : null;
  return null;
}

/** A reference with the Gateway API's defaults applied (group, kind and namespace). */
export interface ObjectRef {
  readonly index: number;
  readonly record: JsonRecord;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  /** Whether the namespace was written (it differs from the referrer's only then). */
  readonly namespaceWritten: boolean;
  readonly name: string | undefined;
}

/** References in a list, with `group` and `kind` defaulted as the field's API type does and the namespace to the referrer's. */
export function objectRefs(value: unknown, defaults: { group: string; kind: string; namespace: string }): ObjectRef[] {
  return recordsWithIndex(value).map(({ record, index }) => {
    const namespace = asString(record.namespace);
    return {
      index,
      record,
      group: asString(record.group) ?? defaults.group,
      kind: asString(record.kind) ?? defaults.kind,
      namespace: namespace || defaults.namespace,
      namespaceWritten: Boolean(namespace),
      name: asString(record.name),
    };
  });
}

/** The kinds of route a listener of this protocol accepts when allowedRoutes.kinds is empty. */
const ROUTE_KINDS_BY_PROTOCOL: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** Whether the listener's allowedRoutes admits a route of this kind (Gateway API group) at all. */
export function listenerAcceptsKind(listener: Listener, kind: string): boolean {
  const kinds = recordsWithIndex(asRecord(listener.record.allowedRoutes)?.kinds).map(({ record }) => record);
  if (kinds.length === 0) return (ROUTE_KINDS_BY_PROTOCOL[listener.protocol ?? ''] ?? []).includes(kind);
  return kinds.some((k) => (asString(k.group) ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && k.kind === kind);
}

/**
 * Whether the listener's allowedRoutes.namespaces admits routes of `routeNamespace`: `from`
 * defaults to Same; Selector matches the Namespace's labels, known from a Namespace object of the
 * input plus kubernetes.io/metadata.name, which the API server sets on every namespace.
 */
export function listenerAcceptsNamespace(listener: Listener, gatewayNamespace: string, routeNamespace: string, index: ObjectIndex): boolean {
  const namespaces = asRecord(asRecord(listener.record.allowedRoutes)?.namespaces);
  const from = asString(namespaces?.from) ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNamespace === gatewayNamespace;
  if (from !== 'Selector' || asRecord(namespaces?.selector) === undefined) return false;
  const object = index.find('namespace', '', routeNamespace);
  const labels = { ...(object?.labels ?? {}), 'kubernetes.io/metadata.name': routeNamespace };
  return matchesSelector(parseLabelSelector(namespaces?.selector), labels);
}

/** The route's hostnames as written (strings only), each with its index in spec.hostnames. */
export function routeHostnames(route: K8sObject): Array<{ readonly hostname: string; readonly index: number }> {
  return asArray(asRecord(route.body.spec)?.hostnames).flatMap((h, index) => (typeof h === 'string' && h !== '' ? [{ hostname: h, index }] : []));
}

/** What one parentRef of a route resolves to. */
export interface ParentResolution {
  readonly ref: ObjectRef;
  readonly path: Path;
  /** The Gateway, when the input holds it. */
  readonly gateway: K8sObject | undefined;
  /** The listeners of that Gateway the route attaches to through this parentRef. */
  readonly listeners: readonly Listener[];
}

/**
 * The Gateways a route names in spec.parentRefs (group gateway.networking.k8s.io and kind Gateway
 * by default, the route's namespace unless written) and, for those in the input, the listeners
 * it attaches to: those sectionName and port select (when set), whose allowedRoutes admit the
 * route's kind and namespace, and whose hostname intersects one of the route's hostnames (a route
 * or listener without hostnames intersects everything). Parents of other kinds (a Service, for
 * a mesh) are left out.
 */
export function resolveGatewayParents(route: K8sObject, kind: string, index: ObjectIndex): ParentResolution[] {
  const routeNamespace = index.namespaceOf(route);
  const hostnames = routeHostnames(route).map((h) => h.hostname);
  const refs = objectRefs(asRecord(route.body.spec)?.parentRefs, { group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: routeNamespace });
  return refs
    .filter((ref) => ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway' && ref.name !== undefined)
    .map((ref) => {
      const gateway = index.find('gateway', ref.namespace, ref.name ?? '', route);
      const sectionName = asString(ref.record.sectionName);
      const port = asNumber(ref.record.port);
      const listeners = gateway
        ? gatewayListeners(gateway).filter(
            (l) =>
              (sectionName === undefined || l.name === sectionName) &&
              (port === undefined || l.port === port) &&
              listenerAcceptsKind(l, kind) &&
              listenerAcceptsNamespace(l, ref.namespace, routeNamespace, index) &&
              (hostnames.length === 0 || hostnames.some((h) => intersectHostnames(l.hostname, h) !== null)),
          )
        : [];
      return { ref, path: ['spec', 'parentRefs', ref.index], gateway, listeners };
    });
}

/**
 * Whether a ReferenceGrant in the target's namespace lets objects of `from` (group, kind and
 * namespace) refer to the target: one of its spec.from entries names exactly that group, kind and
 * namespace, and one of its spec.to entries the target's group and kind, and either no name or
 * the target's name.
 */
export function referenceGranted(
  index: ObjectIndex,
  from: { readonly group: string; readonly kind: string; readonly namespace: string },
  to: { readonly group: string; readonly kind: string; readonly namespace: string; readonly name: string },
): boolean {
  return index.ofGroupInNamespace('reference-grant', to.namespace).some((grant) => {
    const spec = asRecord(grant.body.spec);
    const fromOk = recordsWithIndex(spec?.from).some(
      ({ record }) => (asString(record.group) ?? '') === from.group && record.kind === from.kind && record.namespace === from.namespace,
    );
    if (!fromOk) return false;
    return recordsWithIndex(spec?.to).some(({ record }) => {
      const name = asString(record.name);
      return (asString(record.group) ?? '') === to.group && record.kind === to.kind && (!name || name === to.name);
    });
  });
}

/**
 * Whether the input speaks for a namespace's ReferenceGrants: it holds at least one namespaced
 * object there (the grants usually live with the team that owns the namespace, so a scan without
 * any of its objects does not show whether a grant exists). An object without metadata.namespace
 * counts for `default`, where the API server would put it.
 */
export function inputSpeaksForNamespace(index: ObjectIndex, namespace: string): boolean {
  const namespaces = index.perNamespace(inputSpeaksForNamespace, '', () => {
    const found = new Set<string>();
    for (const object of index.objects) if (!index.isClusterScoped(object)) found.add(index.namespaceOf(object));
    return found;
  });
  return namespaces.has(namespace);
}

/** What a cross-namespace reference lacks, or undefined when it is permitted or the input cannot tell. */
export interface RefusedReference {
  /** The names of the ReferenceGrants in the target namespace, none of which permits the reference. */
  readonly grants: readonly string[];
  /**
   * The referrer's kind, and the other Gateway API kinds the grants there do permit the same
   * reference from the same namespace: a grant written for HTTPRoutes does not cover GRPCRoutes.
   */
  readonly kind?: string;
  readonly permittedKinds?: readonly string[];
}

/** The Gateway API kinds that refer to objects in other namespaces under ReferenceGrants. */
const REFERRING_KINDS = ['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/**
 * Whether the Gateway API refuses a reference from `from` (group, kind, namespace) to `to` in
 * another namespace: no ReferenceGrant permits it and the input speaks for the target namespace.
 * A reference within the referrer's namespace, or into a namespace the input says nothing about,
 * gives undefined.
 */
export function refusedReference(
  index: ObjectIndex,
  from: { readonly group: string; readonly kind: string; readonly namespace: string },
  to: { readonly group: string; readonly kind: string; readonly namespace: string; readonly name: string },
): RefusedReference | undefined {
  if (to.namespace === from.namespace) return undefined;
  if (referenceGranted(index, from, to) || !inputSpeaksForNamespace(index, to.namespace)) return undefined;
  const grants = index.ofGroupInNamespace('reference-grant', to.namespace).map((g) => g.name);
  if (grants.length === 0 || from.group !== GATEWAY_API_GROUP) return { grants };
  const permittedKinds = REFERRING_KINDS.filter((kind) => kind !== from.kind && referenceGranted(index, { ...from, kind }, to));
  return { grants, kind: from.kind, permittedKinds };
}

/** `no ReferenceGrant in namespace "certs" permits it` (naming the grants there that do not). */
export function describeMissingGrant(namespace: string, refused: RefusedReference): string {
  const names = [...new Set(refused.grants)];
  if (names.length === 0) return `no ReferenceGrant in namespace "${namespace}" permits it`;
  const which = names.length === 1 ? `ReferenceGrant "${names[0]}"` : `ReferenceGrants ${quotedList(names)}`;
  const others = refused.permittedKinds ?? [];
  const only = others.length > 0 && refused.kind ? ` (${names.length === 1 ? 'it permits' : 'they permit'} this reference from ${joinList(others.map((k) => `${k}s`))}, not from ${refused.kind}s)` : '';
  return `${which} in namespace "${namespace}" do${names.length === 1 ? 'es' : ''} not permit it${only}`;
}

/** A backend an HTTPRoute or GRPCRoute rule names: a backendRef, or the backendRef of a RequestMirror filter. */
export interface RouteBackend {
  /** With group "" and kind Service unless written, and the route's namespace unless written. */
  readonly ref: ObjectRef;
  readonly path: Path;
  /** `spec.rules[0]`, or `the RequestMirror filter of spec.rules[0]`. */
  readonly where: string;
  readonly mirror: boolean;
}

function mirrorBackends(filters: unknown, defaults: { group: string; kind: string; namespace: string }, base: Path, where: string): RouteBackend[] {
  return recordsWithIndex(filters).flatMap(({ record, index }) => {
    if (record.type !== 'RequestMirror') return [];
    const backendRef = asRecord(asRecord(record.requestMirror)?.backendRef);
    if (!backendRef) return [];
    return objectRefs([backendRef], defaults).map((ref) => ({
      ref,
      path: [...base, 'filters', index, 'requestMirror', 'backendRef'],
      where: `the RequestMirror filter of ${where}`,
      mirror: true,
    }));
  });
}

/**
 * The backends the rules of an HTTPRoute or a GRPCRoute name (both kinds lay them out alike):
 * spec.rules[].backendRefs, and the backendRef of each RequestMirror filter on a rule or on one
 * of its backendRefs.
 */
export function routeBackends(route: K8sObject, index: ObjectIndex): RouteBackend[] {
  const defaults = { group: '', kind: 'Service', namespace: index.namespaceOf(route) };
  return recordsWithIndex(asRecord(route.body.spec)?.rules).flatMap(({ record: rule, index: r }) => {
    const rulePath: Path = ['spec', 'rules', r];
    const refs = objectRefs(rule.backendRefs, defaults).flatMap((ref): RouteBackend[] => {
      const refPath: Path = [...rulePath, 'backendRefs', ref.index];
      return [
        { ref, path: refPath, where: `spec.rules[${r}]`, mirror: false },
        ...mirrorBackends(ref.record.filters, defaults, refPath, `spec.rules[${r}].backendRefs[${ref.index}]`),
      ];
    });
    return [...refs, ...mirrorBackends(rule.filters, defaults, rulePath, `spec.rules[${r}]`)];
  });
}

/** A backend of a route that the Gateway API refuses, with the grants that do not permit it. */
export interface RefusedBackend extends RouteBackend {
  readonly refused: RefusedReference;
}

/**
 * The backends (mirrors included) of a route of `kind` (HTTPRoute or GRPCRoute) that name an
 * object in another namespace no ReferenceGrant there permits for routes of that kind and the
 * route's namespace, where the input speaks for that namespace. References without a name are
 * left out.
 */
export function refusedRouteBackends(route: K8sObject, kind: string, index: ObjectIndex): RefusedBackend[] {
  const from = { group: GATEWAY_API_GROUP, kind, namespace: index.namespaceOf(route) };
  return routeBackends(route, index).flatMap((backend) => {
    const { ref } = backend;
    if (ref.name === undefined) return [];
    const refused = refusedReference(index, from, { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name });
    return refused ? [{ ...backend, refused }] : [];
  });
}

/**
 * The findings of a route rule refusing cross-namespace backends: one per backend (mirrors
 * included) no ReferenceGrant permits, worded with what the route's kind does with a refused
 * backend's traffic (`outcome.backend`) and a refused mirror (`outcome.mirror`).
 */
export function refusedBackendReports(route: K8sObject, kind: string, index: ObjectIndex, outcome: { readonly backend: string; readonly mirror: string }): Report[] {
  const namespace = index.namespaceOf(route);
  return refusedRouteBackends(route, kind, index).map(({ ref, path, where, mirror, refused }) => ({
    path: [...path, 'namespace'],
    message: `${where} of ${kind} "${namespace}/${route.name}" names ${describeBackendRef(ref)} in another namespace ${mirror ? 'as the mirror target' : 'as a backend'}, and ${describeMissingGrant(ref.namespace, refused)}: the reference is refused (ResolvedRefs False, RefNotPermitted) and ${mirror ? outcome.mirror : outcome.backend}`,
  }));
}

/** `Service "backend/api"`, or `multicluster.x-k8s.io/ServiceImport "backend/api"` outside the core group. */
export function describeBackendRef(ref: ObjectRef): string {
  return `${ref.group === '' ? '' : `${ref.group}/`}${ref.kind} "${ref.namespace}/${ref.name ?? ''}"`;
}
