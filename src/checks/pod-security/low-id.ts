import { z } from 'zod';
import { asNumber } from '../../k8s/access.js';
import { effectiveSettingSources, isWindowsPod, usesUserNamespace } from '../../k8s/security-context.js';
import { describeContainers, type PodView } from '../../k8s/workloads.js';
import type { Report } from '../api.js';

/** What low-user-id and low-group-id differ in: the field, and how its IDs and their owner are named. */
interface LowIdKind {
  readonly field: 'runAsUser' | 'runAsGroup';
  /** UID, GID. */
  readonly id: string;
  /** user, group: what the image runs as when the field is unset. */
  readonly owner: string;
}

export const LOW_ID_PARAMS = z.object({
  /** IDs from 1 up to and including this value are reported. */
  threshold: z.number().int().nonnegative().default(10000),
  /**
   * Also report containers that set no ID (nor inherit one from the pod): they run as the image's
   * user or group, which the manifest does not keep above the threshold (kube-score and Checkov report them).
   */
  reportUnset: z.boolean().default(false),
});

/** Reports the containers that run as an ID from 1 to the threshold (and, if asked, those that set none). */
export function reportLowIds(kind: LowIdKind, pod: PodView, params: z.infer<typeof LOW_ID_PARAMS>, report: (r: Report) => void): void {
  if (isWindowsPod(pod) || usesUserNamespace(pod)) return;
  for (const { setting, containers } of effectiveSettingSources(pod, pod.containers, kind.field)) {
    if (setting.from === 'unset') {
      if (params.reportUnset) report({ path: setting.path, message: `${describeContainers(containers)} sets no ${kind.field}, so it runs as the image's ${kind.owner}, which may be at or below ${params.threshold}` });
      continue;
    }
    const id = asNumber(setting.value);
    if (id === undefined || id < 1 || id > params.threshold) continue;
    const verb = containers.length > 1 ? 'run' : 'runs';
    const source = setting.from === 'pod' ? ', from the pod securityContext' : '';
    report({ path: setting.path, message: `${describeContainers(containers)} ${verb} as ${kind.id} ${id}, at or below ${params.threshold} (${kind.field}${source})` });
  }
}
