import { k8sDocs, mitre } from '../../../core/references.js';
import { asNumber, asString, recordsWithIndex } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'ssh-port-exposed',
  title: 'Container exposes an SSH port',
  severity: 'medium',
  category: 'network',
  target: 'workload',
  admission: true,
  description:
    'An SSH server in a container is a remote shell that bypasses Kubernetes authentication, RBAC and audit logging; its keys or passwords live in the image or in Secrets and are rarely rotated, so it becomes a lasting backdoor and a target for brute force. Reported for a TCP container port 22 and for any container port named "ssh". Services that expose SSH are reported by service-ssh-port-exposed.',
  remediation:
    'Remove the SSH server and the port; use kubectl exec or kubectl debug, which go through the API server\'s authentication, authorization and audit log. For git-over-SSH and similar services that must speak SSH, restrict who can reach the port with a NetworkPolicy and exempt the workload.',
  references: [
    mitre('T1133', 'External Remote Services'),
    mitre('T1021.004', 'Remote Services: SSH'),
    k8sDocs('Get a Shell to a Running Container', 'https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/'),
  ],
  run({ pod, report }) {
    for (const c of pod.containers) {
      for (const { record, index } of recordsWithIndex(c.body.ports)) {
        const port = asNumber(record.containerPort);
        const name = asString(record.name);
        const protocol = asString(record.protocol) ?? 'TCP';
        const path = [...c.path, 'ports', index];
        if (port === 22 && protocol === 'TCP') {
          report({ path: [...path, 'containerPort'], message: `${describeContainer(c)} exposes SSH port 22` });
        } else if (name?.toLowerCase() === 'ssh') {
          report({ path: [...path, 'name'], message: `${describeContainer(c)} exposes a port named "ssh" (${protocol} ${port ?? '?'})` });
        }
      }
    }
  },
});
