import { z } from 'zod';
import { k8sDocs } from '../../../core/references.js';
import { asRecord, type JsonRecord } from '../../../k8s/access.js';
import { isNamespacedObject } from '../../../k8s/namespaced.js';
import { defineCheck } from '../../api.js';

const keys = (defaults: string[]) => z.array(z.string().min(1)).default(defaults);

type MetadataMap = 'labels' | 'annotations';

/** Required keys absent from metadata.labels or metadata.annotations (an empty value counts as present). */
function missingKeys(metadata: JsonRecord | undefined, field: MetadataMap, required: readonly string[]): Array<{ field: MetadataMap; key: string }> {
  const present = asRecord(metadata?.[field]) ?? {};
  return required.filter((key) => !Object.hasOwn(present, key)).map((key) => ({ field, key }));
}

export default defineCheck({
  id: 'missing-required-labels',
  title: 'Object lacks a required label or annotation',
  severity: 'info',
  category: 'hygiene',
  target: 'any',
  admission: true,
  enabledByDefault: false,
  description:
    'Labels and annotations that every object must carry (application, owner, team, contact) are how responders find who owns a workload during an incident, and how policies, network rules and cost reports select it; an object without them falls through those nets.',
  remediation:
    'Add the missing keys under metadata.labels or metadata.annotations; configure the required keys with the labels and annotations parameters of this check.',
  references: [
    k8sDocs('Recommended Labels', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/'),
    k8sDocs('Labels and Selectors', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/'),
  ],
  params: z.object({ labels: keys(['app.kubernetes.io/name']), annotations: keys([]) }).strict(),
  run({ object, index, params, report }) {
    if (!isNamespacedObject(object, index)) return;
    const metadata = asRecord(object.body.metadata);
    const missing = [...missingKeys(metadata, 'labels', params.labels), ...missingKeys(metadata, 'annotations', params.annotations)];
    for (const { field, key } of missing) {
      report({ path: ['metadata', field, key], message: `${object.kind} "${object.name}" lacks the required ${field === 'labels' ? 'label' : 'annotation'} ${key}` });
    }
  },
});
