import { k8sDocs } from '../../../core/references.js';
import { asArray, asBoolean, asRecord, asString, type JsonRecord, recordsWithIndex } from '../../../k8s/access.js';
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

/** Names in each namespace, and in every namespace. */
interface NameSet {
  readonly byNamespace: Map<string, Set<string>>;
  readonly everywhere: Set<string>;
}

interface Produced {
  /** Secrets an operator writes, so their keys are its to decide. */
  readonly secrets: NameSet;
  /** Own names of other custom resources, which an operator may give an object it creates. */
  readonly resources: NameSet;
}

function nameSet(): NameSet & { add(ns: string, name: string): void } {
  const byNamespace = new Map<string, Set<string>>();
  return {
    byNamespace,
    everywhere: new Set(),
    add(ns, name) {
      let names = byNamespace.get(ns);
      if (!names) byNamespace.set(ns, (names = new Set()));
      names.add(name);
    },
  };
}

const has = (set: NameSet, namespace: string, name: string): boolean => set.everywhere.has(name) || set.byNamespace.get(namespace)?.has(name) === true;

/** Custom resources that create a Secret of their own name unless they name another. */
const SECRET_PRODUCERS: ReadonlySet<string> = new Set(['bitnami.com/SealedSecret', 'external-secrets.io/ExternalSecret']);

/**
 * The Secrets that objects other than Secrets make or fill in, in each namespace: the one named in
 * spec.secretName (cert-manager's Certificate), spec.target.name (ExternalSecret, whose
 * creationPolicy Merge fills a Secret that already exists), spec.template.metadata.name
 * (SealedSecret) or spec.destination.name (the Vault Secrets Operator's VaultStaticSecret,
 * VaultDynamicSecret and VaultPKISecret), and the own name of a SealedSecret or ExternalSecret. A
 * ClusterExternalSecret creates an ExternalSecret in the namespaces it selects, by labels the input
 * may not show: its Secret counts in the namespaces of spec.namespaces when it names only those,
 * otherwise in every namespace. Besides, any other custom resource may make an object of its own
 * name (an operator's resource): that name is not reported missing, but its keys are checked.
 */
function producedNames(index: ObjectIndex): Produced {
  return index.perNamespace(producedNames, '', () => {
    const secrets = nameSet();
    const resources = nameSet();
    for (const o of index.objects) {
      if (!o.group.includes('.') || o.group.endsWith('k8s.io') || isWorkload(o)) continue;
      const spec = asRecord(o.body.spec);
      if (o.kind === 'ClusterExternalSecret' && o.group === 'external-secrets.io') {
        const externalSecret = asString(spec?.externalSecretName) ?? o.name;
        const name = asString(asRecord(asRecord(spec?.externalSecretSpec)?.target)?.name) ?? externalSecret;
        const listed = asArray(spec?.namespaces).filter((n): n is string => typeof n === 'string');
        const selects = spec?.namespaceSelector !== undefined || asArray(spec?.namespaceSelectors).length > 0;
        if (listed.length > 0 && !selects) for (const ns of listed) secrets.add(ns, name);
        else secrets.everywhere.add(name);
        continue;
      }
      const ns = index.namespaceOf(o);
      (SECRET_PRODUCERS.has(`${o.group}/${o.kind}`) ? secrets : resources).add(ns, o.name);
      for (const n of [spec?.secretName, asRecord(spec?.target)?.name, asRecord(asRecord(spec?.template)?.metadata)?.name, asRecord(spec?.destination)?.name]) {
        if (typeof n === 'string') secrets.add(ns, n);
      }
    }
    return { secrets, resources };
  });
}

/** The keys the token controller writes into a Secret of type kubernetes.io/service-account-token. */
const SERVICE_ACCOUNT_TOKEN_KEYS = ['token', 'ca.crt', 'namespace'];

/**
 * The keys an object of the input offers to environment variables: a Secret's stringData lands in
 * data, and the token controller fills a service account token Secret with token, ca.crt and namespace.
 */
function keysOf(object: K8sObject, source: Source): Set<string> {
  const keys = new Set(Object.keys(asRecord(object.body.data) ?? {}));
  if (source === SECRET) {
    for (const k of Object.keys(asRecord(object.body.stringData) ?? {})) keys.add(k);
    if (object.body.type === 'kubernetes.io/service-account-token') for (const k of SERVICE_ACCOUNT_TOKEN_KEYS) keys.add(k);
  }
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
    "When a container's env[].valueFrom.secretKeyRef or configMapKeyRef, or its envFrom[].secretRef or configMapRef, names a Secret or ConfigMap that does not exist in the pod's namespace, or a key the object lacks, the kubelet cannot build the container's environment and refuses to start it (CreateContainerConfigError, \"couldn't find key\"): the pod stays pending until someone creates the object, and whoever creates one of that name decides what the process reads. Usually a typo, a wrong namespace, a key renamed on one side only, or a manifest missing from the set. References marked optional: true are skipped by the kubelet and not reported. A missing object is reported only when the input speaks for the namespace, by holding some Secret (or ConfigMap) there, or one of that name in another namespace: a workload scanned without its namespace's Secrets is not reported. A name that a custom resource may create or fill in (a SealedSecret or ExternalSecret of that name, an ExternalSecret's spec.target.name, creationPolicy Merge included, a cert-manager Certificate's spec.secretName, a Vault Secrets Operator resource's spec.destination.name, the Secret of a ClusterExternalSecret) is reported neither as missing nor as lacking a key, as the input does not show what the operator writes; the own name of any other custom resource (an operator's resource may make an object of its name) is not reported missing, but the keys of a Secret or ConfigMap of that name in the input are checked. The kube-root-ca.crt ConfigMap exists in every namespace with the one key ca.crt, so only another key of it is reported; a Secret of type kubernetes.io/service-account-token has the keys token, ca.crt and namespace, which the token controller fills in. Off by default: Secrets are routinely kept out of the manifests on purpose (created with kubectl, by a secret generator, a Job, or an operator the input does not show), so on real projects most missing Secrets are intended; enable it where the input is meant to be complete. A key of a ConfigMap is looked up in data only: the kubelet does not read binaryData into environment variables.",
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
      if (source === CONFIG_MAP && name === ROOT_CA.name) {
        // The publisher keeps exactly this one key in it, whatever the input says.
        if (key === undefined || key === ROOT_CA.key) return;
        report({
          path: [...path, 'key'],
          message: `${what} ConfigMap "${name}", which holds only the key "${ROOT_CA.key}" (kube-controller-manager publishes it in every namespace with the cluster's root CA and nothing else); the kubelet will not start the container (couldn't find key): read key "${ROOT_CA.key}"`,
        });
        return;
      }
      const produced = producedNames(index);
      // An operator makes or fills this Secret: the input shows neither whether it exists nor its keys.
      if (source === SECRET && has(produced.secrets, namespace, name)) return;
      const objects = index.named(source.group, namespace, name);
      if (objects.length === 0) {
        // A custom resource of this name may make the object; what it writes, the input does not show.
        if (has(produced.resources, namespace, name) || has(produced.secrets, namespace, name)) return;
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
