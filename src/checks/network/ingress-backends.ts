import type { Path } from '../../core/path.js';
import { asNumber, asRecord, asString, getIn, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';

/** A backend Service reference, in the networking.k8s.io/v1 shape or the older serviceName/servicePort one. */
export interface BackendRef {
  readonly name: string;
  readonly namePath: Path;
  readonly port: { readonly value: number | string; readonly path: Path } | undefined;
}

function portOf(value: unknown, path: Path): BackendRef['port'] {
  const number = asNumber(value);
  if (number !== undefined) return { value: number, path };
  const name = asString(value);
  return name ? { value: name, path } : undefined;
}

function backendRef(value: unknown, path: Path): BackendRef | undefined {
  const backend = asRecord(value);
  const service = asRecord(backend?.service);
  const name = asString(service?.name);
  if (service && name) {
    const port = asRecord(service.port);
    const portPath = [...path, 'service', 'port'];
    return { name, namePath: [...path, 'service', 'name'], port: portOf(port?.number, [...portPath, 'number']) ?? portOf(port?.name, [...portPath, 'name']) };
  }
  const legacyName = asString(backend?.serviceName);
  if (!legacyName) return undefined; // a resource backend, or no backend at all
  return { name: legacyName, namePath: [...path, 'serviceName'], port: portOf(backend?.servicePort, [...path, 'servicePort']) };
}

/** Every Service backend: the default backend (v1 and legacy field) and each rule path's backend. */
export function backendRefs(ingress: K8sObject): BackendRef[] {
  const spec = asRecord(ingress.body.spec);
  const refs = [backendRef(spec?.defaultBackend, ['spec', 'defaultBackend']), backendRef(spec?.backend, ['spec', 'backend'])];
  for (const { record: rule, index: i } of recordsWithIndex(spec?.rules)) {
    for (const { record: entry, index: j } of recordsWithIndex(getIn(rule, 'http', 'paths'))) {
      refs.push(backendRef(entry.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
    }
  }
  return refs.filter((r) => r !== undefined);
}
