import type { Path } from '../../core/path.js';
import type { JsonRecord } from '../../k8s/access.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../go.js';
import { isSet, isSourcelessVolume, list, str, struct, type PodView } from '../view.js';
import { CHECK_HOST_PATH_VOLUMES } from './hostPathVolumes.js';

const ALLOWED = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'] as const;

/** Named in this order when a volume sets several (upstream's switch). */
const RESTRICTED = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

const ALLOWED_SET: ReadonlySet<string> = new Set(ALLOWED);

function hasAllowedSource(volume: JsonRecord): boolean {
  for (const key in volume) if (ALLOWED_SET.has(key) && isSet(volume[key])) return true;
  return false;
}

function firstSet(volume: JsonRecord, sources: readonly string[]): string | undefined {
  for (const source of sources) if (isSet(volume[source])) return source;
  return undefined;
}

function restrictedVolumes(pod: PodView): CheckFailure | undefined {
  let names: string[] | undefined;
  let types: string[] | undefined;
  let fields: Path[] | undefined;
  const volumes = list(pod.spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const volume = struct(volumes[i]);
    // A volume without a source is defaulted to an emptyDir.
    if (hasAllowedSource(volume) || isSourcelessVolume(volume)) continue;
    const type = firstSet(volume, RESTRICTED);
    (names ??= []).push(str(volume.name));
    (types ??= []).push(type ?? 'unknown');
    (fields ??= []).push(type ? ['spec', 'volumes', i, type] : ['spec', 'volumes', i]);
  }
  if (!names || !types || !fields) return undefined;
  const distinct = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
    fields,
  };
}

export default definePssCheck({
  id: 'restrictedVolumes',
  level: 'restricted',
  description:
    'Volumes are limited to configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret; replaces the baseline hostPathVolumes check.',
  restrictedFields: RESTRICTED.map((source) => `spec.volumes[*].${source}`),
  versions: [{ minVersion: 0, run: restrictedVolumes, overrides: [CHECK_HOST_PATH_VOLUMES] }],
});
