import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord, asString, getIn, type JsonRecord, recordsWithIndex } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { quantityValue } from '../../workload/resources.js';

/**
 * What is wrong with a claim template's storage request, or undefined when it asks for more than
 * zero. The API server requires the key and a positive quantity, and a null value decodes to zero.
 * A string that is no quantity ("", "10 GB") fails decoding on any version: schema validation reports it.
 */
function storageProblem(requests: JsonRecord | undefined, storage: unknown): string | undefined {
  if (requests === undefined || !Object.hasOwn(requests, 'storage')) return 'requests no storage (spec.resources.requests.storage is not set)';
  if (storage === null) return 'leaves spec.resources.requests.storage empty (null, which the API server reads as zero)';
  const amount = quantityValue(storage);
  if (amount !== undefined && amount <= 0) return `requests a storage of ${JSON.stringify(storage)} (spec.resources.requests.storage)`;
  return undefined;
}

export default defineCheck({
  id: 'statefulset-volume-claim-incomplete',
  title: 'StatefulSet volume claim template lacks access modes or a storage request',
  severity: 'low',
  category: 'hygiene',
  target: 'stateful-set',
  admission: true,
  enabledByDefault: false,
  description:
    "Every PersistentVolumeClaim needs at least one access mode and a storage request (spec.resources.requests.storage) of more than zero: a request of 0, or left empty (storage: with no value, as a Helm template renders an unset value), is refused like a missing one. The StatefulSet controller creates one claim per pod from each of spec.volumeClaimTemplates: before Kubernetes 1.34 the API server accepted a template without them, and the controller then failed to create the claim, so the StatefulSet's pods were never created and only events said why. From 1.34 the API server validates the templates as claims and rejects such a StatefulSet on creation. The API schema does not mark these fields required, so schema validation does not report them. Off by default: from 1.34 the deploy fails loudly anyway, and some operators deliberately pre-create the claims of older clusters.",
  remediation:
    'Give each volume claim template spec.accessModes (usually [ReadWriteOnce], or [ReadWriteOncePod]: each pod gets a claim of its own) and spec.resources.requests.storage (e.g. 10Gi). volumeClaimTemplates cannot be changed later: recreate the StatefulSet (kubectl delete --cascade=orphan keeps the pods and claims).',
  references: [
    k8sDocs('StatefulSets: volume claim templates', 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates'),
    k8sDocs('Persistent Volumes: access modes', 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes'),
  ],
  run({ object, report }) {
    for (const { record, index } of recordsWithIndex(getIn(object.body, 'spec', 'volumeClaimTemplates'))) {
      const name = asString(getIn(record, 'metadata', 'name')) ?? `#${index}`;
      const base = ['spec', 'volumeClaimTemplates', index, 'spec'];
      const spec = asRecord(record.spec);
      if (asArray(spec?.accessModes).length === 0) {
        report({
          path: [...base, 'accessModes'],
          message: `StatefulSet "${object.name}" volume claim template "${name}" sets no spec.accessModes, which a PersistentVolumeClaim requires: the API server rejects the StatefulSet from Kubernetes 1.34, and before that no claim and no pod is ever created; add accessModes: [ReadWriteOnce]`,
        });
      }
      const requests = asRecord(getIn(spec, 'resources', 'requests'));
      const problem = storageProblem(requests, requests?.storage);
      if (problem !== undefined) {
        report({
          path: [...base, 'resources', 'requests', 'storage'],
          message: `StatefulSet "${object.name}" volume claim template "${name}" ${problem}, but a PersistentVolumeClaim must request more than zero storage: the API server rejects the StatefulSet from Kubernetes 1.34, and before that no claim and no pod is ever created; request the size the pods need (e.g. storage: 10Gi)`,
        });
      }
    }
  },
});
