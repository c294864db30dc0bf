import { cis, mitre } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { PV_CREATE } from '../../../rbac/risks/powers.js';
import { NSA_AUTHZ, rbacGoodPractices } from '../shared/references.js';
import { reportRoleGrants } from '../shared/roles.js';

export default defineCheck({
  id: 'rbac-create-persistent-volumes',
  title: 'Role allows creating PersistentVolumes',
  severity: 'medium',
  category: 'rbac',
  target: 'rbac-role',
  admission: true,
  description:
    "A PersistentVolume can point at any hostPath or existing storage. Pod Security admission checks hostPath in pods but not in PersistentVolumes, so a holder who can also claim the volume from a pod reads and writes the node's filesystem, or another tenant's data. Create limited with resourceNames is reported when the role can also patch those names: a server-side apply of a missing object creates it, authorized as create with its name.",
  remediation:
    'Let users request storage through PersistentVolumeClaims and StorageClasses; grant create on persistentvolumes only to storage provisioners.',
  references: [
    cis('5.1.9', 'Minimize access to create persistent volumes'),
    NSA_AUTHZ,
    mitre('T1611', 'Escape to Host'),
    rbacGoodPractices('Persistent volume creation', 'persistent-volume-creation'),
  ],
  run(ctx) {
    reportRoleGrants(ctx, PV_CREATE, {
      note: (grant) =>
        grant.names.length > 0
          ? 'the role can also patch that name, and a server-side apply (a patch) of a PersistentVolume that does not exist creates it, with any hostPath'
          : undefined,
    });
  },
});
