import { z } from 'zod';
import { k8sDocs } from '../../../core/references.js';
import { asNumber } from '../../../k8s/access.js';
import { effectiveSettingSources, isWindowsPod, usesUserNamespace } from '../../../k8s/security-context.js';
import { describeContainers } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'low-group-id',
  title: 'Container runs with a low group ID',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Without a user namespace a container GID is the same GID on the node. Low GIDs (1 to 10000 by default) belong to system and user groups of the node (disk, docker, adm, ...), so a container that escapes or shares a host volume gets their group access to files and devices. GID 0 is reported by root-group; pods with hostUsers: false and Windows pods are exempt. With the reportUnset parameter, a container that sets no runAsGroup is reported too: it runs as the image\'s group, which the manifest does not keep above the threshold.',
  remediation:
    'Run as a GID above the threshold (e.g. securityContext.runAsGroup: 10001, with the image built for it), or isolate the pod in a user namespace with hostUsers: false.',
  references: [
    k8sDocs('Configure a Security Context for a Pod or Container', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
    k8sDocs('User Namespaces', 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/'),
  ],
  params: z.object({
    /** GIDs from 1 up to and including this value are reported. */
    threshold: z.number().int().nonnegative().default(10000),
    /**
     * Also report containers that set no runAsGroup (nor inherit one from the pod): they run as the
     * image's group, which the manifest does not keep above the threshold (kube-score and Checkov report them).
     */
    reportUnset: z.boolean().default(false),
  }),
  run({ pod, params, report }) {
    if (isWindowsPod(pod) || usesUserNamespace(pod)) return;
    for (const { setting, containers } of effectiveSettingSources(pod, pod.containers, 'runAsGroup')) {
      if (setting.from === 'unset') {
        if (params.reportUnset) report({ path: setting.path, message: `${describeContainers(containers)} sets no runAsGroup, so it runs as the image's group, which may be at or below ${params.threshold}` });
        continue;
      }
      const gid = asNumber(setting.value);
      if (gid === undefined || gid < 1 || gid > params.threshold) continue;
      const verb = containers.length > 1 ? 'run' : 'runs';
      const source = setting.from === 'pod' ? ', from the pod securityContext' : '';
      report({ path: setting.path, message: `${describeContainers(containers)} ${verb} as GID ${gid}, at or below ${params.threshold} (runAsGroup${source})` });
    }
  },
});
