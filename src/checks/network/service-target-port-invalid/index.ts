import { k8sDocs } from '../../../core/references.js';
import { asRecord, recordsWithIndex } from '../../../k8s/access.js';
import { isHelmTestHook } from '../../../k8s/helm-test-hooks.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { mapSelector } from '../../../k8s/selectors.js';
import { describeContainer, podViewOf } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { describeObject, joinList, type ServicePort, servicePorts, servingPorts, workloadsSelected } from '../shared.js';

/** Why a string is not an IANA_SVC_NAME (as Kubernetes validates port names), or undefined. */
function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'is longer than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'may only contain lowercase letters, digits and "-"';
  if (!/[a-z]/.test(name)) return /^\d+$/.test(name) ? 'is a quoted number, which Kubernetes reads as a port name; write it unquoted' : 'must contain a letter';
  if (name.includes('--')) return 'must not contain "--"';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not start or end with "-"';
  return undefined;
}

/** Why a selected workload cannot serve a named targetPort, or undefined when one of its containers declares it. */
function unresolved(workload: K8sObject, name: string, protocol: string): string | undefined {
  const pod = podViewOf(workload);
  if (!pod) return undefined;
  const named = servingPorts(pod).filter((p) => p.name === name);
  if (named.some((p) => p.protocol === protocol)) return undefined;
  const other = named[0];
  if (other) return `${describeObject(workload)} declares "${name}" for ${other.protocol}, not ${protocol}`;
  const initOnly = pod.containers.find((c) => c.kind === 'initContainer' && recordsWithIndex(c.body.ports).some(({ record }) => record.name === name));
  if (initOnly) return `${describeObject(workload)} declares "${name}" only on ${describeContainer(initOnly)}, which serves no traffic`;
  return `${describeObject(workload)} declares no container port named "${name}"`;
}

function describePort(port: ServicePort): string {
  return port.port === undefined ? `spec.ports[${port.index}]` : `port ${port.port}`;
}

function selectedWorkloads(service: K8sObject, index: ObjectIndex): K8sObject[] {
  const spec = asRecord(service.body.spec);
  if (spec?.type === 'ExternalName') return [];
  const selector = mapSelector(spec?.selector);
  return workloadsSelected(index, index.namespaceOf(service), selector, service);
}

export default defineCheck({
  id: 'service-target-port-invalid',
  title: 'Service targetPort names no port of its pods',
  severity: 'medium',
  category: 'network',
  target: 'service',
  description:
    'A named targetPort resolves, pod by pod, to a container port with that name and the same protocol; pods that declare none get no traffic on that Service port, and a name that is not a valid port name (at most 15 lowercase letters, digits and "-", with a letter, no leading, trailing or double "-") is rejected by the API server. A quoted number is such an invalid name. A numeric targetPort works whether or not a container declares it (declaring ports is informational), so it is only reported when out of range. Names are checked against the selected workloads in the input (Helm test Pods left out: they run once and serve nothing); a Service whose pods are not in the input is only checked for syntax.',
  remediation:
    'Name the container port (ports[].name) exactly as the Service\'s targetPort, with the same protocol, in every workload the Service selects; or use the numeric container port as targetPort. Write numbers unquoted.',
  references: [
    k8sDocs('Service: port definitions', 'https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports'),
    { type: 'other', id: 'RFC 6335', title: 'RFC 6335 section 5.1: Service Name Syntax (IANA_SVC_NAME)', url: 'https://www.rfc-editor.org/rfc/rfc6335#section-5.1' },
  ],
  run({ object, index, report }) {
    // A Helm test Pod carries the chart's labels (helm create's does) but serves nothing: it runs once.
    const workloads = selectedWorkloads(object, index).filter((w) => !isHelmTestHook(w));
    for (const port of servicePorts(object)) {
      const target = port.targetPort;
      const path = [...port.path, 'targetPort'];
      if (typeof target === 'number') {
        if (target !== 0 && !(Number.isInteger(target) && target >= 1 && target <= 65535)) {
          report({ path, message: `targetPort ${target} of ${describePort(port)} is not a port number (1-65535)` });
        }
        continue;
      }
      if (target === undefined || target === '') continue;
      const problem = portNameProblem(target);
      if (problem) {
        report({ path, message: `targetPort "${target}" of ${describePort(port)} is not a valid port name: it ${problem}` });
        continue;
      }
      const reasons = [...new Set(workloads.flatMap((w) => unresolved(w, target, port.protocol) ?? []))];
      if (reasons.length > 0) {
        report({ path, message: `targetPort "${target}" of ${describePort(port)} does not resolve: ${joinList(reasons)}` });
      }
    }
  },
});
