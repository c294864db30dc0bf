import { z } from 'zod';
import { cis, k8sDocs, nsa, pss } from '../../../core/references.js';
import { asNumber, asRecord, asString } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerOf, pssControlAsWritten, valueAt } from '../pss.js';

export default defineCheck({
  id: 'host-port',
  title: 'Container binds a port on the node',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "A hostPort publishes the container on that port of every node it runs on, outside the Service abstraction: traffic reaching the node's address bypasses most NetworkPolicy implementations, the port can shadow a node service, and the pod can only be scheduled where the port is free.",
  remediation:
    'Remove ports[].hostPort and expose the container through a Service (NodePort or LoadBalancer when it must be reachable from outside the cluster). If a host port is truly required, list it in the allowedPorts parameter.',
  references: [
    cis('5.2.12', 'Minimize the admission of containers which use HostPorts'),
    nsa('Pod security: Pod security enforcement'),
    pss('baseline', 'Host Ports'),
    k8sDocs('Configuration best practices: Services', 'https://kubernetes.io/docs/concepts/configuration/overview/#services'),
  ],
  params: z.object({
    /** Host ports accepted without a finding (the "known list" of the Pod Security Standards). */
    allowedPorts: z.array(z.number().int().min(1).max(65535)).default([]),
  }),
  run({ object, pod, params, report }) {
    const allowed = new Set(params.allowedPorts);
    // On a Pod with hostNetwork: true the API server defaults every hostPort to its containerPort,
    // and admission sees those too; host-network covers that case, so only the hostPorts written
    // in the manifest are reported.
    for (const path of pssControlAsWritten(object, pod, 'hostPorts')?.fields ?? []) {
      const c = containerOf(pod, path);
      const hostPort = valueAt(object, path);
      if (!c || typeof hostPort !== 'number' || allowed.has(hostPort)) continue;
      const port = asRecord(valueAt(object, path.slice(0, -1)));
      const containerPort = asNumber(port?.containerPort);
      const protocol = asString(port?.protocol) ?? 'TCP';
      const what = containerPort === undefined ? `binds host port ${hostPort}/${protocol}` : `publishes port ${containerPort}/${protocol} on host port ${hostPort}`;
      report({ path, message: `${describeContainer(c)} ${what}` });
    }
  },
});
