import { k8sDocs } from '../../../core/references.js';
import { getIn } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

/** API versions whose DaemonSets and StatefulSets defaulted to OnDelete (removed in Kubernetes 1.16). */
const ON_DELETE_BY_DEFAULT: Readonly<Record<string, string>> = { DaemonSet: 'extensions/v1beta1', StatefulSet: 'apps/v1beta1' };

export default defineCheck({
  id: 'update-strategy-on-delete',
  title: 'DaemonSet or StatefulSet does not roll out changes (updateStrategy OnDelete)',
  severity: 'low',
  category: 'availability',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'With updateStrategy OnDelete, a change to the pod template (a patched image, a security setting) reaches a pod only when someone deletes that pod: the running pods keep the old template indefinitely, and what the manifest says is not what runs. Some node agents choose OnDelete to control their upgrades by hand; elsewhere it is drift waiting to happen. kube-linter reports it as no-rolling-update-strategy.',
  remediation:
    'Use updateStrategy.type: RollingUpdate (the default in apps/v1), with maxUnavailable (and, for StatefulSets, partition) to pace the rollout. Keep OnDelete only where every pod is replaced by a deliberate, tracked procedure.',
  references: [
    k8sDocs('DaemonSet: updating a DaemonSet', 'https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/'),
    k8sDocs('StatefulSets: update strategies', 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies'),
  ],
  run({ object, report }) {
    if (object.kind !== 'DaemonSet' && object.kind !== 'StatefulSet') return;
    const type = getIn(object.body, 'spec', 'updateStrategy', 'type');
    if (type === 'OnDelete') {
      report({ path: ['spec', 'updateStrategy', 'type'], message: `${object.kind} "${object.name}" uses updateStrategy OnDelete: template changes reach its pods only when they are deleted` });
    } else if (type === undefined && object.apiVersion === ON_DELETE_BY_DEFAULT[object.kind]) {
      report({ path: ['spec', 'updateStrategy'], message: `${object.kind} "${object.name}" sets no updateStrategy, which in ${object.apiVersion} defaults to OnDelete: template changes reach its pods only when they are deleted` });
    }
  },
});
