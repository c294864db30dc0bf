import { asArray, asBoolean, asRecord, getIn } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { LabeledIndex } from '../../../k8s/labeled-index.js';
import { isEmptySelector, type LabelSelector, parseLabelSelector } from '../../../k8s/selectors.js';
import { defineCheck } from '../../api.js';
import { formatSelector, quotedList, templateSelector, workloadCreatingResource } from '../../network/shared.js';

/** Where a monitor looks: every namespace, or the listed ones. */
type Scope = { readonly any: true } | { readonly any: false; readonly names: readonly string[]; readonly why: string };

/** spec.namespaceSelector as the Prometheus operator reads it: `any: true` wins, then matchNames, else the monitor's own namespace. */
function scopeOf(monitor: K8sObject, own: string): Scope {
  const selector = asRecord(getIn(monitor.body, 'spec', 'namespaceSelector'));
  if (asBoolean(selector?.any) === true) return { any: true };
  const names = [...new Set(asArray(selector?.matchNames).filter((n): n is string => typeof n === 'string' && n !== ''))];
  if (names.length > 0) return { any: false, names, why: 'spec.namespaceSelector.matchNames' };
  return { any: false, names: [own], why: 'its own, as spec.namespaceSelector names none' };
}

/** Labels the Prometheus operator puts on the Services it creates for its Prometheus, Alertmanager and ThanosRuler resources. */
const OPERATOR_SERVICE_LABELS = new Set(['operated-prometheus', 'operated-alertmanager', 'operated-thanos-ruler', 'managed-by']);

const ALL = '\u0000all';

/**
 * The input never speaks for kube-system: the cluster's installer creates the Services and static
 * pods of the control plane and add-ons there (kube-prometheus monitors the scheduler, the
 * controller manager and CoreDNS in it), and the operator its own kubelet Service.
 */
const CLUSTER_NAMESPACE = 'kube-system';

/** The Service the API server keeps for itself in "default", by its labels. */
const API_SERVER_SERVICE = new LabeledIndex([{ item: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } }]);

/** Services by their metadata.labels, which a ServiceMonitor selects on. */
function serviceLabels(index: ObjectIndex, namespace: string | undefined): LabeledIndex<K8sObject> {
  return index.perNamespace(serviceLabels, namespace ?? ALL, () => {
    const services = namespace === undefined ? index.ofGroup('service') : index.ofGroupInNamespace('service', namespace);
    return new LabeledIndex(services.map((item) => ({ item, labels: item.labels })));
  });
}

/** What a monitor kind selects, and how to find it in the input. */
interface Targets {
  readonly noun: string;
  /** Whether the input holds any target in the namespace. */
  holds(index: ObjectIndex, namespace: string): boolean;
  /** The targets the selector matches in the namespace (undefined: in every namespace). */
  matching(index: ObjectIndex, namespace: string | undefined, selector: LabelSelector): K8sObject[];
  readonly fix: string;
}

const SERVICES: Targets = {
  noun: 'Service',
  holds: (index, ns) => index.ofGroupInNamespace('service', ns).length > 0,
  matching: (index, ns, selector) => serviceLabels(index, ns).matching(selector),
  fix: "make spec.selector match the Service's own metadata.labels (not the pod labels in its spec.selector)",
};

const PODS: Targets = {
  noun: 'pod',
  holds: (index, ns) => index.ofGroupInNamespace('workload', ns).length > 0,
  matching: (index, ns, selector) => (ns === undefined ? index.workloadsSelectedAnywhere(selector) : index.workloadsSelectedBy(ns, selector)),
  fix: "make spec.selector match the labels of the pod template (not the workload's own metadata.labels)",
};

export default defineCheck({
  id: 'prometheus-monitor-selects-nothing',
  title: 'Prometheus ServiceMonitor or PodMonitor selects nothing',
  severity: 'low',
  category: 'hygiene',
  target: 'prometheus-monitor',
  description:
    "The Prometheus operator scrapes the Services a ServiceMonitor selects by their metadata.labels, and the pods a PodMonitor selects, in the namespaces spec.namespaceSelector names (any: true for all of them, matchNames for a list, otherwise the monitor's own namespace). A selector that matches nothing there leaves the workload unmonitored without any error: its alerts never fire and its dashboards stay empty. Usual causes are selecting the pod labels (a Service's spec.selector) instead of the Service's own labels, and a monitor in the monitoring namespace without namespaceSelector. The input can only speak for namespaces it holds Services (for a PodMonitor, workloads) in, so the check stays silent when the namespaces looked at hold none, unless matching ones exist in another namespace; when a namespace looked at holds a custom resource from which an operator may create Services and pods (anything but a configuration resource such as a ServiceMonitor, an ExternalSecret or an Istio or Traefik route), as operators label those with labels of their own that the input cannot show (CloudNativePG's cnpg.io/cluster, Strimzi's strimzi.io/kind); and for monitors that look into kube-system (namespaceSelector any: true included), whose control-plane and add-on Services and pods the cluster installer creates, or select the API server's own Service in default. An empty selector selects everything and is not reported; an invalid one is left to the operator, which rejects it.",
  remediation:
    "Make spec.selector match the labels of the Service (for a PodMonitor, of the pod template) to scrape (kubectl get services -l <selector> -n <namespace> shows what it selects), and list that Service's namespace in spec.namespaceSelector.matchNames when the monitor lives elsewhere; delete monitors of workloads that are gone.",
  references: [
    { type: 'other', id: 'ServiceMonitor', title: 'Prometheus operator API: ServiceMonitor and PodMonitor', url: 'https://prometheus-operator.dev/docs/api-reference/api/' },
  ],
  run({ object, index, report }) {
    const selector = parseLabelSelector(getIn(object.body, 'spec', 'selector'));
    if (!selector.valid || isEmptySelector(selector)) return;
    const targets = object.kind === 'ServiceMonitor' ? SERVICES : PODS;
    let wanted: LabelSelector | undefined = selector;
    if (targets === SERVICES) {
      const keys = [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)];
      if (keys.some((k) => OPERATOR_SERVICE_LABELS.has(k))) return;
    } else {
      // Pod templates never carry the labels controllers add to pods.
      wanted = templateSelector(selector);
      if (wanted === undefined || isEmptySelector(wanted)) return;
    }
    const own = index.namespaceOf(object);
    const scope = scopeOf(object, own);
    // Every namespace includes kube-system, which the input never speaks for.
    if (scope.any || scope.names.includes(CLUSTER_NAMESPACE)) return;
    if (targets === SERVICES && scope.names.includes('default') && API_SERVER_SERVICE.some(wanted)) return;
    for (const ns of scope.names) {
      if (targets.matching(index, ns, wanted).length > 0) return;
      // Operators label the Services and pods they create with labels of their own.
      if (workloadCreatingResource(index, ns)) return;
    }
    const elsewhere = [...new Set(targets.matching(index, undefined, wanted).map((t) => index.namespaceOf(t)))].filter((ns) => !scope.names.includes(ns)).sort();
    if (elsewhere.length === 0 && !scope.names.some((ns) => targets.holds(index, ns))) return;
    const where = `in ${scope.names.length === 1 ? 'namespace' : 'namespaces'} ${quotedList(scope.names)} (${scope.why})`;
    const hint =
      elsewhere.length === 0
        ? ''
        : ` (matching ${targets.noun}s exist in ${elsewhere.length === 1 ? 'namespace' : 'namespaces'} ${quotedList(elsewhere)}: add ${elsewhere.length === 1 ? 'it' : 'them'} to spec.namespaceSelector.matchNames)`;
    report({
      path: ['spec', 'selector'],
      message: `${object.kind} "${object.name}" selects ${targets.noun}s with ${formatSelector(selector)} ${where}, but no ${targets.noun} of the input there matches, so Prometheus scrapes nothing for it${hint}; ${targets.fix}`,
    });
  },
});
