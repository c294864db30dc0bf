/*
 * API resources by name, for reading what a user types (`deploy`, `deployments.apps/scale`,
 * `deployments.v1.apps`, `po/exec`): the built-in resources of data/k8s-resources (Kubernetes' discovery documents),
 * the resources only authorization knows (impersonation, CSR signers), and the
 * CustomResourceDefinitions of the input.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { asArray, asRecord, asString } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';
import { packageFile } from '../package-files.js';

export const RESOURCES_VERSION = '1.37';

export interface ApiResource {
  /** '' for the core group. */
  readonly group: string;
  /** Plural name, as RBAC rules write it. */
  readonly resource: string;
  readonly kind: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly subresources: Readonly<Record<string, readonly string[]>>;
  /** The versions the API server serves it in (none for the resources only authorization knows). */
  readonly versions: readonly string[];
  /**
   * Every subresource is one, with the resource's verbs: impersonating a user's extra value checks
   * `userextras` with the extra's key (any string, `/` included) as the subresource.
   */
  readonly anySubresource?: true;
  readonly origin: 'built-in' | 'authorization' | 'custom';
}

const DataFile = z.object({
  resources: z.array(
    z.object({
      group: z.string(),
      resource: z.string(),
      kind: z.string(),
      singular: z.string(),
      shortNames: z.array(z.string()),
      namespaced: z.boolean(),
      verbs: z.array(z.string()),
      subresources: z.record(z.string(), z.array(z.string())),
      versions: z.array(z.string()),
    }),
  ),
});

const DATA_FILE = packageFile('data', 'k8s-resources', `v${RESOURCES_VERSION}.json`);

/** Resources that exist only as authorization checks (no objects to list). */
const AUTHORIZATION_ONLY: readonly ApiResource[] = [
  { group: '', resource: 'users', kind: 'User', singular: 'user', shortNames: [], namespaced: false, verbs: ['impersonate'], subresources: {}, versions: [], origin: 'authorization' },
  { group: '', resource: 'groups', kind: 'Group', singular: 'group', shortNames: [], namespaced: false, verbs: ['impersonate'], subresources: {}, versions: [], origin: 'authorization' },
  { group: 'authentication.k8s.io', resource: 'uids', kind: 'UID', singular: 'uid', shortNames: [], namespaced: false, verbs: ['impersonate'], subresources: {}, versions: [], origin: 'authorization' },
  { group: 'authentication.k8s.io', resource: 'userextras', kind: 'UserExtra', singular: 'userextra', shortNames: [], namespaced: false, verbs: ['impersonate'], subresources: {}, versions: [], anySubresource: true, origin: 'authorization' },
  { group: 'certificates.k8s.io', resource: 'signers', kind: 'Signer', singular: 'signer', shortNames: [], namespaced: false, verbs: ['approve', 'sign', 'attest'], subresources: {}, versions: [], origin: 'authorization' },
];

let builtIn: readonly ApiResource[] | undefined;

/** The built-in resources of Kubernetes (every version the API server serves), and authorization-only ones. */
export function builtInResources(): readonly ApiResource[] {
  builtIn ??= [...DataFile.parse(JSON.parse(readFileSync(DATA_FILE, 'utf8'))).resources.map((r) => ({ ...r, origin: 'built-in' as const })), ...AUTHORIZATION_ONLY];
  return builtIn;
}

/** The resources the CustomResourceDefinitions of the input define. */
export function customResources(objects: readonly K8sObject[]): ApiResource[] {
  return objects.flatMap((o) => {
    if (o.kind !== 'CustomResourceDefinition' || o.group !== 'apiextensions.k8s.io') return [];
    const spec = asRecord(o.body.spec);
    const names = asRecord(spec?.names);
    const group = asString(spec?.group);
    const plural = asString(names?.plural);
    if (!group || !plural) return [];
    const subresources: Record<string, string[]> = {};
    const versions: string[] = [];
    for (const item of asArray(spec?.versions)) {
      const version = asRecord(item);
      const sub = asRecord(version?.subresources);
      if (sub?.status !== undefined) subresources.status = ['get', 'patch', 'update'];
      if (sub?.scale !== undefined) subresources.scale = ['get', 'patch', 'update'];
      const name = asString(version?.name);
      if (name && version?.served !== false) versions.push(name);
    }
    // apiextensions.k8s.io/v1beta1 (removed in 1.22, still in old manifests) could name one version only.
    const single = asString(spec?.version);
    if (single && !versions.includes(single)) versions.push(single);
    const kind = asString(names?.kind) ?? '';
    return [
      {
        group,
        resource: plural,
        kind,
        singular: asString(names?.singular) ?? kind.toLowerCase(),
        shortNames: asArray(names?.shortNames).filter((s): s is string => typeof s === 'string'),
        namespaced: asString(spec?.scope) !== 'Cluster',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        subresources,
        versions,
        origin: 'custom' as const,
      },
    ];
  });
}

export interface ResolvedResource {
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  /** undefined when the resource is not known (given as RESOURCE.GROUP). */
  readonly known: ApiResource | undefined;
}

export type Resolution =
  | {
      readonly ok: true;
      readonly value: ResolvedResource;
      /** Why an unknown resource is answered for as written: no built-in resource nor CRD of the input has that group, or that name in it. */
      readonly warning?: string;
    }
  | { readonly ok: false; readonly message: string };

const matchesName = (r: ApiResource, name: string) =>
  r.resource === name || r.singular === name || r.shortNames.includes(name) || r.kind.toLowerCase() === name;

/** Of the resources a name matches, the core group's, else the first group's (kubectl's preference). */
const preferred = (candidates: readonly ApiResource[]) => candidates.find((r) => r.group === '') ?? candidates[0];

/**
 * Reads `pods`, `pod`, `po`, `pods/exec`, `deployments.apps`, `deployments.v1.apps`,
 * `deploy.apps/scale` as kubectl reads a resource argument (schema.ParseResourceArg, then its REST
 * mapper): lowercased; with two dots or more, first RESOURCE.VERSION.GROUP (`deployments.v1.apps`),
 * when that group serves the resource in that version; otherwise RESOURCE.GROUP, the group being
 * everything after the first dot (`widgets.example.com`). A name without a group prefers the core
 * group, then the first group that serves it.
 */
export function resolveResource(text: string, resources: readonly ApiResource[]): Resolution {
  const slash = text.indexOf('/');
  const spec = (slash === -1 ? text : text.slice(0, slash)).toLowerCase();
  const subresource = slash === -1 ? '' : text.slice(slash + 1);
  const notResource = { ok: false, message: `"${text}" is not a resource; give one like pods, pods/exec or deployments.apps` } as const;
  if (spec === '' || spec === '*') return notResource;
  const resolved = (known: ApiResource) => ({ ok: true, value: { group: known.group, resource: known.resource, subresource, known } }) as const;
  const parts = spec.split('.');
  const [first = '', version = ''] = parts;
  const versioned = parts.length >= 3 ? { name: first, version, group: parts.slice(2).join('.') } : undefined;
  const served = versioned && preferred(resources.filter((r) => r.group === versioned.group && r.versions.includes(versioned.version) && matchesName(r, versioned.name)));
  // A subresource is one path segment, except a userextra's key (`userextras/example.com/team`).
  if (served) return subresource.includes('/') && !served.anySubresource ? notResource : resolved(served);
  const dot = spec.indexOf('.');
  const name = dot === -1 ? spec : spec.slice(0, dot);
  const group = dot === -1 ? undefined : spec.slice(dot + 1);
  const known = preferred(resources.filter((r) => (group === undefined || r.group === group) && matchesName(r, name)));
  if (subresource.includes('/') && !known?.anySubresource) return notResource;
  if (known) return resolved(known);
  if (group === undefined) {
    return {
      ok: false,
      message: `unknown resource "${spec}": not a built-in resource of Kubernetes ${RESOURCES_VERSION} nor defined by a CustomResourceDefinition in the input; write it as RESOURCE.GROUP (e.g. ${spec}.example.com)`,
    };
  }
  // kubectl warns that the server has no such resource type; answered for as written, a custom
  // resource whose CustomResourceDefinition is not in the input is still asked about.
  const why = resources.some((r) => r.group === group)
    ? `unknown resource "${name}" in group "${group}": not a built-in resource of Kubernetes ${RESOURCES_VERSION} nor defined by a CustomResourceDefinition in the input`
    : `unknown group "${group}": no built-in resource of Kubernetes ${RESOURCES_VERSION} nor CustomResourceDefinition in the input is in it`;
  const inOtherVersions = versioned && preferred(resources.filter((r) => r.group === versioned.group && r.versions.length > 0 && matchesName(r, versioned.name)));
  const hint = inOtherVersions && versioned ? ` (read as RESOURCE.VERSION.GROUP: ${qualifiedResource(inOtherVersions.group, inOtherVersions.resource)} is served in ${inOtherVersions.versions.join(', ')}, not ${versioned.version})` : '';
  return { ok: true, value: { group, resource: name, subresource, known: undefined }, warning: `${why}${hint}; answering for ${name}${group === '' ? '' : `.${group}`} as written` };
}

/** `deployments.apps`, `pods` (core), `*.*`: how kubectl names a rule's resource. */
export function qualifiedResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}
