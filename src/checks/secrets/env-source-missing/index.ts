import { k8sDocs } from '../../../core/references.js';
import { asBoolean, asRecord, asString, type JsonRecord, recordsWithIndex } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { describeContainer, isWorkload } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { quotedList } from '../../network/shared.js';

type Source = { readonly group: 'secret' | 'config-map'; readonly kind: 'Secret' | 'ConfigMap' };
const SECRET: Source = { group: 'secret', kind: 'Secret' };
const CONFIG_MAP: Source = { group: 'config-map', kind: 'ConfigMap' };

// Every namespace gets this ConfigMap from the root CA publisher of kube-controller-manager.
const ROOT_CA = { name: 'kube-root-ca.crt', key: 'ca.crt' };

/**
 * Names that objects other than Secrets and ConfigMaps may make in each namespace: custom resources
 * (SealedSecret, ExternalSecret, a Vault or an operator's resource) commonly create a Secret of their
 * own name, or of the name they give in spec.secretName (cert-manager's Certificate),
 * spec.target.name (ExternalSecret) or spec.template.metadata.name (SealedSecret).
 */
function producedNames(index: ObjectIndex): Map<string, Set<string>> {
  return index.perNamespace(producedNames, '', () => {
    const byNamespace = new Map<string, Set<string>>();
    for (const o of index.objects) {
      if (!o.group.includes('.') || o.group.endsWith('k8s.io') || isWorkload(o)) continue;
      const ns = index.namespaceOf(o);
      let names = byNamespace.get(ns);
      if (!names) byNamespace.set(ns, (names = new Set()));
      names.add(o.name);
      const spec = asRecord(o.body.spec);
      for (const n of [spec?.secretName, asRecord(spec?.target)?.name, asRecord(asRecord(spec?.template)?.metadata)?.name]) {
        if (typeof n === 'string') names.add(n);
      }
    }
    return byNamespace;
  });
}

/** The keys an object of the input offers to environment variables (a Secret's stringData lands in data). */
function keysOf(object: K8sObject, source: Source): Set<string> {
  const keys = new Set(Object.keys(asRecord(object.body.data) ?? {}));
  if (source === SECRET) for (const k of Object.keys(asRecord(object.body.stringData) ?? {})) keys.add(k);
  return keys;
}

function inBinaryData(objects: readonly K8sObject[], key: string): boolean {
  return objects.some((o) => Object.hasOwn(asRecord(o.body.binaryData) ?? {}, key));
}

export default defineCheck({
  id: 'env-source-missing',
  title: 'Environment variable reads a Secret, ConfigMap or key that is not defined',
  severity: 'medium',
  category: 'secrets',
  target: 'workload',
  enabledByDefault: false,
  description:
    "When a container's env[].valueFrom.secretKeyRef or configMapKeyRef, or its envFrom[].secretRef or configMapRef, names a Secret or ConfigMap that does not exist in the pod's namespace, or a key the object lacks, the kubelet cannot build the container's environment and refuses to start it (CreateContainerConfigError, \"couldn't find key\"): the pod stays pending until someone creates the object, and whoever creates one of that name decides what the process reads. Usually a typo, a wrong namespace, a key renamed on one side only, or a manifest missing from the set. References marked optional: true are skipped by the kubelet and not reported. A missing object is reported only when the input speaks for the namespace, by holding some Secret (or ConfigMap) there, or one of that name in another namespace: a workload scanned without its namespace's Secrets is not reported. A name that a custom resource of the namespace may create (a SealedSecret or ExternalSecret of that name, a cert-manager Certificate's spec.secretName) is not reported either, nor the kube-root-ca.crt ConfigMap every namespace has. Off by default: Secrets are routinely kept out of the manifests on purpose (created with kubectl, by a secret generator, a Job, or an operator the input does not show), so on real projects most missing Secrets are intended; enable it where the input is meant to be complete. A key of a ConfigMap is looked up in data only: the kubelet does not read binaryData into environment variables.",
  remediation:
    'Define the Secret or ConfigMap, with the key, in the pod\'s namespace alongside the workload; or correct the name or key; or, when the variable is genuinely optional, mark the reference `optional: true`.',
  references: [
    k8sDocs('Define container environment variables using Secret data', 'https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#define-container-environment-variables-using-secret-data'),
    k8sDocs('Configure a Pod to use a ConfigMap', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#define-container-environment-variables-using-configmap-data'),
    k8sDocs('Optional Secrets', 'https://kubernetes.io/docs/concepts/configuration/secret/#restriction-secret-must-exist'),
  ],
  run({ object, pod, index, report }) {
    const namespace = index.namespaceOf(object);
    const check = (source: Source, ref: JsonRecord, key: string | undefined, path: readonly (string | number)[], what: string): void => {
      const name = asString(ref.name);
      if (!name || asBoolean(ref.optional) === true) return;
      if (source === CONFIG_MAP && name === ROOT_CA.name && (key === undefined || key === ROOT_CA.key)) return;
      const objects = index.named(source.group, namespace, name);
      if (objects.length === 0) {
        if (producedNames(index).get(namespace)?.has(name)) return;
        const missing = index.absentReferent(source.group, namespace, name);
        if (!missing) return;
        const { elsewhere } = missing;
        const hint =
          elsewhere.length === 0
            ? `, although the input defines other ${source.kind}s there`
            : ` (one of that name exists in ${elsewhere.length === 1 ? 'namespace' : 'namespaces'} ${quotedList(elsewhere)}, but a pod reads only its own namespace's)`;
        report({
          path,
          message: `${what} ${source.kind} "${name}", which is not defined in namespace "${namespace}"${hint}; the kubelet will not start the container (CreateContainerConfigError): define it, correct the name, or mark the reference optional: true`,
        });
        return;
      }
      if (key === undefined) return;
      // A base and its overlay may both be in the input: the key is there if one of them has it.
      if (objects.some((o) => keysOf(o, source).has(key))) return;
      const binary = source === CONFIG_MAP && inBinaryData(objects, key) ? ' (it is in binaryData, which the kubelet does not read into environment variables)' : '';
      report({
        path: [...path, 'key'],
        message: `${what} ${source.kind} "${name}", which has no such key${binary}; the kubelet will not start the container (couldn't find key): add the key, correct it, or mark the reference optional: true`,
      });
    };
    for (const c of pod.containers) {
      for (const { record: env, index: i } of recordsWithIndex(c.body.env)) {
        const valueFrom = asRecord(env.valueFrom);
        const variable = asString(env.name) ?? `#${i}`;
        for (const [field, source] of [['secretKeyRef', SECRET], ['configMapKeyRef', CONFIG_MAP]] as const) {
          const ref = asRecord(valueFrom?.[field]);
          const key = asString(ref?.key);
          if (ref && key !== undefined) {
            check(source, ref, key, [...c.path, 'env', i, 'valueFrom', field], `${describeContainer(c)} reads environment variable ${variable} from key "${key}" of`);
          }
        }
      }
      for (const { record: from, index: i } of recordsWithIndex(c.body.envFrom)) {
        for (const [field, source] of [['secretRef', SECRET], ['configMapRef', CONFIG_MAP]] as const) {
          const ref = asRecord(from[field]);
          if (ref) check(source, ref, undefined, [...c.path, 'envFrom', i, field], `${describeContainer(c)} imports its environment from`);
        }
      }
    }
  },
});
