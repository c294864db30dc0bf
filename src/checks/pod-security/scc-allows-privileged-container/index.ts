import { k8sDocs, mitre } from '../../../core/references.js';
import { asStrings } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

/** Groups every authenticated user, every service account, or every anonymous request belongs to. */
const EVERYONE: ReadonlyMap<string, string> = new Map([
  ['system:authenticated', 'every authenticated user'],
  ['system:serviceaccounts', 'every service account'],
  ['system:unauthenticated', 'every anonymous request'],
]);

export default defineCheck({
  id: 'scc-allows-privileged-container',
  title: 'OpenShift SecurityContextConstraints allows privileged containers',
  severity: 'high',
  category: 'pod-security',
  target: 'security-context-constraints',
  description:
    'On OpenShift, SecurityContextConstraints (security.openshift.io/v1) decide what a pod may ask for, as the Pod Security Standards do on other clusters. One with allowPrivilegedContainer: true admits containers with securityContext.privileged: true, which run with every capability, see every host device and are not confined by seccomp or SELinux: a process there can take over the node. Anyone the SCC is granted to can use it: the users and groups it lists itself, and whoever RBAC grants the verb use on it. OpenShift ships such an SCC (privileged) for the cluster\'s own components; a custom one widens that set. The finding is critical when the SCC grants itself to every authenticated user, every service account or every anonymous request (the groups system:authenticated, system:serviceaccounts, system:unauthenticated). Other fields of an SCC (host namespaces, host paths, capabilities, RunAsAny users) are not judged by this check.',
  remediation:
    'Set allowPrivilegedContainer: false and grant the capabilities the workload needs through allowedCapabilities instead; where a component must run privileged, grant the built-in privileged SCC to its service account only (RBAC verb use), rather than defining a new SCC or listing broad groups.',
  references: [
    k8sDocs('OpenShift: Managing security context constraints', 'https://docs.redhat.com/en/documentation/openshift_container_platform/4.17/html/authentication_and_authorization/managing-pod-security-policies'),
    mitre('T1611', 'Escape to Host'),
  ],
  run({ object, report }) {
    const body = object.body as Record<string, unknown>;
    if (body.allowPrivilegedContainer !== true) return;
    const groups = asStrings(body.groups);
    const broad = groups.flatMap((g) => EVERYONE.get(g) ?? []);
    const users = asStrings(body.users);
    const grantees = [...users.map((u) => `user ${u}`), ...groups.map((g) => `group ${g}`)];
    const to = grantees.length === 0 ? 'to whoever RBAC grants the verb use on it' : `to ${grantees.join(', ')} (and whoever RBAC grants the verb use on it)`;
    report({
      path: ['allowPrivilegedContainer'],
      ...(broad.length > 0 ? { severity: 'critical' as const } : {}),
      message: `SecurityContextConstraints "${object.name}" admits privileged containers (allowPrivilegedContainer: true) ${to}${broad.length > 0 ? `: ${broad.join(' and ')} can run a privileged pod` : ''}`,
    });
  },
});
