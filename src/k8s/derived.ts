import { isDeepStrictEqual } from 'node:util';
import type { Path } from '../core/path.js';
import { asNumber, asString, getIn, recordsWithIndex } from './access.js';
import { scannedControllerOf } from './controllers.js';
import type { K8sObject } from './object.js';
import type { ObjectIndex } from './object-index.js';
import { workloadKindOf } from './workloads.js';

/** A container of a Pod that its owner's template does not have. */
export interface AddedContainer {
  readonly list: 'initContainers' | 'containers' | 'ephemeralContainers';
  readonly index: number;
  readonly name: string;
  /** Where its findings are: `spec.<list>[index]`. */
  readonly path: Path;
}

/**
 * What of an object that a controller in the input created still needs checking on its own:
 * - `none`: it repeats its owner's template (the usual case), so the owner's findings cover it;
 * - `whole`: it holds an older template than its owner and still runs pods (a ReplicaSet of a
 *   rollout that is stuck or in progress, a Job a CronJob started before its template changed);
 * - `{ added }`: a Pod that runs containers its owner's template does not name: containers a
 *   mutating webhook injected at admission (istio-init with NET_ADMIN, a Vault agent), and
 *   ephemeral containers (`kubectl debug`), which no template can hold. Only those are new.
 *   Containers are matched by name in the same list: admission also changes the template's own
 *   containers (the ServiceAccount plugin adds a token volume mount to each), so a changed
 *   container cannot be told from an injected change.
 */
export type DerivedScope = 'none' | 'whole' | { readonly added: readonly AddedContainer[] };

export function derivedScope(object: K8sObject, owner: K8sObject): DerivedScope {
  const kind = workloadKindOf(object);
  const ownerKind = workloadKindOf(owner);
  if (!kind || !ownerKind) return 'none';
  const ownerTemplate = getIn(owner.body, ...ownerKind.templatePath.map(String));
  if (kind.templatePath.length === 0) {
    const added = addedContainers(getIn(object.body, 'spec'), getIn(ownerTemplate, 'spec'));
    return added.length > 0 ? { added } : 'none';
  }
  const template = getIn(object.body, ...kind.templatePath.map(String));
  // Controllers add labels to the templates they copy (pod-template-hash, job-name, ...): what
  // runs is the spec, and the annotations some settings still live in (AppArmor before 1.30).
  const same =
    isDeepStrictEqual(getIn(template, 'spec'), getIn(ownerTemplate, 'spec')) &&
    isDeepStrictEqual(getIn(template, 'metadata', 'annotations') ?? {}, getIn(ownerTemplate, 'metadata', 'annotations') ?? {});
  return same || !runsPods(object) ? 'none' : 'whole';
}

/** The containers of a pod spec that the template's spec does not name in the same list; every ephemeral container. */
function addedContainers(podSpec: unknown, templateSpec: unknown): AddedContainer[] {
  const added: AddedContainer[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const named = new Set(recordsWithIndex(getIn(templateSpec, list)).map(({ record }) => asString(record.name)));
    for (const { record, index } of recordsWithIndex(getIn(podSpec, list))) {
      const name = asString(record.name) ?? '';
      if (list === 'ephemeralContainers' || !named.has(name)) added.push({ list, index, name, path: ['spec', list, index] });
    }
  }
  return added;
}

/** Whether a ReplicaSet, ReplicationController or Job still has (or wants) pods, as far as the input says. */
function runsPods(object: K8sObject): boolean {
  if (object.kind === 'Job') {
    const status = getIn(object.body, 'status');
    // Without a status (not from a live cluster) nothing says it has ended.
    return status === undefined || (asNumber(getIn(status, 'active')) ?? 0) > 0;
  }
  const wanted = getIn(object.body, 'spec', 'replicas');
  const running = asNumber(getIn(object.body, 'status', 'replicas')) ?? 0;
  return (wanted === undefined || wanted === null ? 1 : (asNumber(wanted) ?? 1)) > 0 || running > 0;
}

/** The scope of `object` when a controller in the input created it; undefined when none did. */
export function derivedScopeIn(object: K8sObject, index: ObjectIndex): DerivedScope | undefined {
  const owner = scannedControllerOf(object, index);
  return owner ? derivedScope(object, owner) : undefined;
}

/**
 * For a Pod with injected containers and no ephemeral ones: what its replicas share (the owner and
 * the names of the added containers), so that a command judging whole Pods can judge one of them.
 */
export function injectedSignature(owner: K8sObject, scope: DerivedScope, index: ObjectIndex): string | undefined {
  if (typeof scope !== 'object' || scope.added.some((c) => c.list === 'ephemeralContainers')) return undefined;
  return JSON.stringify([ownerKey(owner, index), scope.added.map((c) => [c.list, c.name])]);
}

/** One owner of the input, as a key: its file, kind, namespace and name. */
export function ownerKey(owner: K8sObject, index: ObjectIndex): string {
  return [owner.source.file, owner.kind, index.namespaceOf(owner), owner.name].join('\u0000');
}
