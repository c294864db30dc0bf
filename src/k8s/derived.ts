import { isDeepStrictEqual } from 'node:util';
import { asNumber, getIn } from './access.js';
import { scannedControllerOf } from './controllers.js';
import type { K8sObject } from './object.js';
import type { ObjectIndex } from './object-index.js';
import { workloadKindOf } from './workloads.js';

/**
 * What of an object that a controller in the input created still needs checking on its own:
 * - `none`: it repeats its owner's template (the usual case), so the owner's findings cover it;
 * - `whole`: it holds an older template than its owner and still runs pods (a ReplicaSet of a
 *   rollout that is stuck or in progress, a Job a CronJob started before its template changed);
 * - `ephemeral-containers`: a Pod with ephemeral containers (`kubectl debug`), which no template
 *   can hold: only those containers are new.
 */
export type DerivedScope = 'none' | 'whole' | 'ephemeral-containers';

export function derivedScope(object: K8sObject, owner: K8sObject): DerivedScope {
  const kind = workloadKindOf(object);
  const ownerKind = workloadKindOf(owner);
  if (!kind || !ownerKind) return 'none';
  if (kind.templatePath.length === 0) {
    const ephemeral = getIn(object.body, 'spec', 'ephemeralContainers');
    return Array.isArray(ephemeral) && ephemeral.length > 0 ? 'ephemeral-containers' : 'none';
  }
  const template = getIn(object.body, ...kind.templatePath.map(String));
  const ownerTemplate = getIn(owner.body, ...ownerKind.templatePath.map(String));
  // Controllers add labels to the templates they copy (pod-template-hash, job-name, ...): what
  // runs is the spec, and the annotations some settings still live in (AppArmor before 1.30).
  const same =
    isDeepStrictEqual(getIn(template, 'spec'), getIn(ownerTemplate, 'spec')) &&
    isDeepStrictEqual(getIn(template, 'metadata', 'annotations') ?? {}, getIn(ownerTemplate, 'metadata', 'annotations') ?? {});
  return same || !runsPods(object) ? 'none' : 'whole';
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
