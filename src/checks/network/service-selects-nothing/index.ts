import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { isEmptySelector, mapSelector } from '../../../k8s/selectors.js';
import { defineCheck } from '../../api.js';
import { danglingSelector, describeObject, elsewhereHint, formatSelector } from '../shared.js';

export default defineCheck({
  id: 'service-selects-nothing',
  title: 'Service selector matches no pod',
  severity: 'low',
  category: 'network',
  target: 'service',
  description:
    'A Service whose selector matches no pod has no endpoints: clients get connection errors, and a later workload that happens to carry those labels silently receives the traffic. It is usually a label typo or a Service in the wrong namespace. The input can only speak for namespaces it holds workloads for, so the check stays silent for a namespace without any workload in the input (unless pods matching the selector run in another namespace) and when the namespace holds a custom resource (other than a configuration resource such as a ServiceMonitor, an ExternalSecret or an Istio or Traefik route; an Istio WorkloadEntry counts as a workload), as operators create pods from those and label them with labels of their own that the input cannot show (cnpg.io/cluster from CloudNativePG, strimzi.io/kind from Strimzi). Services without a selector (endpoints managed by hand) and ExternalName Services are skipped.',
  remediation:
    'Make spec.selector match the labels of the pod template it should route to (kubectl get pods -l <selector> -n <namespace> shows what it selects), or move the Service into the namespace of those pods; delete Services whose workload is gone.',
  references: [k8sDocs('Service', 'https://kubernetes.io/docs/concepts/services-networking/service/')],
  run({ object, index, report }) {
    const spec = asRecord(object.body.spec);
    if (spec?.type === 'ExternalName') return;
    const selector = mapSelector(spec?.selector);
    if (isEmptySelector(selector)) return;
    const namespace = index.namespaceOf(object);
    const dangling = danglingSelector(index, namespace, selector);
    if (!dangling) return;
    report({
      path: ['spec', 'selector'],
      message: `${describeObject(object)} selects ${formatSelector(selector)}, which matches no workload in namespace "${namespace}"${elsewhereHint(dangling, 'a Service only selects pods of its own namespace')}`,
    });
  },
});
