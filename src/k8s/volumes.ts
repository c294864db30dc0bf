import type { Path } from '../core/path.js';
import { asBoolean, asRecord, asString, type JsonRecord, recordsWithIndex } from './access.js';
import type { ContainerView, PodView } from './workloads.js';

/** One entry of `spec.volumes`, with the path that locates it. */
export interface VolumeView {
  readonly name: string;
  readonly index: number;
  readonly body: JsonRecord;
  readonly path: Path;
  /** The volume source fields that are set (`hostPath`, `nfs`, ...); `name` excluded, nulls dropped. */
  readonly sources: readonly string[];
}

/** A hostPath volume and the host path it mounts (undefined when the manifest omits it). */
export interface HostPathVolume extends VolumeView {
  readonly hostPath: string | undefined;
}

/** One entry of a container's `volumeMounts`. */
export interface VolumeMountView {
  readonly name: string;
  readonly index: number;
  readonly mountPath: string | undefined;
  /** `readOnly` as written: true, false or undefined (unset, which means read-write). */
  readonly readOnly: boolean | undefined;
  /** `recursiveReadOnly` as written (`Disabled`, `IfPossible`, `Enabled`); unset means Disabled. */
  readonly recursiveReadOnly: string | undefined;
  /** `mountPropagation` as written (`None`, `HostToContainer`, `Bidirectional`); unset means None. */
  readonly mountPropagation: string | undefined;
  /** Whether the mount sets `subPath` or `subPathExpr` (the kubelet then bind-mounts that subdirectory first). */
  readonly subPath: boolean;
  readonly path: Path;
}

// Built once per pod view: several rules read the volumes, some once per offending field.
const volumesOfPod = new WeakMap<PodView, readonly VolumeView[]>();

export function podVolumes(pod: PodView): readonly VolumeView[] {
  let volumes = volumesOfPod.get(pod);
  if (!volumes) {
    volumes = recordsWithIndex(pod.spec.volumes).map(({ record, index }) => ({
      name: asString(record.name) ?? `#${index}`,
      index,
      body: record,
      path: [...pod.specPath, 'volumes', index],
      sources: Object.keys(record).filter((key) => key !== 'name' && record[key] !== null && record[key] !== undefined),
    }));
    volumesOfPod.set(pod, volumes);
  }
  return volumes;
}

export function hostPathVolumes(pod: PodView): HostPathVolume[] {
  return podVolumes(pod).flatMap((volume) => {
    const source = asRecord(volume.body.hostPath);
    // An empty path is rejected by the API server; treat it as missing rather than as `/`.
    return source ? [{ ...volume, hostPath: asString(source.path) || undefined }] : [];
  });
}

export function volumeMounts(container: ContainerView): VolumeMountView[] {
  return recordsWithIndex(container.body.volumeMounts).flatMap(({ record, index }) => {
    const name = asString(record.name);
    if (name === undefined) return [];
    return [
      {
        name,
        index,
        mountPath: asString(record.mountPath),
        readOnly: asBoolean(record.readOnly),
        recursiveReadOnly: asString(record.recursiveReadOnly),
        mountPropagation: asString(record.mountPropagation),
        subPath: Boolean(asString(record.subPath) || asString(record.subPathExpr)),
        path: [...container.path, 'volumeMounts', index],
      },
    ];
  });
}

/**
 * A host path reduced to the directory the node resolves, so `//etc/`, `/etc/.` and `/tmp/../etc`
 * all read `/etc` and cannot slip past a prefix comparison. Windows paths (`C:\Windows`,
 * `\\.\pipe\docker_engine`) lose their drive letter, use `/` and are lowercased, as NTFS ignores
 * case. A relative path is taken from `/`, the kubelet's working directory.
 */
export function normalizeHostPath(raw: string): string {
  const windows = /^[A-Za-z]:[\\/]|^\\\\/.test(raw);
  const text = windows ? raw.replace(/^[A-Za-z]:/, '').replaceAll('\\', '/').toLowerCase() : raw;
  const segments: string[] = [];
  for (const segment of text.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** Whether normalized `path` is `dir` itself or lies below it. */
export function isSameOrInside(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

/** A host path for messages: as written, plus its normalized form when that hides a trick (`"/etc/../root" (/root)`). */
export function showHostPath(raw: string): string {
  const normalized = normalizeHostPath(raw);
  const trimmed = raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
  return trimmed === normalized || raw.includes('\\') ? `"${raw}"` : `"${raw}" (${normalized})`;
}
