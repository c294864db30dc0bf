import { k8sDocs } from '../../../core/references.js';
import { asRecord, getIn } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { podVolumes } from '../../../k8s/volumes.js';
import { podViewOf } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

/** Access modes that let pods on several nodes mount a volume at once. */
const SHARED_MODES = new Set(['ReadWriteMany', 'ReadOnlyMany']);

/**
 * Whether the Deployment mounts a claim that only one node can attach (ReadWriteOnce, or
 * ReadWriteOncePod: one pod), or one the input does not show: then a rolling update's new pod,
 * scheduled beside the old one, waits for the volume (a Multi-Attach error on another node), and
 * Recreate is what works.
 */
function mountsSingleAttachClaim(object: K8sObject, index: ObjectIndex): boolean {
  const pod = podViewOf(object);
  if (!pod) return false;
  const namespace = index.namespaceOf(object);
  return podVolumes(pod).some((volume) => {
    const claimName = asRecord(volume.body.persistentVolumeClaim)?.claimName;
    if (typeof claimName !== 'string') return false;
    const claim = index.find('persistent-volume-claim', namespace, claimName, object);
    const modes = getIn(claim?.body, 'spec', 'accessModes');
    return !Array.isArray(modes) || !modes.some((mode) => typeof mode === 'string' && SHARED_MODES.has(mode));
  });
}

export default defineCheck({
  id: 'deployment-strategy-not-rolling',
  title: 'Deployment recreates all pods on every rollout',
  severity: 'low',
  category: 'availability',
  target: 'deployment',
  admission: true,
  description:
    'The Recreate strategy terminates every running pod before it starts any pod of the new version, so each rollout, including a configuration change or an image patch, is an outage that lasts until the new pods are ready. A Deployment that mounts a PersistentVolumeClaim only one node can attach (ReadWriteOnce or ReadWriteOncePod, or a claim the input does not show) is not reported: there a rolling update\'s new pod waits for the volume the old one holds, and Recreate is the strategy that works.',
  remediation:
    'Use strategy.type: RollingUpdate (the default) with suitable maxUnavailable and maxSurge. Keep Recreate only where two versions must never run at once, such as a single writer to a ReadWriteOnce volume.',
  references: [k8sDocs('Deployments: strategy', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy')],
  run({ object, index, report }) {
    if (getIn(object.body, 'spec', 'strategy', 'type') !== 'Recreate') return;
    if (mountsSingleAttachClaim(object, index)) return;
    report({
      path: ['spec', 'strategy', 'type'],
      message: `Deployment "${object.name}" uses strategy Recreate, which stops all its pods before starting new ones, so every rollout causes downtime`,
    });
  },
});
