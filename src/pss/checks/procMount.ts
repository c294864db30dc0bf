import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { ptrStr, type PodView } from '../view.js';

export const CHECK_PROC_MOUNT = 'procMount';

/** Forbids any procMount but Default, unconditionally (upstream's procMount_1_0). */
export function procMountDefaultOnly(pod: PodView): CheckFailure | undefined {
  let names: string[] | undefined;
  let types: string[] | undefined;
  let fields: Path[] | undefined;
  for (const c of pod.containers) {
    if (!c.securityContext) continue;
    const procMount = ptrStr(c.securityContext.procMount);
    if (procMount !== undefined && procMount !== 'Default') {
      (names ??= []).push(c.name);
      (types ??= []).push(procMount);
      (fields ??= []).push([...c.path, 'securityContext', 'procMount']);
    }
  }
  if (!names || !types || !fields) return undefined;
  return {
    reason: 'procMount',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
    fields,
  };
}

/** From 1.35, any procMount is allowed in a user namespace (hostUsers: false). */
function procMountUnlessUserNamespace(pod: PodView): CheckFailure | undefined {
  return pod.inUserNamespace ? undefined : procMountDefaultOnly(pod);
}

export default definePssCheck({
  id: CHECK_PROC_MOUNT,
  level: 'baseline',
  description: 'The default /proc masks must be kept (procMount Default), unless the pod runs in a user namespace (hostUsers: false, from v1.35).',
  restrictedFields: [
    'spec.containers[*].securityContext.procMount',
    'spec.initContainers[*].securityContext.procMount',
    'spec.ephemeralContainers[*].securityContext.procMount',
  ],
  versions: [
    { minVersion: 0, run: procMountDefaultOnly },
    { minVersion: 35, run: procMountUnlessUserNamespace },
  ],
});
