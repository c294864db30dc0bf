import { k8sDocs, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { EVENTS_DELETE } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-delete-events',
  title: 'Role allows deleting Kubernetes events',
  severity: 'low',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    'Events record what happened to pods and other objects (scheduling, image pulls, failed mounts, evictions). Deleting them, in either the core or the events.k8s.io API, lets an attacker hide the traces of their actions from anyone who does not ship events out of the cluster.',
  remediation: 'Remove delete and deletecollection on events; the API server expires events by itself (one hour by default).',
  references: [
    NSA_AUTHZ,
    mitre('T1070', 'Indicator Removal'),
    k8sDocs('Event API', 'https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, EVENTS_DELETE);
  },
});
