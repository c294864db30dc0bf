import { cis, k8sDocs, nsa } from '../../../core/references.js';
import { isNamespacedObject } from '../../../k8s/namespaced.js';
import { defineCheck } from '../../api.js';

/**
 * Objects Kubernetes itself creates in the default namespace (its default ServiceAccount, and the
 * Service and Endpoints of the API server): a manifest that configures them cannot put them elsewhere.
 */
const BUILT_IN_DEFAULT: Readonly<Record<string, string>> = { ServiceAccount: 'default', Service: 'kubernetes', Endpoints: 'kubernetes' };

export default defineCheck({
  id: 'default-namespace',
  title: 'Object is placed in the default namespace',
  severity: 'low',
  category: 'hygiene',
  target: 'any',
  admission: true,
  description:
    'Objects in the default namespace, or without a namespace (they land wherever the current kubectl context points, usually default), share one administrative boundary with everything else put there by mistake, so RBAC, network policies, quotas and Pod Security admission cannot be scoped to the application. Objects Kubernetes itself keeps there are not reported: the ServiceAccount named default (every namespace has one, so without a namespace it configures that of the namespace it is applied to), and the kubernetes Service and Endpoints of the API server in default. The objects of a chart rendered with --helm-namespace that name no namespace are installed by helm into that namespace, and are only reported when it is default.',
  remediation: 'Create a dedicated namespace for the application and set metadata.namespace on every namespaced object.',
  references: [
    cis('5.6.4', 'The default namespace should not be used'),
    cis('5.6.1', 'Create administrative boundaries between resources using namespaces'),
    nsa('Network separation and hardening: Namespaces'),
    k8sDocs('Namespaces', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'),
  ],
  run({ object, index, report }) {
    const namespace = object.namespace;
    // helm installs the objects of a chart that name no namespace into the release's (--helm-namespace).
    const release = object.source.releaseNamespace;
    const landsIn = namespace ?? release;
    if ((landsIn !== undefined && landsIn !== 'default') || !isNamespacedObject(object, index)) return;
    if (object.group === '' && Object.hasOwn(BUILT_IN_DEFAULT, object.kind) && BUILT_IN_DEFAULT[object.kind] === object.name) {
      // Every namespace has a ServiceAccount "default": without a namespace, this configures that of
      // the namespace it is applied to. The API server's Service and Endpoints live in default only.
      if (landsIn === 'default' || object.kind === 'ServiceAccount') return;
    }
    report({
      path: ['metadata', 'namespace'],
      message:
        namespace !== undefined
          ? `${object.kind} "${object.name}" is in the default namespace`
          : release !== undefined
            ? `${object.kind} "${object.name}" sets no metadata.namespace, so helm installs it into the release namespace, default (--helm-namespace default)`
            : `${object.kind} "${object.name}" sets no metadata.namespace, so it lands in the namespace of the current kubectl context (usually default)`,
    });
  },
});
