import { k8sDocs } from '../../../core/references.js';
import { getIn } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'deployment-strategy-not-rolling',
  title: 'Deployment recreates all pods on every rollout',
  severity: 'low',
  category: 'availability',
  target: 'deployment',
  admission: true,
  description:
    'The Recreate strategy terminates every running pod before it starts any pod of the new version, so each rollout, including a configuration change or an image patch, is an outage that lasts until the new pods are ready.',
  remediation:
    'Use strategy.type: RollingUpdate (the default) with suitable maxUnavailable and maxSurge. Keep Recreate only where two versions must never run at once, such as a single writer to a ReadWriteOnce volume.',
  references: [k8sDocs('Deployments: strategy', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy')],
  run({ object, report }) {
    if (getIn(object.body, 'spec', 'strategy', 'type') !== 'Recreate') return;
    report({
      path: ['spec', 'strategy', 'type'],
      message: `Deployment "${object.name}" uses strategy Recreate, which stops all its pods before starting new ones, so every rollout causes downtime`,
    });
  },
});
