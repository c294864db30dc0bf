import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { routeExposures } from '../exposure.js';
import { describeObject, joinList } from '../shared.js';

export default defineCheck({
  id: 'workload-exposed-by-gateway-route',
  title: 'Workload is reachable from outside the cluster through a Gateway API route',
  severity: 'low',
  category: 'network',
  target: 'workload',
  enabledByDefault: false,
  description:
    "Lists the workloads behind a Service that a Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) names as a backend or a mirror: the traffic a Gateway accepts reaches them. A backend in another namespace counts only where a ReferenceGrant there permits the route to name it, as the Gateway API decides. A Service counts for a workload when one of its ports reaches it (a number, or a port name one of its containers declares). NodePort and LoadBalancer Services expose their workloads already and are reported by workload-exposed-by-service-or-ingress. Off by default: exposing some workloads is the point of a Gateway; turn it on to review the list, and exempt the workloads meant to be public.",
  remediation:
    "Make sure each workload reported is meant to be reachable through the Gateway: give its listener TLS, restrict which namespaces may attach routes (allowedRoutes), and remove the route's backendRef for workloads only the cluster needs. Exempt the intended ones with a reason.",
  references: [
    mitre('T1133', 'External Remote Services'),
    nsa('Network separation and hardening'),
    k8sDocs('Gateway API', 'https://gateway-api.sigs.k8s.io/api-types/httproute/'),
  ],
  run({ object, pod, index, report }) {
    const through = routeExposures(index).get(object);
    if (!through) return;
    report({ path: [...pod.metadataPath, 'labels'], message: `${describeObject(object)} is reachable from outside the cluster through ${joinList([...through])}` });
  },
});
