import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { serviceAndIngressExposures } from '../exposure.js';
import { describeObject, joinList } from '../shared.js';

export default defineCheck({
  id: 'workload-exposed-by-service-or-ingress',
  title: 'Workload is reachable from outside the cluster through a Service or an Ingress',
  severity: 'low',
  category: 'network',
  target: 'workload',
  enabledByDefault: false,
  description:
    "Lists the workloads that traffic from outside the cluster reaches: those whose pods a NodePort or LoadBalancer Service selects, and those behind a Service that an Ingress of their namespace routes to. Such workloads are the cluster's attack surface, where a vulnerable image, a missing NetworkPolicy or a powerful ServiceAccount matters most. A Service counts for a workload when one of its ports reaches it (a number, or a port name one of its containers declares). Off by default: exposing some workloads is the point of a cluster; turn it on to review the list, and exempt the workloads meant to be public. Workloads exposed through Gateway API routes are reported by workload-exposed-by-gateway-route.",
  remediation:
    'Make sure each workload reported is meant to be reachable from outside: serve it through an Ingress or Gateway with TLS and authentication rather than a NodePort, restrict LoadBalancer Services with loadBalancerSourceRanges or an internal load balancer annotation, and change the Service to ClusterIP (or remove the Ingress rule) for workloads only the cluster needs. Exempt the intended ones with a reason.',
  references: [
    mitre('T1133', 'External Remote Services'),
    nsa('Network separation and hardening'),
    k8sDocs('Service types', 'https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'),
    k8sDocs('Ingress', 'https://kubernetes.io/docs/concepts/services-networking/ingress/'),
  ],
  run({ object, pod, index, report }) {
    const through = serviceAndIngressExposures(index, index.namespaceOf(object)).get(object);
    if (!through) return;
    report({ path: [...pod.metadataPath, 'labels'], message: `${describeObject(object)} is reachable from outside the cluster through ${joinList([...through])}` });
  },
});
