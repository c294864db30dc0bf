import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord, asString } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import { isEmptySelector, mapSelector, matchesSelector } from '../../../k8s/selectors.js';
import { podViewOf } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { renderedNamespaceHint } from '../../rendered-namespace.js';
import { formatLabels, formatSelector, quotedList } from '../../network/shared.js';

/** Why the governing Service does not give the pods their DNS names, or undefined when it does. */
function serviceProblem(service: K8sObject, podLabels: Readonly<Record<string, string>>, firstPod: string): string | undefined {
  const spec = asRecord(service.body.spec);
  const type = asString(spec?.type);
  if (type === 'ExternalName') return `is of type ExternalName, not a headless Service`;
  // The API server fills clusterIP from clusterIPs[0] when only the list is written.
  const clusterIP = spec?.clusterIP ?? asArray(spec?.clusterIPs)[0];
  if (clusterIP !== 'None') {
    const ip = typeof clusterIP === 'string' && clusterIP !== '' ? `clusterIP: ${clusterIP}` : 'clusterIP unset, so it gets a virtual IP';
    return `is not headless (${ip}): its name resolves to one virtual IP rather than to the pods' addresses, so the peers cannot list each other through it, and the Kubernetes DNS specification publishes per-pod names (${firstPod}) only for headless Services (CoreDNS answers them for this one too, other DNS servers need not)`;
  }
  const selector = mapSelector(spec?.selector);
  if (isEmptySelector(selector)) return 'has no selector, so the endpoint controller publishes none of the pods and none gets a DNS name';
  if (!matchesSelector(selector, podLabels)) {
    return `selects ${formatSelector(selector)}, which the pod template (${formatLabels(podLabels)}) does not match, so none of the pods gets a DNS name`;
  }
  return undefined;
}

export default defineCheck({
  id: 'statefulset-service-name',
  title: "StatefulSet's serviceName names no headless Service that selects its pods",
  severity: 'low',
  category: 'hygiene',
  target: 'stateful-set',
  description:
    "A StatefulSet's pods get stable DNS names (db-0.db.data.svc.cluster.local), which clustered databases and brokers use to find their peers, only through the governing Service that spec.serviceName names: it must exist in the StatefulSet's namespace, be headless (clusterIP: None), and select the StatefulSet's pods. Without the Service, or with one that selects none of the pods (no selector, a selector that misses them, type ExternalName), the StatefulSet runs but no pod name resolves, and the peers never find each other. A Service with a cluster IP is reported too: its name resolves to that one virtual IP rather than to the pods' addresses, so the peers cannot list each other through it, and the Kubernetes DNS specification requires per-pod names only for headless Services (CoreDNS also answers them for a Service with a cluster IP, other DNS servers need not). A missing Service is reported only when the input speaks for the namespace, by holding some Service there, or when a Service of that name exists in another namespace: a StatefulSet scanned without the Services of its namespace (one file of a chart, a listing of StatefulSets) is not reported. A StatefulSet without serviceName is not reported: the API server accepts it, and its pods simply get no DNS names.",
  remediation:
    'Create a headless Service (spec.clusterIP: None) with the name given in spec.serviceName, in the same namespace, whose selector matches the pod template labels; or correct spec.serviceName to name that Service (it cannot be changed later: recreate the StatefulSet).',
  references: [
    k8sDocs('StatefulSets: stable network ID', 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id'),
    k8sDocs('Headless Services', 'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services'),
    k8sDocs('DNS for Services and Pods', 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-hostname-and-subdomain-fields'),
  ],
  run({ object, index, report }) {
    const serviceName = asString(asRecord(object.body.spec)?.serviceName);
    if (!serviceName) return;
    const pod = podViewOf(object);
    if (!pod) return;
    const namespace = index.namespaceOf(object);
    const path = ['spec', 'serviceName'];
    const services = index.named('service', namespace, serviceName);
    if (services.length === 0) {
      const missing = index.absentReferent('service', namespace, serviceName);
      if (!missing) return;
      const { elsewhere } = missing;
      const hint =
        elsewhere.length === 0
          ? ', although the input defines other Services there'
          : ` (a Service of that name exists in ${elsewhere.length === 1 ? 'namespace' : 'namespaces'} ${quotedList(elsewhere)}, but the governing Service must be in the StatefulSet's own${renderedNamespaceHint(object, namespace, elsewhere)})`;
      report({
        path,
        message: `StatefulSet "${object.name}" names the governing Service "${serviceName}", which is not defined in namespace "${namespace}"${hint}; without it no pod gets a DNS name: add a headless Service of that name selecting the pods`,
      });
      return;
    }
    // A base and its overlay may both be in the input: the StatefulSet is fine if one of them is.
    const firstPod = `${object.name}-0.${serviceName}.${namespace}.svc`;
    const problems = services.map((service) => serviceProblem(service, pod.labels, firstPod));
    const problem = problems.find((p) => p !== undefined);
    if (problem === undefined || problems.some((p) => p === undefined)) return;
    report({
      path,
      message: `StatefulSet "${object.name}" names the governing Service "${serviceName}", which ${problem}: make it headless (clusterIP: None) and select the pod template labels`,
    });
  },
});
