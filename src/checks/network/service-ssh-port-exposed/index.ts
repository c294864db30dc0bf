import { k8sDocs, mitre } from '../../../core/references.js';
import { asArray, asRecord, type JsonRecord } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import { mapSelector } from '../../../k8s/selectors.js';
import { podViewOf } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';
import { describeObject, type ServicePort, servicePorts, servingPorts, workloadsSelected } from '../shared.js';

/** The workload whose pods declare `name` as container port 22, for the Service port's protocol. */
function sshBehindName(workloads: readonly K8sObject[], name: string, protocol: string): K8sObject | undefined {
  return workloads.find((w) => {
    const pod = podViewOf(w);
    return pod !== undefined && servingPorts(pod).some((p) => p.name === name && p.protocol === protocol && p.containerPort === 22);
  });
}

/** Where and how one Service port exposes SSH, or undefined. */
function sshExposure(service: K8sObject, port: ServicePort, workloads: readonly K8sObject[]): Omit<Report, 'severity'> | undefined {
  const subject = describeObject(service);
  const target = port.targetPort;
  if (port.protocol !== 'TCP') return undefined;
  if (port.port === 22) return { path: [...port.path, 'port'], message: `${subject} exposes SSH port 22` };
  if (target === 22) return { path: [...port.path, 'targetPort'], message: `${subject} forwards port ${port.port ?? '?'} to SSH port 22 of its pods` };
  if (typeof target === 'string') {
    const workload = sshBehindName(workloads, target, port.protocol);
    if (workload) {
      return { path: [...port.path, 'targetPort'], message: `${subject} forwards port ${port.port ?? '?'} to "${target}", which is SSH port 22 of ${describeObject(workload)}` };
    }
    if (target.toLowerCase() === 'ssh') return { path: [...port.path, 'targetPort'], message: `${subject} forwards port ${port.port ?? '?'} to a container port named "ssh"` };
  }
  if (port.name?.toLowerCase() === 'ssh') return { path: [...port.path, 'name'], message: `${subject} exposes a port named "ssh" (${port.port ?? '?'})` };
  return undefined;
}

/** What makes the Service reachable from outside the cluster (which makes an SSH port worse), if anything. */
function externalExposure(spec: JsonRecord | undefined): string | undefined {
  if (spec?.type === 'NodePort' || spec?.type === 'LoadBalancer') return `type ${spec.type}`;
  return asArray(spec?.externalIPs).length > 0 ? 'externalIPs' : undefined;
}

export default defineCheck({
  id: 'service-ssh-port-exposed',
  title: 'Service exposes an SSH port',
  severity: 'medium',
  category: 'network',
  target: 'service',
  description:
    'A Service that forwards to SSH makes a remote shell reachable from every pod, and from outside the cluster for NodePort, LoadBalancer and externalIPs Services (reported as high); SSH bypasses Kubernetes authentication, RBAC and audit logging and draws brute-force attempts. Reported for a TCP Service port or targetPort 22, for a named targetPort that a selected workload declares as container port 22, and for ports named "ssh". Containers that listen on SSH are reported by ssh-port-exposed.',
  remediation:
    'Remove the SSH port from the Service and use kubectl exec or kubectl debug instead. If the Service must speak SSH (git hosting, SFTP), keep it internal (ClusterIP), restrict its clients with a NetworkPolicy and loadBalancerSourceRanges, and exempt it.',
  references: [
    mitre('T1133', 'External Remote Services'),
    mitre('T1021.004', 'Remote Services: SSH'),
    k8sDocs('Service', 'https://kubernetes.io/docs/concepts/services-networking/service/'),
  ],
  run({ object, index, report }) {
    const spec = asRecord(object.body.spec);
    if (spec?.type === 'ExternalName') return;
    const selector = mapSelector(spec?.selector);
    const workloads = workloadsSelected(index, index.namespaceOf(object), selector, object);
    const external = externalExposure(spec);
    for (const port of servicePorts(object)) {
      const exposure = sshExposure(object, port, workloads);
      if (!exposure) continue;
      if (external) report({ ...exposure, severity: 'high', message: `${exposure.message}, reachable from outside the cluster (${external})` });
      else report(exposure);
    }
  },
});
