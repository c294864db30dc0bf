import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import { type ContainerKind, podViewOf } from '../../k8s/workloads.js';
import { goQuote } from '../../pss/go.js';
import { declaredOnly, type Diagnostic, goString, type PortedTemplate, regex, stringsParam } from './template.js';

/** The order of PodSpec.AllContainers(): init containers, containers, ephemeral containers. */
const ORDER: Readonly<Record<ContainerKind, number>> = { initContainer: 0, container: 1, ephemeralContainer: 2 };

/**
 * host-mounts: each hostPath volume whose path one of `dirs` matches (a pattern found anywhere),
 * once per pattern that matches and per volume mount of it in any container.
 */
export const hostMounts: PortedTemplate = {
  objectKinds: ['DeploymentLike'],
  instantiate(params) {
    declaredOnly(params, ['dirs']);
    const dirs = stringsParam(params, 'dirs').map((dir) => regex(dir, 'regex'));
    return (object) => {
      const pod = podViewOf(object);
      if (!pod) return [];
      const containers = [...pod.containers].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
      const found: Diagnostic[] = [];
      for (const { record: volume } of recordsWithIndex(pod.spec.volumes)) {
        const hostPath = asRecord(volume.hostPath);
        if (!hostPath) continue;
        const dir = goString(hostPath.path);
        for (const matches of dirs) {
          if (!matches(dir)) continue;
          for (const container of containers) {
            for (const { record: mount, index } of recordsWithIndex(container.body.volumeMounts)) {
              if (goString(mount.name) !== goString(volume.name)) continue;
              found.push({ path: [...container.path, 'volumeMounts', index], message: `host system directory ${goQuote(dir)} is mounted on container ${goQuote(container.name)}` });
            }
          }
        }
      }
      return found;
    };
  },
};
