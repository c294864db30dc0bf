import { k8sDocs } from '../../../core/references.js';
import { asRecord, asString, getIn } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { defineCheck } from '../../api.js';
import { renderedNamespaceHint } from '../../rendered-namespace.js';
import { type BackendRef, backendRefs } from '../ingress-backends.js';
import { joinList, quotedList, type ServicePort, servicePorts } from '../shared.js';

/** Why the Service lacks the backend's port, or undefined when it has it (or the port cannot be checked). */
function missingPort(service: K8sObject, port: number | string): string | undefined {
  if (asRecord(service.body.spec)?.type === 'ExternalName') return undefined;
  const ports = servicePorts(service);
  if (ports.length === 0) return undefined;
  if (typeof port === 'number') {
    if (ports.some((p) => p.port === port)) return undefined;
    const numbers = ports.flatMap((p) => (p.port === undefined ? [] : [String(p.port)]));
    return `backend port ${port} is not a port of Service "${service.name}" (it has ${joinList(numbers)})`;
  }
  if (ports.some((p) => p.name === port)) return undefined;
  const names = ports.flatMap((p) => (p.name === undefined ? [] : [p.name]));
  return `backend port "${port}" is not a port name of Service "${service.name}"${names.length > 0 ? ` (it has ${quotedList(names)})` : ' (its ports are unnamed)'}`;
}

/** The port problem of a backend whose Service the input defines (maybe more than once, as a base and an overlay: any definition counts). */
function portProblem(services: readonly K8sObject[], port: BackendRef['port']): string | undefined {
  if (port === undefined) return undefined;
  const problems = services.map((s) => missingPort(s, port.value));
  return problems.every((p) => p !== undefined) ? problems[0] : undefined;
}

/** The controller ingress-nginx registers for its IngressClass. */
const INGRESS_NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

/**
 * Whether ingress-nginx serves the Ingress: its class (spec.ingressClassName or the older
 * kubernetes.io/ingress.class annotation; the API server refuses both at once) is an IngressClass
 * of the input whose controller is ingress-nginx, or, when the input has no IngressClass of that
 * name, is called "nginx" (the chart's default); an Ingress without a class goes to the input's
 * default IngressClass.
 */
function servedByIngressNginx(ingress: K8sObject, index: ObjectIndex): boolean {
  const classes = index.objects.filter((o) => o.kind === 'IngressClass' && o.group === 'networking.k8s.io');
  const controller = (c: K8sObject) => asString(getIn(c.body, 'spec', 'controller'));
  const name = asString(getIn(ingress.body, 'spec', 'ingressClassName')) ?? ingress.annotations['kubernetes.io/ingress.class'];
  if (name === undefined) return classes.some((c) => c.annotations['ingressclass.kubernetes.io/is-default-class'] === 'true' && controller(c) === INGRESS_NGINX_CONTROLLER);
  const declared = classes.find((c) => c.name === name);
  return declared ? controller(declared) === INGRESS_NGINX_CONTROLLER : name === 'nginx';
}

/**
 * The Service port ingress-nginx picks for a backend port the Service does not have: it also
 * compares the backend port with each port's targetPort (as text, so a number with a numeric
 * targetPort and a name with a named one).
 */
function ingressNginxTarget(services: readonly K8sObject[], port: number | string): { service: K8sObject; port: ServicePort } | undefined {
  for (const service of services) {
    const match = servicePorts(service).find((p) => p.targetPort !== undefined && String(p.targetPort) === String(port));
    if (match) return { service, port: match };
  }
  return undefined;
}

export default defineCheck({
  id: 'ingress-backend-missing',
  title: 'Ingress backend Service or port is not defined',
  severity: 'medium',
  category: 'network',
  target: 'ingress',
  description:
    'An Ingress backend must name a Service, and a port of it, in the Ingress\'s own namespace. When it does not, requests for that host and path fail, and whoever later creates a Service of that name in the namespace receives the Ingress\'s traffic. Both the networking.k8s.io/v1 (service.name, service.port) and the legacy (serviceName, servicePort) shapes are read. A backend port that matches only the targetPort of a Service port is reported at low severity when ingress-nginx serves the Ingress (class nginx, or an IngressClass of the input whose controller is k8s.io/ingress-nginx): that controller routes it anyway (as Azure\'s Application Gateway controller does), but the Ingress API names Service ports, so it breaks on most other controllers. The input speaks for a namespace only when it holds Services there; otherwise the check stays silent unless a Service of that name exists in another namespace.',
  remediation:
    'Point the backend at a Service of the Ingress\'s namespace and at one of its ports (by number or by its name), or create the missing Service; an Ingress cannot route to a Service in another namespace (use an ExternalName Service or a Gateway API route for that).',
  references: [k8sDocs('Ingress', 'https://kubernetes.io/docs/concepts/services-networking/ingress/')],
  run({ object, index, report }) {
    const namespace = index.namespaceOf(object);
    for (const ref of backendRefs(object)) {
      const services = index.named('service', namespace, ref.name);
      if (services.length > 0) {
        const problem = portProblem(services, ref.port);
        if (!problem || !ref.port) continue;
        const target = servedByIngressNginx(object, index) ? ingressNginxTarget(services, ref.port.value) : undefined;
        if (target) {
          const shown = typeof ref.port.value === 'number' ? String(ref.port.value) : `"${ref.port.value}"`;
          const servicePort = target.port.name === undefined ? `port ${target.port.port ?? '?'}` : `port ${target.port.port ?? '?'} ("${target.port.name}")`;
          const fix = target.port.name === undefined ? `number: ${target.port.port ?? '?'}` : `name: ${target.port.name} or number: ${target.port.port ?? '?'}`;
          report({
            path: ref.port.path,
            severity: 'low',
            message: `backend port ${shown} is the targetPort of Service "${target.service.name}" ${servicePort}, not one of its ports: this works only on controllers that also match targetPorts, such as ingress-nginx and Azure's Application Gateway controller, and does not follow the Ingress API (other controllers, or a change of class, make requests for this path fail); use ${fix}`,
          });
          continue;
        }
        report({ path: ref.port.path, message: problem });
        continue;
      }
      const missing = index.absentReferent('service', namespace, ref.name);
      if (!missing) continue;
      const { elsewhere } = missing;
      const where = elsewhere.length === 1 ? 'namespace' : 'namespaces';
      const hint =
        elsewhere.length === 0
          ? ''
          : ` (a Service of that name exists in ${where} ${quotedList(elsewhere)}, but an Ingress only routes to Services of its own namespace${renderedNamespaceHint(object, namespace, elsewhere)})`;
      report({ path: ref.namePath, message: `backend Service "${ref.name}" is not defined in namespace "${namespace}"${hint}` });
    }
  },
});
