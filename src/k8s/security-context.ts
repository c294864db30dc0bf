import type { Path } from '../core/path.js';
import { asArray, asRecord, asString } from './access.js';
import type { ContainerView, PodView } from './workloads.js';

/** A security setting as the kubelet applies it: the container's value, else the pod's. */
export interface EffectiveSetting {
  readonly value: unknown;
  /** Where the value is set; when unset, where the container should set it. */
  readonly path: Path;
  readonly from: 'container' | 'pod' | 'unset';
}

/**
 * Fields that exist in both PodSecurityContext and SecurityContext, where the container's
 * value overrides the pod's (runAsUser, runAsGroup, runAsNonRoot, seccompProfile,
 * seLinuxOptions, appArmorProfile, windowsOptions).
 */
export function effectiveSetting(pod: PodView, container: ContainerView, field: string): EffectiveSetting {
  const own = container.securityContext?.[field];
  if (own !== undefined && own !== null) return { value: own, path: [...container.path, 'securityContext', field], from: 'container' };
  const inherited = pod.securityContext?.[field];
  if (inherited !== undefined && inherited !== null) return { value: inherited, path: [...pod.specPath, 'securityContext', field], from: 'pod' };
  return { value: undefined, path: [...container.path, 'securityContext', field], from: 'unset' };
}

/** Capabilities a container adds or drops, as written, with the index of each in its list. */
export function capabilities(container: ContainerView, list: 'add' | 'drop'): Array<{ readonly name: string; readonly path: Path }> {
  const caps = asRecord(container.securityContext?.capabilities);
  return asArray(caps?.[list]).flatMap((value, i) =>
    typeof value === 'string' ? [{ name: value, path: [...container.path, 'securityContext', 'capabilities', list, i] }] : [],
  );
}

/** Capability names are case-insensitive to the runtime and may carry the CAP_ prefix. */
export function normalizeCapability(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

const capabilitySets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A configured capability list, normalized; built once per list rather than once per pod. */
export function capabilitySet(names: readonly string[]): ReadonlySet<string> {
  let set = capabilitySets.get(names);
  if (!set) capabilitySets.set(names, (set = new Set(names.map(normalizeCapability))));
  return set;
}

/** Whether the pod declares itself a Windows pod (spec.os.name: windows). */
export function isWindowsPod(pod: PodView): boolean {
  return asRecord(pod.spec.os)?.name === 'windows';
}

/** Whether the pod runs in its own user namespace (hostUsers: false): container IDs, 0 included, map to unprivileged host IDs. */
export function usesUserNamespace(pod: PodView): boolean {
  return pod.spec.hostUsers === false;
}

/** An effective setting and the containers it applies to. */
export interface SettingSource {
  readonly setting: EffectiveSetting;
  readonly containers: readonly ContainerView[];
}

/**
 * The effective `field` of each of `containers`, merged by where it is written: the containers
 * that inherit the pod's value share one entry, so a check reports a pod-level field only once.
 */
export function effectiveSettingSources(pod: PodView, containers: readonly ContainerView[], field: string): SettingSource[] {
  const own: SettingSource[] = [];
  const inheriting: ContainerView[] = [];
  let podSetting: EffectiveSetting | undefined;
  for (const container of containers) {
    const setting = effectiveSetting(pod, container, field);
    if (setting.from === 'pod') {
      podSetting = setting;
      inheriting.push(container);
    } else own.push({ setting, containers: [container] });
  }
  return podSetting ? [{ setting: podSetting, containers: inheriting }, ...own] : own;
}

/** The distinct capabilities a container adds or drops, normalized (`cap_net_raw` is NET_RAW), each at its first entry. */
export function normalizedCapabilities(container: ContainerView, list: 'add' | 'drop'): Array<{ readonly name: string; readonly path: Path }> {
  const seen = new Set<string>();
  return capabilities(container, list).flatMap(({ name, path }) => {
    const normalized = normalizeCapability(name);
    if (seen.has(normalized)) return [];
    seen.add(normalized);
    return [{ name: normalized, path }];
  });
}

/**
 * What a container's capabilities.drop really drops. containerd reads the word ALL in any case and
 * prefixes every other entry with CAP_, so `CAP_ALL` or `cap_net_raw` there drops CAP_CAP_ALL or
 * CAP_CAP_NET_RAW, which do not exist: nothing (CRI-O also reads only the word ALL as all). Entries
 * written with the prefix are therefore not counted, and are listed as `ignored`.
 */
export function droppedCapabilities(container: ContainerView): { readonly dropped: ReadonlySet<string>; readonly ignored: readonly string[] } {
  const dropped = new Set<string>();
  const ignored: string[] = [];
  for (const { name } of capabilities(container, 'drop')) {
    if (/^cap_/i.test(name)) ignored.push(name);
    else dropped.add(name.toUpperCase());
  }
  return { dropped, ignored };
}

/** Why the prefixed entries of droppedCapabilities' `ignored` drop nothing, for messages ('' when there are none). */
export function ignoredDropsNote(ignored: readonly string[]): string {
  if (ignored.length === 0) return '';
  const meant = ignored.map((name) => name.slice(4).toUpperCase());
  return `${ignored.join(', ')} ${ignored.length === 1 ? 'drops' : 'drop'} nothing, as containerd prefixes every entry but ALL with CAP_ (write ${meant.join(', ')})`;
}

/** The `type` of a seccompProfile or appArmorProfile value, when it is a string. */
export function profileType(profile: unknown): string | undefined {
  return asString(asRecord(profile)?.type);
}

/** Legacy annotations: seccomp ones are ignored since Kubernetes 1.27; AppArmor ones still apply. */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** An annotation on the pods of a workload, with where it is written. */
export interface PodAnnotation {
  readonly key: string;
  readonly value: string;
  readonly path: Path;
}

/** The pod annotation `key`, if the pod template carries it. */
export function podAnnotation(pod: PodView, key: string): PodAnnotation | undefined {
  const value = pod.annotations[key];
  return value === undefined ? undefined : { key, value, path: [...pod.metadataPath, 'annotations', key] };
}
