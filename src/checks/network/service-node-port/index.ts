import { z } from 'zod';
import { k8sDocs, nsa } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import { defineCheck } from '../../api.js';
import { describeObject, joinList, servicePorts } from '../shared.js';

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

/** `node port 30080 to port 80, and an allocated node port to UDP port 53`. */
function nodePortForwards(service: K8sObject): string {
  const forwards = servicePorts(service).flatMap((p) => {
    if (p.port === undefined) return [];
    const protocol = p.protocol === 'TCP' ? '' : `${p.protocol} `;
    const nodePort = typeof p.record.nodePort === 'number' ? `node port ${p.record.nodePort}` : 'an allocated node port';
    return [`${nodePort} to ${protocol}port ${p.port}`];
  });
  return forwards.length === 0 ? 'its node ports' : joinList(forwards);
}

export default defineCheck({
  id: 'service-node-port',
  title: 'Service has a forbidden type (NodePort by default)',
  severity: 'medium',
  category: 'network',
  target: 'service',
  admission: true,
  description:
    'A NodePort Service opens its ports on every node of the cluster, on every node address, bypassing the ingress controller, its TLS and its authentication, and usually any firewall that only guards the load balancer. LoadBalancer Services also get node ports unless spec.allocateLoadBalancerNodePorts is false, but they are the intended way to expose a Service and are not reported unless forbiddenTypes lists LoadBalancer; an explicit nodePort on them only pins the number, so it is not reported either.',
  remediation:
    'Use type ClusterIP and expose the Service through an Ingress or Gateway, or through a LoadBalancer restricted with spec.loadBalancerSourceRanges. If node ports are truly needed, restrict them with a firewall and NetworkPolicies.',
  references: [
    nsa('Network separation and hardening'),
    k8sDocs('Service type NodePort', 'https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'),
  ],
  params: z.object({
    /** Service types to report; ClusterIP also matches a Service with no type. */
    forbiddenTypes: z.array(z.enum(SERVICE_TYPES)).default(['NodePort']),
  }),
  run({ object, params, report }) {
    const written = asString(asRecord(object.body.spec)?.type);
    const type = written ?? 'ClusterIP';
    if (!params.forbiddenTypes.some((t) => t === type)) return;
    const what = written === undefined ? 'type ClusterIP (the default)' : `type ${type}`;
    const consequence = type === 'NodePort' ? `: every node forwards ${nodePortForwards(object)}` : ', which forbiddenTypes does not allow';
    report({ path: ['spec', 'type'], message: `${describeObject(object)} has ${what}${consequence}` });
  },
});
