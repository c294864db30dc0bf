import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize } from '../go.js';
import { isSet, list, str, struct, type PodView } from '../view.js';

export const CHECK_HOST_PATH_VOLUMES = 'hostPathVolumes';

function hostPathVolumes(pod: PodView): CheckFailure | undefined {
  let names: string[] | undefined;
  let fields: Path[] | undefined;
  const volumes = list(pod.spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const volume = struct(volumes[i]);
    if (isSet(volume.hostPath)) {
      (names ??= []).push(str(volume.name));
      (fields ??= []).push(['spec', 'volumes', i, 'hostPath']);
    }
  }
  if (!names || !fields) return undefined;
  return { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`, fields };
}

export default definePssCheck({
  id: CHECK_HOST_PATH_VOLUMES,
  level: 'baseline',
  description: 'HostPath volumes must be forbidden.',
  restrictedFields: ['spec.volumes[*].hostPath'],
  versions: [{ minVersion: 0, run: hostPathVolumes }],
});
